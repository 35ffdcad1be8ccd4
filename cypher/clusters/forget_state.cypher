// Forgets the state recomputes keep (graph/cluster_refresh.py), so the next recompute reclusters the whole store: run where clustering input changes without an audit event (migrations, a wipe of the clusters).
// mode: write
// returns: forgotten
OPTIONAL MATCH (s:ClusterState)
DETACH DELETE s
RETURN count(s) AS forgotten
