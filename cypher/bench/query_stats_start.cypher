// Starts Neo4j's query statistics afresh (benchmarks only: bench/ingest_plans.py counts the plans each statement used).
// mode: write
// returns: collecting
CALL db.stats.clear('QUERIES') YIELD success AS cleared
CALL db.stats.collect('QUERIES', {durationSeconds: 3600}) YIELD success AS collecting
RETURN cleared AND collecting AS collecting
