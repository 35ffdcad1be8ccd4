// The re-score sweep finds tips whose score a passing time band made stale by this key.
// mode: schema
CREATE INDEX tip_score_valid_until IF NOT EXISTS FOR (t:Tip) ON (t.scoreValidUntil)
