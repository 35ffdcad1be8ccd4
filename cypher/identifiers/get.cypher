// One identifier by its uid, with how many distinct tips the viewer may see carry it; for a scoped viewer its raw values are those of the tips it may see (at most 10, in order).
// mode: read
// params: uid, scope, linkingCap
// returns: identifier, visibleTipCount
MATCH (n:Identifier {uid: $uid})
// What a scoped viewer may know of it comes from the tips it may see. The subquery filters its input first, so
// for a viewer who sees every tip nothing is expanded: a CASE or a NOT $scope.all AND ... around a subquery
// expression does not stop the planner from running it (for a carrier-NAT address, over thousands of tips).
CALL (n) {
  WITH n WHERE NOT $scope.all
  MATCH (n)<-[h:HAS]-(o:Tip)
  WHERE o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo OR o.incidentType IN $scope.incidentTypes
  RETURN count(DISTINCT o) AS visibleCount, count(CASE WHEN h.role = 'REPORTER' THEN 1 END) > 0 AS contactInView
}
// Its raw values in the tips the viewer may see (at most 10, in order).
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
// The suspect accounts behind it in the tips a scoped viewer may see, as far as the people rule can need
// (graph/generic.py): the verdict that viewer gets comes from them, never from hidden tips.
CALL (n) {
  WITH n WHERE NOT $scope.all AND n.suspectAccounts > 0
  MATCH (n)<-[:HAS]-(v:Tip)-[:HAS {role: 'SUSPECT'}]->(a:Identifier {kind: 'ACCOUNT'})
  WHERE v.submittedBy = $scope.reporter OR $scope.agency IN v.referredTo OR v.incidentType IN $scope.incidentTypes
  WITH DISTINCT a LIMIT $linkingCap + 1
  RETURN count(a) AS visibleAccounts
}
RETURN n {.*,
          raws: CASE WHEN $scope.all THEN n.raws ELSE visibleRaws END,
          reporterContactInView: NOT $scope.all AND contactInView,
          visibleAccounts: CASE WHEN $scope.all THEN null ELSE visibleAccounts END
         } AS identifier,
       CASE WHEN $scope.all THEN n.tipCount ELSE visibleCount END AS visibleTipCount
