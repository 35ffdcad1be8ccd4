// Auditors filter the log by actor.
// mode: schema
CREATE INDEX audit_event_actor IF NOT EXISTS FOR (e:AuditEvent) ON (e.actor)
