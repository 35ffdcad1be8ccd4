// The expiry sweep looks for open submissions.
// mode: schema
CREATE INDEX submission_status IF NOT EXISTS FOR (s:Submission) ON (s.status, s.expiresAt)
