// Moves every tip of merged clusters into the cluster they joined, and drops the merged clusters.
// mode: write
// params: merges
// returns: moved
UNWIND $merges AS merge
OPTIONAL MATCH (c:Cluster {id: merge.from})
DETACH DELETE c
WITH merge
MATCH (t:Tip {clusterId: merge.from})
SET t.clusterId = merge.to
RETURN count(t) AS moved
