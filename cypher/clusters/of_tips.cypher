// The clusters of tips the caller has already loaded (visibility checked), each sized by the tips the viewer may see; a tip in no cluster is absent.
// mode: read
// params: ids, scope
// returns: tipId, cluster, size
UNWIND $ids AS id
MATCH (t:Tip {id: id})
WHERE t.clusterId IS NOT NULL
MATCH (c:Cluster {id: t.clusterId})
RETURN id AS tipId, c {.id, .kind, .evidence, .bridges, .updatedAt} AS cluster,
       CASE WHEN $scope.all THEN c.size
            ELSE COUNT { MATCH (m:Tip {clusterId: c.id})
                         WHERE m.submittedBy = $scope.reporter OR $scope.agency IN m.referredTo OR m.incidentType IN $scope.incidentTypes }
       END AS size
