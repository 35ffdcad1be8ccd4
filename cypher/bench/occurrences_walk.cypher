// clusters/occurrences as it was before the Shared label (issue 9): it walks every identifier of the uid range, most of them carried by one tip, and filters tipCount >= 2. For bench.occurrence_read, which reads both ways on one store and checks they read the same.
// mode: read
// params: after, before, limit, thresholds, linkingCap, tipsPerAccount
// returns: identifiers
MATCH (n:Identifier)
WHERE n.uid > $after AND n.uid < $before
  AND n.tipCount >= 2
  AND n.tipCount <= $linkingCap AND $thresholds[n.kind] > 0
  AND CASE WHEN coalesce(n.suspectAccounts, 0) = 0 THEN n.tipCount <= $thresholds[n.kind]
           ELSE n.suspectAccounts <= $thresholds[n.kind] OR n.tipCount >= $tipsPerAccount * n.suspectAccounts END
WITH n
ORDER BY n.uid
LIMIT $limit
CALL (n) {
  MATCH (t:Tip)-[r:HAS]->(n)
  RETURN collect([t.id, r.role, r.at.epochSeconds, r.at.nanosecond, r.port, r.possibleProxy, r.verified]) AS occurrences
}
// Only the explicit verdict: clustering applies the people rule itself (the same as above).
// Two tips count as two people whatever their accounts (graph.clustering.spread): counted above two only.
// Kept on the node (identifiers/count_suspect_accounts, the bulk load, migrations/suspect_accounts).
RETURN collect([n.uid, n.kind, n.key, n.tipCount,
                n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false),
                CASE WHEN n.tipCount > 2 THEN n.suspectAccounts END,
                occurrences]) AS identifiers
