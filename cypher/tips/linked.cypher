// Every identifier of a tip with the other visible tips that carry it (only the occurrence fields weights need), one row per identifier: generic ones are expanded only when asked for (else counted as skipped), and every expansion is bounded.
// mode: read
// params: id, scope, includeGeneric, expansionLimit, genericAbove
// returns: kind, key, generic, skipped, tipCount, mine, theirs
// Capture times travel as ISO text: the driver's DateTime hydration cost more than the rest of a row.
MATCH (t:Tip {id: $id})-[r1:HAS]->(n:Identifier)
WITH t, n, collect(r1 {.role, .verified, .port, .possibleProxy, at: toString(r1.at)}) AS mine
// A scoped viewer's counts come from the tips it may see, so they reveal no hidden tip.
WITH t, n, mine,
     CASE WHEN $scope.all THEN n.tipCount
          ELSE COUNT { MATCH (n)<-[:HAS]-(v:Tip)
                       WHERE v.submittedBy = $scope.reporter OR $scope.agency IN v.referredTo
                       RETURN DISTINCT v }
     END AS tipCount
// For a scoped viewer, generic only by what reveals nothing of hidden tips: a static rule, a supervisor's
// mark, or more visible tips than the kind's threshold.
WITH t, n, mine, tipCount,
     CASE WHEN $scope.all THEN coalesce(n.generic, false)
          ELSE n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false) OR tipCount > $genericAbove[n.kind]
     END AS generic
WITH t, n, mine, tipCount, generic, generic AND NOT $includeGeneric AS skipped
RETURN n.kind AS kind, n.key AS key, generic, skipped, tipCount, mine,
       CASE WHEN skipped THEN []
            ELSE COLLECT { MATCH (n)<-[r2:HAS]-(o:Tip)
                           WHERE o <> t
                             AND ($scope.all OR o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo)
                           RETURN {tipId: o.id, occurrence: r2 {.role, .verified, .port, .possibleProxy, at: toString(r2.at)}}
                           LIMIT $expansionLimit }
       END AS theirs
