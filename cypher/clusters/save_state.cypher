// Keeps the state a recompute leaves (graph/cluster_refresh.py): the fingerprint of what clustered the store and the time the recompute started reading, from which the next one reads the changes.
// mode: write
// params: fingerprint, asOf
// returns: saved
MERGE (s:ClusterState {id: 'actors'})
SET s.fingerprint = $fingerprint, s.asOf = $asOf
RETURN count(s) AS saved
