// A content cluster is known by its id, derived from its file's smallest digest.
// mode: schema
CREATE CONSTRAINT content_cluster_id_unique IF NOT EXISTS FOR (c:ContentCluster) REQUIRE c.id IS UNIQUE
