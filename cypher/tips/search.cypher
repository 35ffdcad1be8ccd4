// A page of visible tips matching a filter, newest received first, after a keyset cursor (receivedAt, id).
// mode: read
// params: filter, scope, after, limit
// returns: tip
MATCH (t:Tip)
WHERE ($filter.incidentTypes IS NULL OR t.incidentType IN $filter.incidentTypes)
  AND ($filter.platformKey IS NULL OR t.platformKey = $filter.platformKey)
  AND ($filter.receivedFrom IS NULL OR t.receivedAt >= $filter.receivedFrom)
  AND ($filter.receivedTo IS NULL OR t.receivedAt < $filter.receivedTo)
  AND ($filter.incidentFrom IS NULL OR t.incidentDateTime >= $filter.incidentFrom)
  AND ($filter.incidentTo IS NULL OR t.incidentDateTime < $filter.incidentTo)
  AND ($scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes)
  AND ($after IS NULL OR t.receivedAt < $after.receivedAt
       OR (t.receivedAt = $after.receivedAt AND t.id > $after.id))
// A scoped viewer learns of no referral but its own.
RETURN t {.*, referredTo: CASE WHEN $scope.all THEN t.referredTo
                             ELSE [a IN coalesce(t.referredTo, []) WHERE a = $scope.agency] END} AS tip
ORDER BY t.receivedAt DESC, t.id ASC
LIMIT $limit
