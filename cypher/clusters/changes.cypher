// The audit events since a time (the audit log is the store's change log: every write of a tip or of what clusters it records one in its own transaction) whose action is not known to leave the clustering input alone, oldest first: the changes a recompute reclusters.
// mode: read
// params: since, neutral
// returns: id, at, action, tipIds, change
MATCH (e:AuditEvent)
WHERE e.at >= $since AND NOT e.action IN $neutral
RETURN e.id AS id, e.at AS at, e.action AS action, e.tipIds AS tipIds, e.change AS change
ORDER BY e.at
