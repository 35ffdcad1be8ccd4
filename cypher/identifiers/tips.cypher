// A page of the visible tips carrying one identifier, newest received first, after a keyset cursor (receivedAt, id).
// mode: read
// params: uid, scope, after, limit, card
// returns: tip
MATCH (n:Identifier {uid: $uid})<-[:HAS]-(t:Tip)
WHERE ($scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes)
  AND ($after IS NULL OR t.receivedAt < $after.receivedAt
       OR (t.receivedAt = $after.receivedAt AND t.id > $after.id))
WITH DISTINCT t
// A scoped viewer learns of no referral but its own. The head of the tip only, as tips/get_by_ids reads it: the
// report JSON is most of a tip's bytes, and tips/reports reads it when a selection asks for it.
// With $card, only what a list or a chart shows of a tip (api/lookahead.py: the request asks for nothing more).
RETURN CASE WHEN $card
            THEN t {.id, .reportId, .incidentType, .queueKey,
                    incidentDateTime: toString(t.incidentDateTime), receivedAt: toString(t.receivedAt)}
            ELSE t {.id, .reportId, .incidentType, .platform, .escalateToHighPriority, .annotations, .batched, .submittedBy,
          .disposition, .version, .outcome, .incidentId, .score, .actionClass, .priority, .scoreDetails, .queueKey,
          incidentDateTime: toString(t.incidentDateTime), receivedAt: toString(t.receivedAt), scoredAt: toString(t.scoredAt),
          preservationDeadline: toString(t.preservationDeadline),
          referredTo: CASE WHEN $scope.all THEN t.referredTo
                           ELSE [a IN coalesce(t.referredTo, []) WHERE a = $scope.agency] END}
       END AS tip
ORDER BY t.receivedAt DESC, t.id ASC
LIMIT $limit
