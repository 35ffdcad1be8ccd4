// A cluster, if the viewer may see at least one of its tips; its size counts only the tips the viewer may see.
// mode: read
// params: id, scope
// returns: cluster, size
MATCH (c:Cluster {id: $id})
WITH c, CASE WHEN $scope.all THEN c.size
             ELSE COUNT { MATCH (t:Tip {clusterId: c.id})
                          WHERE t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes }
        END AS size
WHERE size > 0
RETURN c {.id, .kind, .evidence, .bridges, .updatedAt} AS cluster, size
