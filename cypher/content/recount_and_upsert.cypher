// Counts some content groups afresh from their digests' tips and stores those of two tips or more: digests (sorted), distinct tips, first/last incident time (to the second); one statement where recount and upsert took two, with no rows shipped between them.
// mode: write
// params: groups, now
// returns: written
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept). The ids arrive in a map (`groups`:
// {ids}): Neo4j keys a cached plan by the types and list lengths of its parameters, so a bare list whose length
// varies batch by batch was planned again for new lengths (0.6-1.9 s each on a loaded machine).
UNWIND $groups.ids AS id
MATCH (i:Identifier {contentClusterId: id})
WITH id, collect(i) AS digests
UNWIND digests AS i
MATCH (t:Tip)-[:HAS]->(i)
WITH id, digests, count(DISTINCT t) AS size,
     min(t.incidentDateTime).epochSeconds AS firstSeen, max(t.incidentDateTime).epochSeconds AS lastSeen
WHERE size >= 2
MERGE (c:ContentCluster {id: id})
SET c.kind = 'VIRAL_CONTENT', c.digests = COLLECT { UNWIND digests AS d WITH d.key AS key ORDER BY key RETURN key },
    c.size = size,
    c.firstSeen = CASE WHEN firstSeen IS NOT NULL THEN datetime({epochSeconds: firstSeen}) END,
    c.lastSeen = CASE WHEN lastSeen IS NOT NULL THEN datetime({epochSeconds: lastSeen}) END,
    c.updatedAt = $now
RETURN count(c) AS written
