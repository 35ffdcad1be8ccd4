// Creates a batch of clusters (size two or more) in a store that holds none (the bulk load's): what clusters/upsert writes there, without looking for a cluster to update first.
// mode: write
// params: clusters
// returns: written
UNWIND $clusters AS row
CREATE (c:Cluster {id: row.id})
SET c += row.props
RETURN count(c) AS written
