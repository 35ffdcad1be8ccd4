// Each audit event has its own id.
// mode: schema
CREATE CONSTRAINT audit_event_id_unique IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.id IS UNIQUE
