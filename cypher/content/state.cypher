// The state the last content-cluster recompute left (graph/clusters/content_refresh.py): the fingerprint of the content rule it applied, the time from which the next one reads the changes and the ids of the events just before it already reflected; no row when none is kept.
// mode: read
// returns: fingerprint, asOf, seen
MATCH (s:ClusterState {id: 'content'})
RETURN s.fingerprint AS fingerprint, s.asOf AS asOf, s.seen AS seen
