// Every stored content cluster's aggregates (first/last incident time in epoch seconds): a recompute rewrites only those that changed and deletes those it no longer finds.
// mode: read
// params:
// returns: id, digests, size, firstSeen, lastSeen
MATCH (c:ContentCluster)
RETURN c.id AS id, c.digests AS digests, c.size AS size,
       c.firstSeen.epochSeconds AS firstSeen, c.lastSeen.epochSeconds AS lastSeen
