// Appends the audit events of several requests' reads in one transaction (graph.audit.ReadRecords): one commit for all of them.
// mode: write
// params: events
// returns: written
UNWIND $events AS event
CREATE (e:AuditEvent)
SET e = event
RETURN count(e) AS written
