// A cluster, if the viewer may see at least one of its tips, with a page of the tips it may see (newest received
// first, after a keyset cursor (receivedAt, id)): clusters/get and clusters/tips in one round trip, for a request
// that asks a cluster for nothing else that must be read. No row when the cluster is not there for the viewer.
// mode: read
// params: id, scope, after, limit, card
// returns: cluster, size, tips
MATCH (c:Cluster {id: $id})
WITH c, CASE WHEN $scope.all THEN c.size
             ELSE COUNT { MATCH (t:Tip {clusterId: c.id})
                          WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes }
        END AS size
WHERE size > 0
CALL (c) {
  MATCH (t:Tip {clusterId: c.id})
  WHERE ($scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes)
    AND ($after IS NULL OR t.receivedAt < $after.receivedAt
         OR (t.receivedAt = $after.receivedAt AND t.id > $after.id))
  WITH t ORDER BY t.receivedAt DESC, t.id ASC LIMIT $limit
  // As clusters/tips reads them: a scoped viewer learns of no referral but its own; cards with $card.
  RETURN collect(CASE WHEN $card
            THEN t {.id, .reportId, .incidentType, .queueKey,
                    incidentDateTime: toString(t.incidentDateTime), receivedAt: toString(t.receivedAt)}
            ELSE t {.id, .reportId, .incidentType, .platform, .escalateToHighPriority, .annotations, .batched, .submittedBy,
          .disposition, .version, .outcome, .incidentId, .score, .actionClass, .priority, .scoreDetails, .queueKey,
          incidentDateTime: toString(t.incidentDateTime), receivedAt: toString(t.receivedAt), scoredAt: toString(t.scoredAt),
          preservationDeadline: toString(t.preservationDeadline),
          referredTo: CASE WHEN $scope.all THEN t.referredTo
                           ELSE [a IN coalesce(t.referredTo, []) WHERE a = $scope.agency] END}
       END) AS tips
}
RETURN c {.id, .kind, .evidence, .bridges, .updatedAt} AS cluster, size, tips
