// Every stored content cluster with its stored aggregates and its member tip ids (id order), and every content digest with its group: for tests only.
// mode: read
// returns: cluster, members
MATCH (c:ContentCluster)
OPTIONAL MATCH (t:Tip)-[:HAS]->(:Identifier {contentClusterId: c.id})
WITH c, t
ORDER BY t.id
RETURN c {.id, .kind, .size, .digests, .firstSeen, .lastSeen} AS cluster, collect(DISTINCT t.id) AS members
UNION ALL
MATCH (i:Identifier)
WHERE i.contentClusterId IS NOT NULL
WITH i
ORDER BY i.uid
RETURN {digest: i.uid, group: i.contentClusterId} AS cluster, [] AS members
