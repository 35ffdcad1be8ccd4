// The clusters holding a tip that carries one of some identifiers: ingest passes those its new tips just made too common to link (above their kind's threshold now, not before), which leave those clusters' glue, evidence and bridges.
// mode: read
// params: uids
// returns: id
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
UNWIND $uids AS uid
MATCH (:Identifier {uid: uid})<-[:HAS]-(t:Tip)
WHERE t.clusterId IS NOT NULL
RETURN DISTINCT t.clusterId AS id
