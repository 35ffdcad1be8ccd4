// Every stored cluster's id and content digest, so a recompute rewrites only what changed: ONE row of [id, digest] pairs.
// mode: read
// returns: digests
MATCH (c:Cluster)
RETURN collect([c.id, c.digest]) AS digests
