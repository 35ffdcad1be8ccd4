// One identifier by its uid, with how many distinct tips the viewer may see carry it; for a scoped viewer its raw values are those of the tips it may see (at most 10, in order).
// mode: read
// params: uid, scope
// returns: identifier, visibleTipCount
MATCH (n:Identifier {uid: $uid})
RETURN n {.*,
          raws: CASE WHEN $scope.all THEN n.raws
                     ELSE COLLECT { MATCH (n)<-[r:HAS]-(o:Tip)
                                    WHERE r.raw IS NOT NULL
                                      AND (o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo OR o.incidentType IN $scope.incidentTypes)
                                    RETURN DISTINCT r.raw AS raw ORDER BY raw LIMIT 10 }
                END,
          reporterContactInView: NOT $scope.all
                                 AND EXISTS { MATCH (n)<-[:HAS {role: 'REPORTER'}]-(o:Tip)
                                              WHERE o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo OR o.incidentType IN $scope.incidentTypes }
         } AS identifier,
       CASE WHEN $scope.all THEN n.tipCount
            ELSE COUNT { MATCH (n)<-[:HAS]-(o:Tip)
                         WHERE o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo OR o.incidentType IN $scope.incidentTypes
                         RETURN DISTINCT o }
       END AS visibleTipCount
