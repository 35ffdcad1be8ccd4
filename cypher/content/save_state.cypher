// Keeps the state a content-cluster recompute leaves (graph/clusters/content_refresh.py): the fingerprint of the content rule, the time it started, from which the next one reads the changes, and the ids of the recent events it found committed (the next one skips them).
// mode: write
// params: fingerprint, asOf, seen
// returns: saved
MERGE (s:ClusterState {id: 'content'})
SET s.fingerprint = $fingerprint, s.asOf = $asOf, s.seen = $seen
RETURN count(s) AS saved
