// The plain writer's identifiers: one MERGE per identifier of a batch, created with its properties or counted up (benchmarks only: the ingest floor).
// mode: write
// params: identifiers
// returns: written
UNWIND $identifiers AS row
MERGE (n:Identifier {uid: row.props.uid})
  ON CREATE SET n = row.props, n.tipCount = row.tips
  ON MATCH SET n.tipCount = n.tipCount + row.tips, n.raws = row.props.raws, n.lastSeen = row.props.lastSeen
RETURN count(n) AS written
