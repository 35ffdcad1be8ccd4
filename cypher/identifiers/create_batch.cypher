// Creates the identifier nodes a batch brings for the first time (a racing writer's duplicate breaks the uniqueness constraint and the batch is retried).
// mode: write
// params: identifiers
// returns: created
UNWIND $identifiers AS props
CREATE (n:Identifier)
SET n = props
RETURN count(n) AS created
