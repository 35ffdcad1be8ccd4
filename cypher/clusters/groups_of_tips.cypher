// The whole clustering groups of the identifiers some tips carry that may link (carried by two tips or more, not above their kind's threshold), leaving out those already read: every tip carrying each, with its cluster, so ingest can recluster exactly the components these tips touch; occurrences as [tipId, clusterId, role, at, port, possibleProxy, verified]. The accounts behind a group come from clusters/suspect_accounts, read once per carrier.
// mode: read
// params: ids, known, thresholds
// returns: uid, kind, key, tipCount, generic, occurrences
UNWIND $ids AS id
MATCH (:Tip {id: id})-[:HAS]->(n:Identifier)
WHERE n.tipCount >= 2 AND n.tipCount <= $thresholds[n.kind] AND NOT n.uid IN $known
WITH DISTINCT n
CALL (n) {
  MATCH (t:Tip)-[r:HAS]->(n)
  RETURN collect([t.id, t.clusterId, r.role, r.at, r.port, r.possibleProxy, r.verified]) AS occurrences
}
RETURN n.uid AS uid, n.kind AS kind, n.key AS key, n.tipCount AS tipCount,
       n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false) AS generic,
       occurrences
ORDER BY uid
