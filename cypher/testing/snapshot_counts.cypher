// Every node counted by its labels and every relationship by its type and end labels (audit events and the recompute state left out: each run records its own), for comparing two stores: for tests only.
// mode: read
// returns: what, count
MATCH (n)
WHERE NOT n:AuditEvent AND NOT n:ClusterState
RETURN 'nodes ' + reduce(s = '', label IN labels(n) | s + ':' + label) AS what, count(*) AS count
UNION ALL
MATCH (a)-[r]->(b)
WHERE NOT a:AuditEvent AND NOT b:AuditEvent
RETURN 'relationships ' + reduce(s = '', label IN labels(a) | s + ':' + label) + '-' + type(r) + '->'
       + reduce(s = '', label IN labels(b) | s + ':' + label) AS what, count(*) AS count
