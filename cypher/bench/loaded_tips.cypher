// Every tip's cluster id and list properties, and every cluster with its properties, to check that ways of running a load's server phases leave the same store (bench.load_server only).
// mode: read
// returns: tips, clusters
MATCH (t:Tip)
WITH t ORDER BY t.id
WITH collect([t.id, t.clusterId, t.annotations, t.labels, t.referredTo]) AS tips
CALL () {
  MATCH (c:Cluster)
  WITH c ORDER BY c.id
  RETURN collect(properties(c)) AS clusters
}
RETURN tips, clusters
