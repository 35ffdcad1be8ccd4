// A tip's key is (service, reportId): reportIds are unique only within the service that chose them.
// mode: schema
CREATE CONSTRAINT tip_key_unique IF NOT EXISTS FOR (t:Tip) REQUIRE (t.service, t.reportId) IS UNIQUE
