// A page of audit events matching a filter, newest first, after a keyset cursor (at, id).
// mode: read
// params: filter, after, limit
// returns: event
MATCH (e:AuditEvent)
WHERE ($filter.actor IS NULL OR e.actor = $filter.actor)
  AND ($filter.tipId IS NULL OR $filter.tipId IN e.tipIds)
  AND ($filter.from IS NULL OR e.at >= $filter.from)
  AND ($filter.to IS NULL OR e.at < $filter.to)
  AND ($after IS NULL OR e.at < $after.at OR (e.at = $after.at AND e.id > $after.id))
RETURN e {.*} AS event
ORDER BY e.at DESC, e.id ASC
LIMIT $limit
