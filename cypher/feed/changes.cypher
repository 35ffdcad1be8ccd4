// The change feed: writes that touched tips since a moment (every write leaves an audit event in its own transaction; reads are skipped), oldest first, through the audit_event_at index.
// mode: read
// params: since, limit
// returns: id, at, tipIds
MATCH (e:AuditEvent)
WHERE e.at > $since AND e.action <> 'read' AND size(e.tipIds) > 0
RETURN e.id AS id, e.at AS at, e.tipIds AS tipIds
ORDER BY e.at ASC
LIMIT $limit
