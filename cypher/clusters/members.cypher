// The member tip ids of some clusters, each cluster's in id order (a cluster without members is absent).
// mode: read
// params: ids
// returns: id, tips
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
UNWIND $ids AS id
MATCH (t:Tip {clusterId: id})
WITH id, t.id AS tipId
ORDER BY tipId
RETURN id, collect(tipId) AS tips
