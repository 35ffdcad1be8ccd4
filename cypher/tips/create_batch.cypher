// Creates a batch of new tips (checked absent in this transaction; the uniqueness constraint refuses a racing duplicate) with their HAS relationships to their identifier nodes (merged before), one per occurrence with its role and observation (absent values are simply not stored), and the incident a batched report arrives in (`incident`, absent for others; one statement where a second one cost a round trip); then switches the older tip of each identifier the batch shares for the first time (`firstShared`) to its score as a linked tip (repeat behaviour), here where a statement of its own cost a round trip per batch. Instants arrive as [epoch seconds, nanoseconds] pairs and become datetimes here, which costs far less than the driver packing each one; each tip links from the node it just created, so no tip is looked up again.
// mode: write
// params: batch
// returns: created
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept). The rows arrive in one map
// (`batch.tips`): Neo4j keys a cached plan by the size band of a list parameter, never by the entries of a map.
UNWIND $batch.tips AS row
CREATE (t:Tip)
SET t = row.props
FOREACH (key IN keys(row.times) |
  SET t[key] = datetime({epochSeconds: row.times[key][0], nanosecond: row.times[key][1]}))
FOREACH (incident IN CASE WHEN row.incident IS NULL THEN [] ELSE [row.incident] END |
  MERGE (i:Incident {id: incident.id})
    ON CREATE SET i += incident)
WITH t, row
CALL (t, row) {
  UNWIND coalesce(row.links, []) AS link
  MATCH (n:Identifier {uid: link.uid})
  CREATE (t)-[:HAS {role: link.role, raw: link.raw, rule: link.rule, verified: link.verified,
                    event: link.event,
                    at: CASE WHEN link.at IS NOT NULL THEN datetime({epochSeconds: link.at[0], nanosecond: link.at[1]}) END,
                    port: link.port, possibleProxy: link.possibleProxy,
                    fileIndex: link.fileIndex, personIndex: link.personIndex}]->(n)
}
WITH count(t) AS created
// After every new tip is created (the aggregation above is the barrier): the older tips are those not in
// the batch (`newIds`), whatever links the new ones now have. The fields are graph/ingest.py LINKED_FIELDS.
CALL () {
  UNWIND coalesce($batch.firstShared, []) AS uid
  MATCH (:Identifier {uid: uid})<-[:HAS]-(older)
  WHERE NOT older.id IN $batch.newIds AND older.scoreIfLinked IS NOT NULL
  WITH DISTINCT older
  SET older.score = older.scoreIfLinked,
      older.actionClass = older.actionClassIfLinked,
      older.priority = older.priorityIfLinked,
      older.scoreDetails = older.scoreDetailsIfLinked,
      older.queueKeyWhenOpen = older.queueKeyWhenOpenIfLinked,
      older.queueKey = CASE WHEN older.queueKey IS NULL THEN null ELSE older.queueKeyWhenOpenIfLinked END
  RETURN count(older) AS rescored
}
RETURN created
