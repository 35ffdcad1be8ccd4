// Gives a stored cluster another id, its members' cluster ids with it (tests: a cluster stored under the id a recluster would otherwise give a new one).
// mode: write
// params: fromId, toId
// returns: renamed
MATCH (c:Cluster {id: $fromId})
SET c.id = $toId
WITH c
MATCH (t:Tip {clusterId: $fromId})
SET t.clusterId = $toId
RETURN count(t) AS renamed
