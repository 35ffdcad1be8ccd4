// The clusters holding a tip that carries an identifier some new tips just made too common to link (above its kind's threshold now, not before they came): such an identifier leaves those clusters' glue, evidence and bridges.
// mode: read
// params: ids, thresholds
// returns: id
UNWIND $ids AS id
MATCH (:Tip {id: id})-[:HAS]->(n:Identifier)
WITH n, count(DISTINCT id) AS added
WHERE n.tipCount > $thresholds[n.kind] AND n.tipCount - added <= $thresholds[n.kind]
MATCH (n)<-[:HAS]-(t:Tip)
WHERE t.clusterId IS NOT NULL
RETURN DISTINCT t.clusterId AS id
