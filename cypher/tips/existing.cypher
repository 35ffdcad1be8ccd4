// Which of a batch's keys (service, reportId) are already stored, with their tip ids and content hashes (the idempotency check).
// mode: read
// params: keys
// returns: service, reportId, id, contentHash
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
UNWIND $keys AS key
MATCH (t:Tip {service: key.service, reportId: key.reportId})
RETURN t.service AS service, t.reportId AS reportId, t.id AS id, t.contentHash AS contentHash
