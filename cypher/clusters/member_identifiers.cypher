// The identifiers carried by a cluster's tips that the viewer may see (the first $limit members in id order), each with its occurrences in those tips; tipCount is the store's count, visibleTipCount the tips the viewer may see.
// mode: read
// params: id, scope, limit, linkingCap, peopleCounted
// returns: identifier, visibleTipCount, accounts, occurrences
MATCH (t:Tip {clusterId: $id})
WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes
WITH t
ORDER BY t.id
LIMIT $limit
MATCH (t)-[r:HAS]->(n:Identifier)
WITH n, collect(r {.*, tipId: t.id}) AS occurrences
// The people behind a value, as cypher/tips/linked gives them to linkedTips, so whyMember weighs a pair as
// linkedTips does: kept on the node (suspectAccounts); for a scoped viewer, the distinct suspect accounts of
// the tips it may see, counted as far as the people rule can need (graph/generic.py: the verdict that viewer
// gets comes from them, never from hidden tips), and only when the store holds any.
CALL (n) {
  WITH n WHERE NOT $scope.all AND n.suspectAccounts > 0
  MATCH (n)<-[:HAS]-(v:Tip)-[:HAS {role: 'SUSPECT'}]->(a:Identifier {kind: 'ACCOUNT'})
  WHERE v.submittedBy = $scope.reporter OR $scope.agency IN v.referredTo OR v.incidentType IN $scope.incidentTypes
  WITH DISTINCT a LIMIT $linkingCap + 1
  RETURN count(a) AS visibleAccounts
}
// What a scoped viewer may know of each identifier comes from the tips it may see. The subqueries filter their
// input first, so for a viewer who sees every tip nothing is expanded: a CASE or a NOT $scope.all AND ...
// around a subquery expression does not stop the planner from running it (for a carrier-NAT address, over
// thousands of tips).
CALL (n) {
  WITH n WHERE NOT $scope.all
  MATCH (n)<-[h:HAS]-(v:Tip)
  WHERE v.submittedBy = $scope.reporter OR $scope.agency IN v.referredTo OR v.incidentType IN $scope.incidentTypes
  RETURN count(DISTINCT v) AS visibleCount, count(CASE WHEN h.role = 'REPORTER' THEN 1 END) > 0 AS contactInView
}
CALL (n) {
  WITH n WHERE NOT $scope.all
  MATCH (n)<-[o:HAS]-(v:Tip)
  WHERE o.raw IS NOT NULL
    AND (v.submittedBy = $scope.reporter OR $scope.agency IN v.referredTo OR v.incidentType IN $scope.incidentTypes)
  WITH DISTINCT o.raw AS raw
  ORDER BY raw
  LIMIT 10
  RETURN collect(raw) AS visibleRaws
}
RETURN n {.uid, .kind, .key, .tipCount, .generic, .genericReason, .markedGeneric, .markedBy, .markedReason,
          // A scoped viewer gets the raw values of the tips it may see only.
          raws: CASE WHEN $scope.all THEN n.raws ELSE visibleRaws END,
          reporterContactInView: NOT $scope.all AND contactInView,
          visibleAccounts: CASE WHEN $scope.all THEN null ELSE visibleAccounts END
         } AS identifier,
       CASE WHEN $scope.all THEN n.tipCount ELSE visibleCount END AS visibleTipCount,
       // For the evidence model, the count of a scoped viewer tells only as far as the evidence level does
       // ($peopleCounted), and nothing when the store holds two or fewer.
       CASE WHEN n.tipCount <= 2 THEN null
            WHEN $scope.all THEN n.suspectAccounts
            WHEN n.suspectAccounts > 2 THEN CASE WHEN visibleAccounts > $peopleCounted THEN $peopleCounted
                                                 ELSE visibleAccounts END
            ELSE 0
       END AS accounts,
       occurrences
