// The state a recompute left (graph/cluster_refresh.py): the fingerprint of what clustered the store (evidence model, threshold, linking rule), the time from which the next recompute reads the changes to recluster and the ids of the events just before it already reflected, and when it finished (ingest events after that need no re-check); no row when none is kept (never recomputed, or forgotten by a migration or a wipe).
// mode: read
// returns: fingerprint, asOf, seen, finishedAt
MATCH (s:ClusterState {id: 'actors'})
RETURN s.fingerprint AS fingerprint, s.asOf AS asOf, s.seen AS seen, s.finishedAt AS finishedAt
