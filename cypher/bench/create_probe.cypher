// Creates one node with no property and no index on its label (benchmarks only): what a commit that writes something costs, against an audit record's (bench.statement_cpu; bench/drop_probes removes them).
// mode: write
// returns: created
CREATE (p:BenchProbe)
RETURN count(p) AS created
