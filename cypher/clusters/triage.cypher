// How a cluster's tips that the viewer may see stand in triage, counted per (disposition, class, priority).
// mode: read
// params: id, scope
// returns: disposition, actionClass, priority, tips
MATCH (t:Tip {clusterId: $id})
WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes
RETURN coalesce(t.disposition, 'NEW') AS disposition, t.actionClass AS actionClass, t.priority AS priority,
       count(t) AS tips
