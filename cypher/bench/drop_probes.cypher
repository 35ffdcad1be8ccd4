// Removes the nodes bench/create_probe made (benchmarks only).
// mode: write
// returns: dropped
MATCH (p:BenchProbe)
DETACH DELETE p
RETURN count(*) AS dropped
