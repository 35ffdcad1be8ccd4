// The identifiers of a tip for a viewer who sees every tip, one row each in the order tipgraph lists them (benchmarks only: the raw-driver floor of tip{identifiers}, and the peer's @cypher field in bench/peer).
// mode: read
// params: id
// returns: identifier
MATCH (t:Tip {id: $id})
MATCH (t)-[r:HAS]->(n:Identifier)
RETURN {kind: n.kind, key: n.key, role: r.role, tipCount: n.tipCount} AS identifier
ORDER BY r.role, n.kind, n.key
