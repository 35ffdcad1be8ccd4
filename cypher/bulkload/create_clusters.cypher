// Creates a batch of clusters (size two or more) in a store that holds none (the bulk load's): what clusters/upsert writes there, without looking for a cluster to update first. Every cluster of the batch gets the one moment $updatedAt (a recompute stamps all it writes with its own), passed once rather than packed into every row.
// mode: write
// params: clusters, updatedAt
// returns: written
UNWIND $clusters AS row
CREATE (c:Cluster {id: row.id})
SET c += row.props, c.updatedAt = $updatedAt
RETURN count(c) AS written
