// A tip's public id, derived from its key (graph/tip_keys.py), names one tip.
// mode: schema
CREATE CONSTRAINT tip_id_unique IF NOT EXISTS FOR (t:Tip) REQUIRE t.id IS UNIQUE
