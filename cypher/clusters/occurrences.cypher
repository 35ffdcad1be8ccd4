// A page of clustering input in uid order after a cursor and before a bound (a recompute reads one uid range per identifier kind at once): the identifiers that may link tips (carried by two tips or more, not above their kind's threshold), each with how many distinct suspect accounts stand behind it (null for two tips) and its occurrences as [tipId, role, at, port, possibleProxy, verified].
// mode: read
// params: after, before, limit, thresholds
// returns: uid, kind, key, tipCount, generic, accounts, occurrences
MATCH (n:Identifier)
WHERE n.uid > $after AND n.uid < $before
  AND n.tipCount >= 2
  AND n.tipCount <= $thresholds[n.kind]
WITH n
ORDER BY n.uid
LIMIT $limit
CALL (n) {
  MATCH (t:Tip)-[r:HAS]->(n)
  RETURN collect([t.id, r.role, r.at, r.port, r.possibleProxy, r.verified]) AS occurrences
}
// Only the explicit verdict: clustering applies the per-kind thresholds itself.
RETURN n.uid AS uid, n.kind AS kind, n.key AS key, n.tipCount AS tipCount,
       n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false) AS generic,
       // Two tips count as two people whatever their accounts (graph.clustering.spread): counted above two only.
       // Kept on the node (identifiers/count_suspect_accounts, the bulk load, migrations/suspect_accounts).
       CASE WHEN n.tipCount > 2 THEN n.suspectAccounts END AS accounts,
       occurrences
