// A page of a content cluster's tips that the viewer may see, newest received first, after a keyset cursor (receivedAt, id).
// mode: read
// params: id, scope, after, limit
// returns: tip
MATCH (t:Tip)-[:HAS]->(:Identifier {contentClusterId: $id})
WHERE ($scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes)
  AND ($after IS NULL OR t.receivedAt < $after.receivedAt
       OR (t.receivedAt = $after.receivedAt AND t.id > $after.id))
WITH DISTINCT t
// A scoped viewer learns of no referral but its own. The head of the tip only, as tips/get_by_ids reads it.
RETURN t {.id, .reportId, .incidentType, .platform, .escalateToHighPriority, .annotations, .batched, .submittedBy,
          .disposition, .version, .outcome, .incidentId, .score, .actionClass, .priority, .scoreDetails, .queueKey,
          incidentDateTime: toString(t.incidentDateTime), receivedAt: toString(t.receivedAt), scoredAt: toString(t.scoredAt),
          preservationDeadline: toString(t.preservationDeadline),
          referredTo: CASE WHEN $scope.all THEN t.referredTo
                           ELSE [a IN coalesce(t.referredTo, []) WHERE a = $scope.agency] END} AS tip
ORDER BY t.receivedAt DESC, t.id ASC
LIMIT $limit
