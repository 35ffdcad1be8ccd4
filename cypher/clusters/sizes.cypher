// The stored size of some clusters, to merge the smaller into the larger.
// mode: read
// params: ids
// returns: id, size
UNWIND $ids AS id
MATCH (c:Cluster {id: id})
RETURN c.id AS id, c.size AS size
