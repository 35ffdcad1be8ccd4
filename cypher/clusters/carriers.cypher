// The tips carrying some identifiers whose generic mark changed, with their stored cluster: every carrier while the identifier may link (its tip count within the linking cap), else only the clustered ones (a value that common never links, so only the clusters it glued can change).
// mode: read
// params: uids, linkingCap
// returns: tipId, clusterId
UNWIND $uids AS uid
MATCH (n:Identifier {uid: uid})<-[:HAS]-(t:Tip)
WHERE t.clusterId IS NOT NULL OR n.tipCount <= $linkingCap
RETURN DISTINCT t.id AS tipId, t.clusterId AS clusterId
