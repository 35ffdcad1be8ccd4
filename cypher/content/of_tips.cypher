// The content clusters of tips the caller has already loaded (visibility checked), each as the viewer may see it (size, first/last incident time and digests from its visible tips); a tip in none is absent.
// mode: read
// params: ids, scope
// returns: tipId, cluster
UNWIND $ids AS id
MATCH (:Tip {id: id})-[:HAS]->(i:Identifier)
WHERE i.contentClusterId IS NOT NULL
WITH DISTINCT id, i.contentClusterId AS clusterId
MATCH (c:ContentCluster {id: clusterId})
CALL (c) {
  // A viewer who sees every tip gets the stored aggregates: its members are not walked.
  WITH c WHERE NOT $scope.all
  MATCH (t:Tip)-[:HAS]->(d:Identifier {contentClusterId: c.id})
  WHERE ($scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes)
  RETURN count(DISTINCT t) AS seen, min(t.incidentDateTime) AS seenFirst, max(t.incidentDateTime) AS seenLast,
         collect(DISTINCT d.key) AS seenDigests
}
RETURN id AS tipId, c {.id, .kind,
         // When it was last rewritten would tell a scoped viewer when a hidden tip arrived.
         updatedAt: CASE WHEN $scope.all THEN c.updatedAt END,
         size: CASE WHEN $scope.all THEN c.size ELSE seen END,
         digests: CASE WHEN $scope.all THEN c.digests ELSE seenDigests END,
         firstSeen: toString(CASE WHEN $scope.all THEN c.firstSeen ELSE seenFirst END),
         lastSeen: toString(CASE WHEN $scope.all THEN c.lastSeen ELSE seenLast END)} AS cluster
ORDER BY tipId, cluster.id
