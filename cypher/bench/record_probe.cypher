// Creates audit records as audit/record_batch does, on a label with no index or constraint (benchmarks only): what an audit record's indexes cost its commit (bench.statement_cpu; bench/drop_probes removes them).
// mode: write
// params: events
// returns: written
UNWIND $events AS event
CREATE (p:BenchProbe)
SET p = event {.*, at: datetime({epochSeconds: event.at[0], nanosecond: event.at[1]})}
RETURN count(p) AS written
