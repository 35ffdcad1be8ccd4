// The plain writer's other nodes of a batch (clusters, content clusters, incidents and its audit event), one MERGE each by label and id (benchmarks only: the ingest floor).
// mode: write
// params: nodes
// returns: written
UNWIND $nodes AS row
CALL (row) {
  WITH row WHERE row.label = 'Cluster'
  MERGE (c:Cluster {id: row.props.id}) SET c = row.props
  RETURN c AS node
  UNION
  WITH row WHERE row.label = 'ContentCluster'
  MERGE (c:ContentCluster {id: row.props.id}) SET c = row.props
  RETURN c AS node
  UNION
  WITH row WHERE row.label = 'Incident'
  MERGE (i:Incident {id: row.props.id}) SET i = row.props
  RETURN i AS node
  UNION
  WITH row WHERE row.label = 'AuditEvent'
  MERGE (e:AuditEvent {id: row.props.id}) SET e = row.props
  RETURN e AS node
}
RETURN count(node) AS written
