// The other visible tips that share identifiers with a tip, with both sides' occurrences of each shared identifier; generic identifiers only when asked for, and every expansion bounded.
// mode: read
// params: id, scope, includeGeneric, expansionLimit
// returns: tipId, shared
MATCH (t:Tip {id: $id})-[r1:HAS]->(n:Identifier)
WHERE $includeGeneric OR NOT n.generic
WITH t, n, collect(r1 {.*}) AS mine
CALL (t, n) {
  MATCH (n)<-[r2:HAS]-(o:Tip)
  WHERE o <> t AND ($scope.all OR o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo)
  RETURN o, r2
  LIMIT $expansionLimit
}
WITH o, n, mine, collect(r2 {.*}) AS theirs
// A scoped viewer's weights and counts come from the tips it may see, so they reveal no hidden tip.
WITH o, n, mine, theirs,
     CASE WHEN $scope.all THEN n.tipCount
          ELSE COUNT { MATCH (n)<-[:HAS]-(v:Tip)
                       WHERE v.submittedBy = $scope.reporter OR $scope.agency IN v.referredTo
                       RETURN DISTINCT v }
     END AS tipCount
RETURN o.id AS tipId,
       collect({uid: n.uid, kind: n.kind, key: n.key, tipCount: tipCount, generic: n.generic,
                mine: mine, theirs: theirs}) AS shared
