// A content cluster, if the viewer may see one of its tips; its size, first/last incident time and digests come from the tips the viewer may see only.
// mode: read
// params: id, scope
// returns: cluster
MATCH (c:ContentCluster {id: $id})
CALL (c) {
  // A viewer who sees every tip gets the stored aggregates: its members are not walked.
  WITH c WHERE NOT $scope.all
  MATCH (t:Tip)-[:HAS]->(d:Identifier {contentClusterId: c.id})
  WHERE ($scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes)
  RETURN count(DISTINCT t) AS seen, min(t.incidentDateTime) AS seenFirst, max(t.incidentDateTime) AS seenLast,
         collect(DISTINCT d.key) AS seenDigests
}
WITH c, seen, seenFirst, seenLast, seenDigests
WHERE $scope.all OR seen > 0
RETURN c {.id, .kind,
         // When it was last rewritten would tell a scoped viewer when a hidden tip arrived.
         updatedAt: CASE WHEN $scope.all THEN c.updatedAt END,
         size: CASE WHEN $scope.all THEN c.size ELSE seen END,
         digests: CASE WHEN $scope.all THEN c.digests ELSE seenDigests END,
         firstSeen: toString(CASE WHEN $scope.all THEN c.firstSeen ELSE seenFirst END),
         lastSeen: toString(CASE WHEN $scope.all THEN c.lastSeen ELSE seenLast END)} AS cluster
