// Tips whose evidence may soon be gone are listed by preservation deadline.
// mode: schema
CREATE INDEX tip_preservation_deadline IF NOT EXISTS FOR (t:Tip) ON (t.preservationDeadline)
