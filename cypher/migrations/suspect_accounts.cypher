// One-shot migration to kept suspect-account counts: a batch of identifiers stored before the count was kept get the distinct suspect ACCOUNT identifiers of all the tips carrying them.
// mode: write
// params: limit
// returns: migrated
MATCH (n:Identifier)
WHERE n.suspectAccounts IS NULL
WITH n LIMIT $limit
SET n.suspectAccounts = COUNT { MATCH (n)<-[:HAS]-(:Tip)-[:HAS {role: 'SUSPECT'}]->(a:Identifier {kind: 'ACCOUNT'})
                                RETURN DISTINCT a }
RETURN count(n) AS migrated
