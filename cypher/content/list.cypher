// A page of content clusters holding a tip the viewer may see, largest first by the tips it may see, after a keyset cursor (size, id).
// mode: read
// params: scope, after, limit
// returns: cluster
MATCH (c:ContentCluster)
CALL (c) {
  // A viewer who sees every tip gets the stored aggregates: its members are not walked.
  WITH c WHERE NOT $scope.all
  MATCH (t:Tip)-[:HAS]->(d:Identifier {contentClusterId: c.id})
  WHERE ($scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes)
  RETURN count(DISTINCT t) AS seen, min(t.incidentDateTime) AS seenFirst, max(t.incidentDateTime) AS seenLast,
         collect(DISTINCT d.key) AS seenDigests
}
WITH c, seen, seenFirst, seenLast, seenDigests, CASE WHEN $scope.all THEN c.size ELSE seen END AS size
WHERE size > 0
  AND ($after IS NULL OR size < $after.size OR (size = $after.size AND c.id > $after.id))
RETURN c {.id, .kind,
         // When it was last rewritten would tell a scoped viewer when a hidden tip arrived.
         updatedAt: CASE WHEN $scope.all THEN c.updatedAt END,
         size: CASE WHEN $scope.all THEN c.size ELSE seen END,
         digests: CASE WHEN $scope.all THEN c.digests ELSE seenDigests END,
         firstSeen: toString(CASE WHEN $scope.all THEN c.firstSeen ELSE seenFirst END),
         lastSeen: toString(CASE WHEN $scope.all THEN c.lastSeen ELSE seenLast END)} AS cluster
ORDER BY cluster.size DESC, cluster.id ASC
LIMIT $limit
