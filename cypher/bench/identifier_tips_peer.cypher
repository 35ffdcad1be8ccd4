// A page of the tips carrying an identifier, newest received first, for a viewer who sees every tip (benchmarks only: the raw-driver floor of identifier{tips}, and the peer's @cypher field in bench/peer).
// mode: read
// params: kind, value, first
// returns: identifier
// By its uid (kind|key), as tipgraph finds it: uid is the indexed key; {kind, key} has no index, so the peer
// and the floor scanned every identifier (455 ms p50, a tenth of tipgraph's throughput).
MATCH (n:Identifier {uid: $kind + '|' + $value})
CALL (n) {
  MATCH (n)<-[:HAS]-(t:Tip)
  WITH DISTINCT t
  ORDER BY t.receivedAt DESC, t.id
  LIMIT $first
  RETURN collect({node: t {.id, .incidentType, .receivedAt}}) AS edges
}
RETURN {kind: n.kind, key: n.key, tips: {edges: edges}} AS identifier
