// The clusters holding a tip that carries one of some identifiers: their stored aggregates (specificities, spreads, glue) move when these identifiers' counts do.
// mode: read
// params: uids
// returns: id
UNWIND $uids AS uid
MATCH (:Identifier {uid: uid})<-[:HAS]-(t:Tip)
WHERE t.clusterId IS NOT NULL
RETURN DISTINCT t.clusterId AS id
