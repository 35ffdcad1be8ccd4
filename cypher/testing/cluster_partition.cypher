// Every stored cluster with its stored aggregates and its member tip ids (id order), and under a null cluster the tips whose clusterId names no stored cluster: for tests only.
// mode: read
// returns: cluster, members
MATCH (c:Cluster)
OPTIONAL MATCH (t:Tip {clusterId: c.id})
WITH c, t
ORDER BY t.id
RETURN c {.id, .kind, .size, .evidence, .bridges, .digest} AS cluster, collect(t.id) AS members
UNION ALL
MATCH (t:Tip)
WHERE t.clusterId IS NOT NULL AND NOT EXISTS { MATCH (:Cluster {id: t.clusterId}) }
RETURN null AS cluster, collect(t.id) AS members
