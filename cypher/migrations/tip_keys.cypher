// One-shot migration to per-service keys: a batch of tips stored before keys had a service gets the key (service, reportId) its id and submitter always meant; their ids stay as they are.
// mode: write
// params: limit
// returns: migrated
MATCH (t:Tip)
WHERE t.reportId IS NULL
WITH t LIMIT $limit
SET t.reportId = t.id, t.service = coalesce(t.submittedBy, '')
RETURN count(t) AS migrated
