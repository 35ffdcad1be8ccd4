// identifiers/get and identifiers/tips in one round trip, for a request that asks an identifier for a page of its tips: the identifier as the viewer may see it, with how many tips the viewer may see carry it, and a page of those tips (newest received first, after a keyset cursor (receivedAt, id); one past the page).
// mode: read
// params: uid, scope, linkingCap, after, limit, card
// returns: identifier, visibleTipCount, tips
MATCH (n:Identifier {uid: $uid})
// As identifiers/get reads it (see there why each subquery filters its input first).
CALL (n) {
  WITH n WHERE NOT $scope.all
  MATCH (n)<-[h:HAS]-(o:Tip)
  WHERE o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo OR o.incidentType IN $scope.incidentTypes
  RETURN count(DISTINCT o) AS visibleCount, count(CASE WHEN h.role = 'REPORTER' THEN 1 END) > 0 AS contactInView
}
CALL (n) {
  WITH n WHERE NOT $scope.all
  MATCH (n)<-[r:HAS]-(o:Tip)
  WHERE r.raw IS NOT NULL
    AND (o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo OR o.incidentType IN $scope.incidentTypes)
  WITH DISTINCT r.raw AS raw
  ORDER BY raw
  LIMIT 10
  RETURN collect(raw) AS visibleRaws
}
CALL (n) {
  WITH n WHERE NOT $scope.all AND n.suspectAccounts > 0
  MATCH (n)<-[:HAS]-(v:Tip)-[:HAS {role: 'SUSPECT'}]->(a:Identifier {kind: 'ACCOUNT'})
  WHERE v.submittedBy = $scope.reporter OR $scope.agency IN v.referredTo OR v.incidentType IN $scope.incidentTypes
  WITH DISTINCT a LIMIT $linkingCap + 1
  RETURN count(a) AS visibleAccounts
}
// As identifiers/tips reads them, the page ordered and cut before any tip's map is made (for an identifier
// thousands of tips carry, only the page's are projected).
CALL (n) {
  MATCH (n)<-[:HAS]-(t:Tip)
  WHERE ($scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes)
    AND ($after IS NULL OR t.receivedAt < $after.receivedAt
         OR (t.receivedAt = $after.receivedAt AND t.id > $after.id))
  WITH DISTINCT t
  ORDER BY t.receivedAt DESC, t.id ASC
  LIMIT $limit
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
RETURN n {.*,
          raws: CASE WHEN $scope.all THEN n.raws ELSE visibleRaws END,
          reporterContactInView: NOT $scope.all AND contactInView,
          visibleAccounts: CASE WHEN $scope.all THEN null ELSE visibleAccounts END
         } AS identifier,
       CASE WHEN $scope.all THEN n.tipCount ELSE visibleCount END AS visibleTipCount,
       tips
