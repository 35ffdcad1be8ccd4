// Every identifier of a tip with the other visible tips that carry it (their occurrences included), one row per identifier: generic ones are expanded only when asked for (else counted as skipped), and every expansion is bounded.
// mode: read
// params: id, scope, includeGeneric, expansionLimit
// returns: uid, kind, key, generic, skipped, tipCount, mine, theirs
MATCH (t:Tip {id: $id})-[r1:HAS]->(n:Identifier)
WITH t, n, collect(r1 {.*}) AS mine
WITH t, n, mine, n.generic AND NOT $includeGeneric AS skipped
RETURN n.uid AS uid, n.kind AS kind, n.key AS key, n.generic AS generic, skipped, mine,
       // A scoped viewer's weights and counts come from the tips it may see, so they reveal no hidden tip.
       CASE WHEN $scope.all THEN n.tipCount
            ELSE COUNT { MATCH (n)<-[:HAS]-(v:Tip)
                         WHERE v.submittedBy = $scope.reporter OR $scope.agency IN v.referredTo
                         RETURN DISTINCT v }
       END AS tipCount,
       CASE WHEN skipped THEN []
            ELSE COLLECT { MATCH (n)<-[r2:HAS]-(o:Tip)
                           WHERE o <> t
                             AND ($scope.all OR o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo)
                           RETURN {tipId: o.id, occurrence: r2 {.*}}
                           LIMIT $expansionLimit }
       END AS theirs
