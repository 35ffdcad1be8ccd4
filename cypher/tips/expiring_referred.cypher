// A page of the tips an investigating agency holds (referred to it, not yet closed) whose preservation deadline falls before a time, soonest first, after a keyset cursor (deadline, id).
// mode: read
// params: agency, before, after, limit
// returns: tip
MATCH (t:Tip {disposition: 'REFERRED'})
WHERE $agency IN t.referredTo
  AND t.preservationDeadline <= $before
  AND ($after IS NULL OR t.preservationDeadline > $after.deadline
       OR (t.preservationDeadline = $after.deadline AND t.id > $after.id))
RETURN t {.*, referredTo: [a IN t.referredTo WHERE a = $agency]} AS tip
ORDER BY t.preservationDeadline ASC, t.id ASC
LIMIT $limit
