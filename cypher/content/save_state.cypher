// Keeps the state a content-cluster recompute leaves (graph/clusters/content_refresh.py): the fingerprint of the content rule, the time it started, from which the next one reads the changes, the ids of the recent events it found committed (the next one skips them), and whether it wrote anything (an ingest committed meanwhile may have had its upkeep overwritten).
// mode: write
// params: fingerprint, asOf, seen, wrote
// returns: saved
MERGE (s:ClusterState {id: 'content'})
SET s.fingerprint = $fingerprint, s.asOf = $asOf, s.seen = $seen, s.wrote = $wrote
RETURN count(s) AS saved
