// The audit log is read newest first and by time range.
// mode: schema
CREATE INDEX audit_event_at IF NOT EXISTS FOR (e:AuditEvent) ON (e.at)
