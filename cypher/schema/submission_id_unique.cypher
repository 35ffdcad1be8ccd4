// A submission is known by the reportId it will have as a tip.
// mode: schema
CREATE CONSTRAINT submission_id_unique IF NOT EXISTS FOR (s:Submission) REQUIRE s.id IS UNIQUE
