// The tips with these ids that the viewer may see (a hidden tip is simply absent).
// mode: read
// params: ids, scope
// returns: tip
UNWIND $ids AS id
MATCH (t:Tip {id: id})
WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo
// A scoped viewer learns of no referral but its own.
RETURN t {.*, referredTo: CASE WHEN $scope.all THEN t.referredTo
                             ELSE [a IN coalesce(t.referredTo, []) WHERE a = $scope.agency] END} AS tip
