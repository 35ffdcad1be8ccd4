// The first page of the triage queue for a viewer who sees every tip (benchmarks only: the raw-driver floor of triageQueue, and the peer's @cypher field in bench/peer).
// mode: read
// params: first
// returns: page
MATCH (t:Tip)
WHERE t.queueKey > ''
WITH t
ORDER BY t.queueKey
LIMIT $first
RETURN {edges: collect({node: t {.id, .incidentType, .receivedAt}})} AS page
