// A cluster's tips that the viewer may see, in id order, at most $limit, whole (for timelines and case-file exports).
// mode: read
// params: id, scope, limit
// returns: tip
MATCH (t:Tip {clusterId: $id})
WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes
WITH t
ORDER BY t.id
LIMIT $limit
// A scoped viewer learns of no referral but its own.
RETURN t {.*, referredTo: CASE WHEN $scope.all THEN t.referredTo
                             ELSE [a IN coalesce(t.referredTo, []) WHERE a = $scope.agency] END} AS tip
