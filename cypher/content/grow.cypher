// Counts a batch's new tips into content clusters whose digests did not change (new tips were never counted, so size only adds): size, first/last incident time (epoch seconds); returns the clusters found (one not stored yet is counted whole instead).
// mode: write
// params: rows, now
// returns: id
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
UNWIND $rows AS row
MATCH (c:ContentCluster {id: row.id})
SET c.size = c.size + row.added,
    c.firstSeen = CASE WHEN c.firstSeen IS NULL OR datetime({epochSeconds: row.firstSeen}) < c.firstSeen
                       THEN datetime({epochSeconds: row.firstSeen}) ELSE c.firstSeen END,
    c.lastSeen = CASE WHEN c.lastSeen IS NULL OR datetime({epochSeconds: row.lastSeen}) > c.lastSeen
                      THEN datetime({epochSeconds: row.lastSeen}) ELSE c.lastSeen END,
    c.updatedAt = $now
RETURN c.id AS id
