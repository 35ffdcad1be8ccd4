// Creates or updates content clusters (two tips or more) with their digests, size and first/last incident time (epoch seconds).
// mode: write
// params: clusters, now
// returns: written
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
UNWIND $clusters AS row
MERGE (c:ContentCluster {id: row.id})
SET c.kind = 'VIRAL_CONTENT', c.digests = row.digests, c.size = row.size,
    c.firstSeen = CASE WHEN row.firstSeen IS NOT NULL THEN datetime({epochSeconds: row.firstSeen}) END,
    c.lastSeen = CASE WHEN row.lastSeen IS NOT NULL THEN datetime({epochSeconds: row.lastSeen}) END,
    c.updatedAt = $now
RETURN count(c) AS written
