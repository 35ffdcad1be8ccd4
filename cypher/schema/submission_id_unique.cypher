// A submission's id is the id its tip will have (graph/tip_keys.py).
// mode: schema
CREATE CONSTRAINT submission_id_unique IF NOT EXISTS FOR (s:Submission) REQUIRE s.id IS UNIQUE
