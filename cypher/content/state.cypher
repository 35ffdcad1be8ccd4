// The state the last content-cluster recompute left (graph/clusters/content_refresh.py): the fingerprint of the content rule it applied, the time from which the next one reads the changes, the ids of the events just before it already reflected, and whether it wrote anything; no row when none is kept.
// mode: read
// returns: fingerprint, asOf, seen, wrote
MATCH (s:ClusterState {id: 'content'})
RETURN s.fingerprint AS fingerprint, s.asOf AS asOf, s.seen AS seen, coalesce(s.wrote, true) AS wrote
