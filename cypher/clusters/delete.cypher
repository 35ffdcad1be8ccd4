// Deletes clusters no recompute produces any more.
// mode: write
// params: ids
// returns: deleted
UNWIND $ids AS id
MATCH (c:Cluster {id: id})
DETACH DELETE c
RETURN count(*) AS deleted
