// One-shot migration to the Shared label: a batch of identifiers carried by two tips or more, stored before ingest and the bulk load kept the label, get it.
// mode: write
// params: limit
// returns: migrated
MATCH (n:Identifier)
WHERE n.tipCount >= 2 AND NOT n:Shared
WITH n LIMIT $limit
SET n:Shared
RETURN count(n) AS migrated
