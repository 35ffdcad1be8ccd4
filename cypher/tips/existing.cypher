// Which of a batch's keys (service, reportId) are already stored, with their tip ids and content hashes (the idempotency check), and the migrations the store records as applied (graph/store_version.py): ingest runs this first in its write transaction, so a store behind is refused before anything is written, without a round trip of its own.
// mode: read
// params: batch
// returns: applied, stored
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept). The keys arrive in one map
// (`batch.keys`): Neo4j keys a cached plan by the size band of a list parameter, never by the entries of a map.
OPTIONAL MATCH (m:Migrations {id: 'tipgraph'})
CALL () {
  UNWIND $batch.keys AS key
  MATCH (t:Tip {service: key.service, reportId: key.reportId})
  // One record of [service, reportId, id, contentHash] lists.
  RETURN collect([t.service, t.reportId, t.id, t.contentHash]) AS stored
}
RETURN m.applied AS applied, stored
