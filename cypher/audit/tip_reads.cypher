// The audit events that handed one tip to a viewer (reads), newest first, at most a limit (for the disclosure export's viewers list).
// mode: read
// params: id, limit
// returns: event
MATCH (e:AuditEvent)
WHERE e.action = 'read' AND $id IN e.tipIds
RETURN e {.at, .actor, .role, .agency, .operationName, .requestId} AS event
ORDER BY e.at DESC, e.id ASC
LIMIT $limit
