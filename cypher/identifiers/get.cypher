// One identifier by its uid, with how many distinct tips the viewer may see carry it.
// mode: read
// params: uid, scope
// returns: identifier, visibleTipCount
MATCH (n:Identifier {uid: $uid})
RETURN n {.*} AS identifier,
       CASE WHEN $scope.all THEN n.tipCount
            ELSE COUNT { MATCH (n)<-[:HAS]-(o:Tip)
                         WHERE o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo
                         RETURN DISTINCT o }
       END AS visibleTipCount
