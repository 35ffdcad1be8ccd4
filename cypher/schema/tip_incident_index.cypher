// An incident's tips are found by their incidentId.
// mode: schema
CREATE INDEX tip_incident IF NOT EXISTS FOR (t:Tip) ON (t.incidentId)
