// Every tip's cluster id and list properties: for tests of the load's tip writes only.
// mode: read
// returns: id, clusterId, annotations, labels, referredTo
MATCH (t:Tip)
RETURN t.id AS id, t.clusterId AS clusterId, t.annotations AS annotations, t.labels AS labels, t.referredTo AS referredTo

