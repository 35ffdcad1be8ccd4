// The bulk load's Cluster nodes as it created them before: each row's updatedAt inside its props, packed by the driver row by row (bench.load_writes only; bulkload/create_clusters passes it once).
// mode: write
// params: clusters
// returns: written
UNWIND $clusters AS row
CREATE (c:Cluster {id: row.id})
SET c += row.props
RETURN count(c) AS written
