// Keeps the state a recompute leaves (graph/cluster_refresh.py): the fingerprint of what clustered the store, the time the recompute started, from which the next one reads the changes, and the ids of the recent events it found committed (the next one skips them), and when it finished (an ingest event after that needs no re-check).
// mode: write
// params: fingerprint, asOf, seen, finishedAt
// returns: saved
MERGE (s:ClusterState {id: 'actors'})
SET s.fingerprint = $fingerprint, s.asOf = $asOf, s.seen = $seen, s.finishedAt = $finishedAt
RETURN count(s) AS saved
