// A tip is known by its reportId, the idempotency key of ingest.
// mode: schema
CREATE CONSTRAINT tip_id_unique IF NOT EXISTS FOR (t:Tip) REQUIRE t.id IS UNIQUE
