// The stored content digest of some clusters (an absent id is no stored cluster): ingest rewrites only the clusters whose digest changed, and checks a fresh id is not taken.
// mode: read
// params: ids
// returns: id, digest
UNWIND $ids AS id
MATCH (c:Cluster {id: id})
RETURN c.id AS id, c.digest AS digest
