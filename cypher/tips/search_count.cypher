// How many visible tips match a filter (run only when a client selects totalCount).
// mode: read
// params: filter, scope
// returns: total
MATCH (t:Tip)
WHERE ($filter.incidentTypes IS NULL OR t.incidentType IN $filter.incidentTypes)
  AND ($filter.platformKey IS NULL OR t.platformKey = $filter.platformKey)
  AND ($filter.receivedFrom IS NULL OR t.receivedAt >= $filter.receivedFrom)
  AND ($filter.receivedTo IS NULL OR t.receivedAt < $filter.receivedTo)
  AND ($filter.incidentFrom IS NULL OR t.incidentDateTime >= $filter.incidentFrom)
  AND ($filter.incidentTo IS NULL OR t.incidentDateTime < $filter.incidentTo)
  AND ($scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes)
RETURN count(t) AS total
