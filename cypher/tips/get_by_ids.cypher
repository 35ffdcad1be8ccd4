// The tips with these ids that the viewer may see (a hidden tip is simply absent), without their report JSON: most selections never ask for it, and it is most of a tip's bytes (tips/reports reads it when asked).
// mode: read
// params: ids, scope, card
// returns: tip
UNWIND $ids AS id
MATCH (t:Tip {id: id})
WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes
// A scoped viewer learns of no referral but its own. Date-times travel as ISO text: DateTime hydration in the
// driver cost more than the rest of the row.
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
