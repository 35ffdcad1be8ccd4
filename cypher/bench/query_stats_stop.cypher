// Stops collecting Neo4j's query statistics (benchmarks only).
// mode: write
// returns: stopped
CALL db.stats.stop('QUERIES') YIELD success
RETURN success AS stopped
