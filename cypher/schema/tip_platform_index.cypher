// Search filters by platform.
// mode: schema
CREATE INDEX tip_platform IF NOT EXISTS FOR (t:Tip) ON (t.platform)
