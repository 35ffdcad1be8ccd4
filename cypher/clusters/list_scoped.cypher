// A page of clusters for a scoped viewer (investigator, reporter): those holding a tip it may see, sized and filtered by those tips only, largest first, after a keyset cursor (size, id).
// mode: read
// params: filter, scope, after, limit
// returns: cluster, size
MATCH (t:Tip)
WHERE t.clusterId IS NOT NULL
  AND ($scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes)
WITH t.clusterId AS id, count(t) AS size, count(CASE WHEN t.priority = 'URGENT' THEN 1 END) AS urgent
WHERE ($filter.minSize IS NULL OR size >= $filter.minSize)
  AND ($filter.maxSize IS NULL OR size <= $filter.maxSize)
  AND ($filter.hasUrgent IS NULL OR $filter.hasUrgent = (urgent > 0))
  AND ($after IS NULL OR size < $after.size OR (size = $after.size AND id > $after.id))
MATCH (c:Cluster {id: id})
WHERE $filter.kind IS NULL OR c.kind = $filter.kind
RETURN c {.id, .kind, .evidence, .bridges, .updatedAt} AS cluster, size
ORDER BY size DESC, cluster.id ASC
LIMIT $limit
