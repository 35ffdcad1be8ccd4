// Appends one audit event: who did what to which tips, in which request (the log is append-only: no statement updates or deletes an event).
// mode: write
// params: event
// returns: id
CREATE (e:AuditEvent)
SET e = $event
RETURN e.id AS id
