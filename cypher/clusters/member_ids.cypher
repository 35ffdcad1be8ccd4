// The ids of a cluster's tips that the viewer may see, in id order, at most $limit: what a decision on the whole cluster acts on.
// mode: read
// params: id, scope, limit
// returns: tipId
MATCH (t:Tip {clusterId: $id})
WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes
RETURN t.id AS tipId
ORDER BY tipId
LIMIT $limit
