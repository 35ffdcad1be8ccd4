// Some stored content clusters' aggregates (first/last incident time in epoch seconds), as content/stored reads every one: a recompute of the groups around changed tips compares what it finds with them.
// mode: read
// params: ids
// returns: id, digests, size, firstSeen, lastSeen
UNWIND $ids AS id
MATCH (c:ContentCluster {id: id})
RETURN c.id AS id, c.digests AS digests, c.size AS size,
       c.firstSeen.epochSeconds AS firstSeen, c.lastSeen.epochSeconds AS lastSeen
