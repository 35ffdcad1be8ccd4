// The triage queue: visible open tips (NEW or ACTIONABLE) by priority, then preservation deadline, then score, all folded into one indexed key; a page after a key, filtered on the way (incident type, platform key, deadline window, cluster kind).
// mode: read
// params: filter, scope, after, limit, card
// returns: tip
MATCH (t:Tip)
WHERE t.queueKey > coalesce($after, '')
  AND ($filter.priorities IS NULL OR t.priority IN $filter.priorities)
  AND ($filter.actionClass IS NULL OR t.actionClass = $filter.actionClass)
  AND ($filter.dispositions IS NULL OR t.disposition IN $filter.dispositions)
  AND ($filter.incidentTypes IS NULL OR t.incidentType IN $filter.incidentTypes)
  AND ($filter.platformKeys IS NULL OR t.platformKey IN $filter.platformKeys)
  AND ($filter.deadlineBefore IS NULL OR t.preservationDeadline <= $filter.deadlineBefore)
  AND ($filter.clusterKinds IS NULL
       OR EXISTS { MATCH (c:Cluster {id: t.clusterId}) WHERE c.kind IN $filter.clusterKinds })
  AND ($scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes)
// A scoped viewer learns of no referral but its own. The head of the tip only, as tips/get_by_ids reads it.
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
ORDER BY t.queueKey ASC
LIMIT $limit
