// The stored labels (JSON texts, oldest first) of the tips with these ids that the viewer may see; which of them the viewer may read is graph/labels' rule.
// mode: read
// params: ids, scope
// returns: id, labels
UNWIND $ids AS id
MATCH (t:Tip {id: id})
WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes
RETURN t.id AS id, coalesce(t.labels, []) AS labels
