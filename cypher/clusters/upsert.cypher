// Creates or updates a batch of clusters (size two or more) with their kind, size, evidence and bridges.
// mode: write
// params: clusters
// returns: written
UNWIND $clusters AS row
MERGE (c:Cluster {id: row.id})
SET c += row.props
RETURN count(c) AS written
