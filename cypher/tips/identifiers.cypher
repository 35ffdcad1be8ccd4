// The identifiers carried by tips the caller has already loaded (visibility checked), one row per occurrence with its role and observation details; tipCount counts only tips the viewer may see, and for a scoped viewer so does the generic flag (a static rule, a supervisor's mark, or more visible tips than its kind's threshold).
// mode: read
// params: ids, scope, genericAbove
// returns: tipId, identifier, occurrence
UNWIND $ids AS id
MATCH (:Tip {id: id})-[r:HAS]->(n:Identifier)
WITH id, r, n,
     CASE WHEN $scope.all THEN n.tipCount
          ELSE COUNT { MATCH (n)<-[:HAS]-(o:Tip)
                       WHERE o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo
                       RETURN DISTINCT o }
     END AS tipCount
RETURN id AS tipId,
       n {.uid, .kind, .key, .raws, .genericReason, .markedGeneric, .markedBy, .markedReason, tipCount: tipCount,
          generic: CASE WHEN $scope.all THEN n.generic
                        ELSE n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false)
                             OR tipCount > $genericAbove[n.kind] END} AS identifier,
       r {.*} AS occurrence
