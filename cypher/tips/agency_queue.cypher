// An investigating agency's queue: the tips referred to it and not yet closed, by priority, then preservation deadline, then score (the key the tip would queue under while open); a page after a key.
// mode: read
// params: agency, filter, after, limit
// returns: tip
MATCH (t:Tip {disposition: 'REFERRED'})
WHERE $agency IN t.referredTo
  AND t.queueKeyWhenOpen > coalesce($after, '')
  AND ($filter.priorities IS NULL OR t.priority IN $filter.priorities)
  AND ($filter.actionClass IS NULL OR t.actionClass = $filter.actionClass)
  AND ($filter.dispositions IS NULL OR t.disposition IN $filter.dispositions)
  AND ($filter.incidentTypes IS NULL OR t.incidentType IN $filter.incidentTypes)
  AND ($filter.platformKeys IS NULL OR t.platformKey IN $filter.platformKeys)
  AND ($filter.deadlineBefore IS NULL OR t.preservationDeadline <= $filter.deadlineBefore)
  AND ($filter.clusterKinds IS NULL
       OR EXISTS { MATCH (c:Cluster {id: t.clusterId}) WHERE c.kind IN $filter.clusterKinds })
// The agency learns of no referral but its own. The head of the tip only, as tips/get_by_ids reads it.
RETURN t {.id, .reportId, .incidentType, .platform, .escalateToHighPriority, .annotations, .batched, .submittedBy,
          .disposition, .version, .outcome, .incidentId, .score, .actionClass, .priority, .scoreDetails,
          queueKey: t.queueKeyWhenOpen,
          incidentDateTime: toString(t.incidentDateTime), receivedAt: toString(t.receivedAt), scoredAt: toString(t.scoredAt),
          preservationDeadline: toString(t.preservationDeadline),
          referredTo: [a IN t.referredTo WHERE a = $agency]} AS tip
ORDER BY t.queueKeyWhenOpen ASC
LIMIT $limit
