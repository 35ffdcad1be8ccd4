// Starts Neo4j's query statistics afresh (benchmarks only: bench/ingest_plans.py counts the plans each statement used): stopped first, since a collection already running (Neo4j may run one from start-up) can be neither cleared nor started again, and its data would then hold every statement since start-up (the schema, the warm-up).
// mode: write
// returns: collecting
CALL db.stats.stop('QUERIES') YIELD success AS stopped
CALL db.stats.clear('QUERIES') YIELD success AS cleared
CALL db.stats.collect('QUERIES', {durationSeconds: 3600}) YIELD success AS collecting
RETURN cleared AND collecting AS collecting
