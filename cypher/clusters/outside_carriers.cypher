// The tips the viewer may see outside a cluster that carry one of the given identifiers (the linking ones of its members), each with its occurrences of them: at most $perIdentifier tips per identifier, in id order.
// mode: read
// params: id, uids, scope, perIdentifier
// returns: uid, tipId, occurrences
UNWIND $uids AS uid
MATCH (n:Identifier {uid: uid})
CALL (n) {
  MATCH (n)<-[:HAS]-(o:Tip)
  WHERE coalesce(o.clusterId, '') <> $id
    AND ($scope.all OR o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo OR o.incidentType IN $scope.incidentTypes)
  WITH DISTINCT o
  ORDER BY o.id
  LIMIT $perIdentifier
  MATCH (n)<-[r:HAS]-(o)
  RETURN o.id AS tipId, collect(r {.*}) AS occurrences
}
RETURN n.uid AS uid, tipId, occurrences
