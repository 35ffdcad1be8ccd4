// The plain writer's identifiers: one MERGE per identifier of a batch, created with its properties or counted up (benchmarks only: the ingest floor).
// mode: write
// params: identifiers
// returns: written
UNWIND $identifiers AS row
MERGE (n:Identifier {uid: row.props.uid})
  ON CREATE SET n = row.props, n.tipCount = row.tips
  ON MATCH SET n.tipCount = n.tipCount + row.tips, n.raws = row.props.raws, n.lastSeen = row.props.lastSeen
// The same graph shape as ingest's: identifiers carried by two tips or more bear Shared (identifiers/merge_batch).
FOREACH (shared IN CASE WHEN n.tipCount >= 2 AND NOT n:Shared THEN [true] ELSE [] END | SET n:Shared)
RETURN count(n) AS written
