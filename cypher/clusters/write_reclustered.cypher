// Writes what reclustering an affected set changed (graph/clusters/ingest.py write_reclustered) in one statement, in the order a recompute writes it (clusters/upsert, clusters/assign, clusters/delete): the clusters whose digest changed, then the tips whose cluster changed, then the clusters left without members (a cluster exists before tips point at it, and goes only once none does).
// mode: write
// params: clusters, assignments, stale
// returns: written
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
CALL () {
  UNWIND $clusters AS row
  MERGE (c:Cluster {id: row.id})
  SET c += row.props
}
CALL () {
  UNWIND $assignments AS row
  MATCH (t:Tip {id: row.tipId})
  SET t.clusterId = row.clusterId
}
CALL () {
  UNWIND $stale AS id
  MATCH (c:Cluster {id: id})
  DETACH DELETE c
}
RETURN size($clusters) + size($assignments) + size($stale) AS written
