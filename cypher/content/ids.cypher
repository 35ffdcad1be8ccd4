// The ids of every stored content cluster: a recompute deletes those it no longer finds.
// mode: read
// params:
// returns: id
MATCH (c:ContentCluster)
RETURN c.id AS id
