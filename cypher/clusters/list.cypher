// A page of clusters for a viewer who sees every tip, largest first, after a keyset cursor (size, id).
// mode: read
// params: filter, after, limit
// returns: cluster, size
MATCH (c:Cluster)
WHERE ($filter.kind IS NULL OR c.kind = $filter.kind)
  AND ($filter.minSize IS NULL OR c.size >= $filter.minSize)
  AND ($filter.maxSize IS NULL OR c.size <= $filter.maxSize)
  AND ($after IS NULL OR c.size < $after.size OR (c.size = $after.size AND c.id > $after.id))
  AND ($filter.hasUrgent IS NULL
       OR $filter.hasUrgent = EXISTS { MATCH (t:Tip {clusterId: c.id}) WHERE t.priority = 'URGENT' })
RETURN c {.id, .kind, .evidence, .bridges, .updatedAt} AS cluster, c.size AS size
ORDER BY size DESC, cluster.id ASC
LIMIT $limit
