// A cluster is known by its stable id (kept across recomputes).
// mode: schema
CREATE CONSTRAINT cluster_id_unique IF NOT EXISTS FOR (c:Cluster) REQUIRE c.id IS UNIQUE
