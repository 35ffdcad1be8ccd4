// How many generic identifiers a tip carries: the identifiers a cross-reference skips unless asked for.
// mode: read
// params: id
// returns: skipped
MATCH (:Tip {id: $id})-[:HAS]->(n:Identifier)
WHERE n.generic
RETURN count(DISTINCT n) AS skipped
