// The plain writer's HAS relationships, one per occurrence with its properties (benchmarks only: the ingest floor).
// mode: write
// params: links
// returns: written
UNWIND $links AS row
MATCH (t:Tip {id: row.tip})
MATCH (n:Identifier {uid: row.uid})
CREATE (t)-[r:HAS]->(n)
SET r = row.props
RETURN count(r) AS written
