// Locks one submission the viewer may act on (its own service's, or any for analysts) and returns it.
// mode: write
// params: id, scope
// returns: submission
MATCH (s:Submission {id: $id})
WHERE $scope.all OR s.submittedBy = $scope.reporter
SET s.status = s.status
RETURN s {.*} AS submission
