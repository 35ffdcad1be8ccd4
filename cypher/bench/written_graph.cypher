// Every tip with its HAS relationships, every identifier, cluster, content cluster and incident, with all their stored properties: what the plain-writer floor of bench/ingest.py writes again (benchmarks only).
// mode: read
// returns: label, props, links
MATCH (t:Tip)
RETURN 'Tip' AS label, t {.*} AS props,
       [(t)-[r:HAS]->(n:Identifier) | {uid: n.uid, props: r {.*}}] AS links
UNION ALL
MATCH (n:Identifier)
RETURN 'Identifier' AS label, n {.*} AS props, [] AS links
UNION ALL
MATCH (c:Cluster)
RETURN 'Cluster' AS label, c {.*} AS props, [] AS links
UNION ALL
MATCH (i:Incident)
RETURN 'Incident' AS label, i {.*} AS props, [] AS links
UNION ALL
MATCH (c:ContentCluster)
RETURN 'ContentCluster' AS label, c {.*} AS props, [] AS links
