// Neo4j's query statistics collected since query_stats_start, one row per query and plan (benchmarks only).
// mode: write
// returns: data
CALL db.stats.retrieve('QUERIES') YIELD data
RETURN data
