// clusters/occurrences as it was before it read only the properties each kind carries (issue 9): every occurrence with all seven. For bench.occurrence_read, which reads the ways side by side on one store and checks they read the same. A page of clustering input in uid order after a cursor and before a bound (a recompute reads one uid range per identifier kind at once), as ONE row: per identifier that may link tips (carried by two tips or more, linking by the people rule: graph/clustering/thresholds.py RULE_PARAMS) [uid, kind, key, tipCount, generic, accounts, occurrences], accounts being how many distinct suspect accounts stand behind it (null for two tips) and each occurrence [tipId, role, atEpochSeconds, atNanosecond, port, possibleProxy, verified]. One record per page and times as numbers: the driver's cost per record and per DateTime was most of a recompute's read.
// mode: read
// params: after, before, limit, thresholds, linkingCap, tipsPerAccount
// returns: identifiers
// Only identifiers carried by two tips or more bear :Shared (identifiers/merge_batch, the bulk load, migrations/
// shared_identifiers): a seek of its uid index in uid order, never a walk of the identifiers one tip carries.
MATCH (n:Shared)
WHERE n.uid > $after AND n.uid < $before
  AND n:Identifier AND n.tipCount >= 2
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
