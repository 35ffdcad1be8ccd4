// The identifiers carried by the tips the viewer may see (none of a hidden one), one row per occurrence with its role and observation details; for a scoped viewer tipCount counts only tips it may see and no raw value of another tip is returned.
// mode: read
// params: ids, scope, linkingCap, verdicts
// returns: tipId, identifier, occurrence
UNWIND $ids AS id
MATCH (t:Tip {id: id})
// The scope of the tip itself too: a tip selected with its identifiers may have them read while the tip is.
WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes
MATCH (t)-[r:HAS]->(n:Identifier)
// What a scoped viewer may know of the identifier comes from the tips it may see. The subquery filters its
// input first, so for a viewer who sees every tip nothing is expanded: a CASE or a NOT $scope.all AND ...
// around a subquery expression does not stop the planner from running it for every row (for a carrier-NAT
// address or a viral hash, over thousands of tips).
CALL (n) {
  WITH n WHERE NOT $scope.all
  MATCH (n)<-[h:HAS]-(o:Tip)
  WHERE o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo OR o.incidentType IN $scope.incidentTypes
  // Whether one of its tips in view has it as the contact of the reporting service serves the generic verdict only:
  // without $verdicts no role is read (a CASE is evaluated in order; an AND may not stop early).
  RETURN count(DISTINCT o) AS visibleCount,
         count(CASE WHEN NOT $verdicts THEN null WHEN h.role = 'REPORTER' THEN 1 END) > 0 AS contactInView
}
// The suspect accounts behind it in the tips a scoped viewer may see, as far as the people rule can need
// (graph/generic.py): the verdict that viewer gets comes from them, never from hidden tips. Without $verdicts
// (the request shows no generic flag) they are not counted.
CALL (n) {
  WITH n WHERE NOT $scope.all AND $verdicts AND n.suspectAccounts > 0
  MATCH (n)<-[:HAS]-(v:Tip)-[:HAS {role: 'SUSPECT'}]->(a:Identifier {kind: 'ACCOUNT'})
  WHERE v.submittedBy = $scope.reporter OR $scope.agency IN v.referredTo OR v.incidentType IN $scope.incidentTypes
  WITH DISTINCT a LIMIT $linkingCap + 1
  RETURN count(a) AS visibleAccounts
}
RETURN id AS tipId,
       n {.uid, .kind, .key, .generic, .genericReason, .markedGeneric, .markedBy, .markedReason,
          raws: CASE WHEN $scope.all THEN n.raws ELSE [] END,
          reporterContactInView: NOT $scope.all AND contactInView,
          visibleAccounts: CASE WHEN $scope.all THEN null ELSE visibleAccounts END,
          tipCount: CASE WHEN $scope.all THEN n.tipCount ELSE visibleCount END} AS identifier,
       r {.*} AS occurrence
