// One-shot migration to per-service keys: a batch of submissions stored before keys had a service gets its key (service, reportId); their ids stay as they are.
// mode: write
// params: limit
// returns: migrated
MATCH (s:Submission)
WHERE s.reportId IS NULL
WITH s LIMIT $limit
SET s.reportId = s.id, s.service = coalesce(s.submittedBy, '')
RETURN count(s) AS migrated
