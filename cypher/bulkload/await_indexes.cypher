// Waits until every index is online: after an offline import the new indexes populate from millions of nodes, and the queries that follow need them.
// mode: write
CALL db.awaitIndexes(3600)
