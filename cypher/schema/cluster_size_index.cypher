// Cluster lists go largest first.
// mode: schema
CREATE INDEX cluster_size IF NOT EXISTS FOR (c:Cluster) ON (c.size)
