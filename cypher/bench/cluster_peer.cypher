// A page of a cluster's tips, newest received first, for a viewer who sees every tip (benchmarks only: the raw-driver floor of cluster{tips}, and the peer's @cypher field in bench/peer).
// mode: read
// params: id, first
// returns: cluster
MATCH (t:Tip {clusterId: $id})
WITH t
ORDER BY t.receivedAt DESC, t.id
LIMIT $first
RETURN {id: $id, tips: {edges: collect({node: t {.id, .incidentType, .receivedAt}})}} AS cluster
