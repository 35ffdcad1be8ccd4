// The ids of tips that share a non-generic identifier with another tip: the ones linkedTips has work for (benchmarks only).
// mode: read
// params: limit
// returns: id
MATCH (n:Identifier)
WHERE NOT n.generic AND n.tipCount > 1
MATCH (n)<-[:HAS]-(t:Tip)
WITH DISTINCT t.id AS id
RETURN id
LIMIT $limit
