// Search filters by incident type.
// mode: schema
CREATE INDEX tip_incident_type IF NOT EXISTS FOR (t:Tip) ON (t.incidentType)
