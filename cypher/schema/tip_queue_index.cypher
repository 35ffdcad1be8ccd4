// The triage queue is read in queueKey order (priority, deadline, score) from this index.
// mode: schema
CREATE INDEX tip_queue IF NOT EXISTS FOR (t:Tip) ON (t.queueKey)
