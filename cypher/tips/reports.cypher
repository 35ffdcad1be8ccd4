// The report JSON of the tips with these ids that the viewer may see (null once retention purged it), for selections that ask for it.
// mode: read
// params: ids, scope
// returns: id, reportId, report
UNWIND $ids AS id
MATCH (t:Tip {id: id})
WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes
RETURN t.id AS id, coalesce(t.reportId, t.id) AS reportId, t.report AS report
