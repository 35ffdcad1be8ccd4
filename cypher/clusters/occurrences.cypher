// A page of clustering input in uid order after a cursor: identifiers that may link tips (shared by two tips or more, not above their kind's threshold) and suspect accounts of any count (they tell how many people stand behind a value), each with its occurrences as [tipId, role, at, port, possibleProxy, verified].
// mode: read
// params: after, limit, thresholds
// returns: uid, kind, key, tipCount, generic, occurrences
MATCH (n:Identifier)
WHERE n.uid > $after
  AND n.tipCount <= $thresholds[n.kind]
  AND (n.tipCount >= 2 OR n.kind = 'ACCOUNT')
WITH n
ORDER BY n.uid
LIMIT $limit
CALL (n) {
  MATCH (t:Tip)-[r:HAS]->(n)
  WHERE n.tipCount >= 2 OR r.role = 'SUSPECT'
  RETURN collect([t.id, r.role, r.at, r.port, r.possibleProxy, r.verified]) AS occurrences
}
// Only the explicit verdict: clustering applies the per-kind thresholds itself.
RETURN n.uid AS uid, n.kind AS kind, n.key AS key, n.tipCount AS tipCount,
       n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false) AS generic,
       occurrences
