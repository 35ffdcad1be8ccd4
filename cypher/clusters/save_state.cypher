// Keeps the state a recompute leaves (graph/cluster_refresh.py): the fingerprint of what clustered the store, the time the recompute started, from which the next one reads the changes, and the ids of the recent events it found committed (the next one skips them).
// mode: write
// params: fingerprint, asOf, seen
// returns: saved
MERGE (s:ClusterState {id: 'actors'})
SET s.fingerprint = $fingerprint, s.asOf = $asOf, s.seen = $seen
RETURN count(s) AS saved
