// A submission is known by the key its tip will have: (service, reportId).
// mode: schema
CREATE CONSTRAINT submission_key_unique IF NOT EXISTS FOR (s:Submission) REQUIRE (s.service, s.reportId) IS UNIQUE
