// Search filters by incident date range.
// mode: schema
CREATE INDEX tip_incident_time IF NOT EXISTS FOR (t:Tip) ON (t.incidentDateTime)
