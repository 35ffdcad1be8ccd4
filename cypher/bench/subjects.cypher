// What the side-by-side cross-reference benchmark asks about besides tips: identifiers carried by several tips (as kind|key), and clusters (benchmarks only).
// mode: read
// params: limit
// returns: identifiers, clusters
CALL () {
  MATCH (n:Identifier)
  WHERE n.kind IN ['EMAIL', 'PHONE'] AND n.tipCount > 1 AND NOT n.generic
  RETURN collect(n.kind + '|' + n.key)[0..$limit] AS identifiers
}
CALL () {
  MATCH (t:Tip)
  WHERE t.clusterId IS NOT NULL
  WITH DISTINCT t.clusterId AS id
  LIMIT $limit
  RETURN collect(id) AS clusters
}
RETURN identifiers, clusters
