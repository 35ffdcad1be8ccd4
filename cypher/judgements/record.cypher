// Appends an analyst's judgement on whether two tips are the same actor (SAME, DIFFERENT or UNSURE); both tips must be visible to the judge.
// mode: write
// params: judgement, scope
// returns: id
MATCH (a:Tip {id: $judgement.tipA}), (b:Tip {id: $judgement.tipB})
WHERE ($scope.all OR a.submittedBy = $scope.reporter OR $scope.agency IN a.referredTo OR a.incidentType IN $scope.incidentTypes)
  AND ($scope.all OR b.submittedBy = $scope.reporter OR $scope.agency IN b.referredTo OR b.incidentType IN $scope.incidentTypes)
CREATE (j:Judgement)
SET j = $judgement
CREATE (j)-[:ABOUT]->(a), (j)-[:ABOUT]->(b)
RETURN j.id AS id
