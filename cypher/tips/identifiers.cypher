// The identifiers carried by tips the caller has already loaded (visibility checked), one row per occurrence with its role and observation details; for a scoped viewer tipCount counts only tips it may see and no raw value of another tip is returned.
// mode: read
// params: ids, scope
// returns: tipId, identifier, occurrence
UNWIND $ids AS id
MATCH (:Tip {id: id})-[r:HAS]->(n:Identifier)
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
