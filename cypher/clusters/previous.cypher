// Every tip's current cluster id, for the next recompute to keep ids stable.
// mode: read
// returns: tipId, clusterId
MATCH (t:Tip)
WHERE t.clusterId IS NOT NULL
RETURN t.id AS tipId, t.clusterId AS clusterId
