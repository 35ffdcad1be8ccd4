// The tips with these ids that the viewer may see (a hidden tip is simply absent).
// mode: read
// params: ids, scope
// returns: tip
UNWIND $ids AS id
MATCH (t:Tip {id: id})
WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo
RETURN t {.*} AS tip
