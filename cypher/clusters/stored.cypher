// Every stored cluster's id and content digest, so a recompute rewrites only what changed.
// mode: read
// returns: id, digest
MATCH (c:Cluster)
RETURN c.id AS id, c.digest AS digest
