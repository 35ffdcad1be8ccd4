// A page of visible tips not yet referred or closed whose preservation deadline falls before a time, soonest first, after a keyset cursor (deadline, id).
// mode: read
// params: before, scope, after, limit
// returns: tip
MATCH (t:Tip)
WHERE t.preservationDeadline <= $before
  AND NOT coalesce(t.disposition, 'NEW') IN ['REFERRED', 'CLOSED']
  AND ($scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes)
  AND ($after IS NULL OR t.preservationDeadline > $after.deadline
       OR (t.preservationDeadline = $after.deadline AND t.id > $after.id))
RETURN t {.*, referredTo: CASE WHEN $scope.all THEN t.referredTo
                             ELSE [a IN coalesce(t.referredTo, []) WHERE a = $scope.agency] END} AS tip
ORDER BY t.preservationDeadline ASC, t.id ASC
LIMIT $limit
