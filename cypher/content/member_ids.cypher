// The ids of a content cluster's tips that the viewer may see, in id order, at most $limit: what a decision on the whole cluster acts on.
// mode: read
// params: id, scope, limit
// returns: tipId
MATCH (t:Tip)-[:HAS]->(:Identifier {contentClusterId: $id})
WHERE ($scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes)
  AND EXISTS { MATCH (:ContentCluster {id: $id}) }
WITH DISTINCT t.id AS tipId
RETURN tipId
ORDER BY tipId
LIMIT $limit
