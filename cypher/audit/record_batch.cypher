// Appends the audit events of several requests' reads in one transaction (graph.audit.ReadRecords): one commit for all of them.
// mode: write
// params: events
// returns: written
UNWIND $events AS event
CREATE (e:AuditEvent)
// Its time comes as [epoch seconds, nanoseconds] (graph.audit.batch_row) and is stored as the DateTime it is.
SET e = event {.*, at: datetime({epochSeconds: event.at[0], nanosecond: event.at[1]})}
RETURN count(e) AS written
