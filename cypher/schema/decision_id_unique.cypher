// Each decision (one per setDisposition, referral, bundling, outcome or undo) has its own id.
// mode: schema
CREATE CONSTRAINT decision_id_unique IF NOT EXISTS FOR (d:Decision) REQUIRE d.id IS UNIQUE
