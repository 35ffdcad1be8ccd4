// Appends one audit event: who did what to which tips, in which request (the log is append-only: no statement updates or deletes an event).
// mode: write
// params: event
// returns: id
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
CREATE (e:AuditEvent)
SET e = $event
RETURN e.id AS id
