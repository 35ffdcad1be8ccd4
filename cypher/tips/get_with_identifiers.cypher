// One tip the viewer may see (no row when it is absent or hidden) with its identifiers, in one read: tips/get_by_ids and tips/identifiers for one tip, as they read them (the head without its report, or the card with $card; one map per occurrence, a scoped viewer's tipCount counting only tips it may see and no raw value of another tip).
// mode: read
// params: id, scope, card, linkingCap, verdicts
// returns: tip, identifiers
MATCH (t:Tip {id: $id})
WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes
CALL (t) {
  MATCH (t)-[r:HAS]->(n:Identifier)
  // As in tips/identifiers: the subquery filters its input first, so for a viewer who sees every tip nothing
  // is expanded.
  CALL (n) {
    WITH n WHERE NOT $scope.all
    MATCH (n)<-[h:HAS]-(o:Tip)
    WHERE o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo OR o.incidentType IN $scope.incidentTypes
    // Whether one of its tips in view has it as the contact of the reporting service serves the generic verdict only:
    // without $verdicts no role is read (a CASE is evaluated in order; an AND may not stop early).
    RETURN count(DISTINCT o) AS visibleCount,
           count(CASE WHEN NOT $verdicts THEN null WHEN h.role = 'REPORTER' THEN 1 END) > 0 AS contactInView
  }
  // The suspect accounts serve only the generic verdict of a scoped viewer: without $verdicts (the request shows
  // no generic flag) they are not counted.
  CALL (n) {
    WITH n WHERE NOT $scope.all AND $verdicts AND n.suspectAccounts > 0
    MATCH (n)<-[:HAS]-(v:Tip)-[:HAS {role: 'SUSPECT'}]->(a:Identifier {kind: 'ACCOUNT'})
    WHERE v.submittedBy = $scope.reporter OR $scope.agency IN v.referredTo OR v.incidentType IN $scope.incidentTypes
    WITH DISTINCT a LIMIT $linkingCap + 1
    RETURN count(a) AS visibleAccounts
  }
  RETURN collect({
           identifier: n {.uid, .kind, .key, .generic, .genericReason, .markedGeneric, .markedBy, .markedReason,
                          raws: CASE WHEN $scope.all THEN n.raws ELSE [] END,
                          reporterContactInView: NOT $scope.all AND contactInView,
                          visibleAccounts: CASE WHEN $scope.all THEN null ELSE visibleAccounts END,
                          tipCount: CASE WHEN $scope.all THEN n.tipCount ELSE visibleCount END},
           occurrence: r {.*}}) AS identifiers
}
// A scoped viewer learns of no referral but its own.
RETURN CASE WHEN $card
            THEN t {.id, .reportId, .incidentType, .queueKey,
                    incidentDateTime: toString(t.incidentDateTime), receivedAt: toString(t.receivedAt)}
            ELSE t {.id, .reportId, .incidentType, .platform, .escalateToHighPriority, .annotations, .batched, .submittedBy,
          .disposition, .version, .outcome, .incidentId, .score, .actionClass, .priority, .scoreDetails, .queueKey,
          incidentDateTime: toString(t.incidentDateTime), receivedAt: toString(t.receivedAt), scoredAt: toString(t.scoredAt),
          preservationDeadline: toString(t.preservationDeadline),
          referredTo: CASE WHEN $scope.all THEN t.referredTo
                           ELSE [a IN coalesce(t.referredTo, []) WHERE a = $scope.agency] END}
       END AS tip, identifiers
