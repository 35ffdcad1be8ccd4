// The identifiers carried by the tips the viewer may see (none of a hidden one), one row per occurrence with its role and observation details; for a scoped viewer tipCount counts only tips it may see and no raw value of another tip is returned.
// mode: read
// params: ids, scope
// returns: tipId, identifier, occurrence
UNWIND $ids AS id
MATCH (t:Tip {id: id})
// The tip's own scope too: a tip selected with its identifiers may have them read while the tip is.
WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes
MATCH (t)-[r:HAS]->(n:Identifier)
RETURN id AS tipId,
       n {.uid, .kind, .key, .generic, .genericReason, .markedGeneric, .markedBy, .markedReason,
          raws: CASE WHEN $scope.all THEN n.raws ELSE [] END,
          reporterContactInView: NOT $scope.all
                                 AND EXISTS { MATCH (n)<-[:HAS {role: 'REPORTER'}]-(o:Tip)
                                              WHERE o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo OR o.incidentType IN $scope.incidentTypes },
          tipCount: CASE WHEN $scope.all THEN n.tipCount
                         ELSE COUNT { MATCH (n)<-[:HAS]-(o:Tip)
                                      WHERE o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo OR o.incidentType IN $scope.incidentTypes
                                      RETURN DISTINCT o }
                    END} AS identifier,
       r {.*} AS occurrence
