// Deletes content clusters by id (merged into another, or no longer found by a recompute).
// mode: write
// params: ids
// returns: deleted
UNWIND $ids AS id
MATCH (c:ContentCluster {id: id})
DETACH DELETE c
RETURN count(*) AS deleted
