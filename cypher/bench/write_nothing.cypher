// A write transaction that changes nothing (benchmarks only): what a write session and its commit cost Neo4j before any record is written.
// mode: write
// returns: one
RETURN 1 AS one
