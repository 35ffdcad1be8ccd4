// Every clustered tip with its cluster id and list properties, to check that ways of writing a load's assignments leave the same (bench.load_assignments only).
// mode: read
// returns: id, clusterId, annotations, labels, referredTo
MATCH (t:Tip)
WHERE t.clusterId IS NOT NULL
RETURN t.id AS id, t.clusterId AS clusterId, t.annotations AS annotations, t.labels AS labels, t.referredTo AS referredTo
