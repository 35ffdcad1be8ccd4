// A page of clustering input in uid order after a cursor and before a bound (a recompute reads one uid range per identifier kind at once), as ONE row: per identifier that may link tips (carried by two tips or more, linking by the people rule: graph/clustering/thresholds.py RULE_PARAMS) [uid, kind, key, tipCount, generic, accounts, occurrences], accounts being how many distinct suspect accounts stand behind it (null for two tips) and each occurrence [tipId, role, atEpochSeconds, atNanosecond, port, possibleProxy, verified]. One record per page and times as numbers: the driver's cost per record and per DateTime was most of a recompute's read.
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
// Each relationship property read costs Neo4j a db hit, present or not: an occurrence reads those its kind
// can carry (graph/identifiers.py relationship_properties: the capture time, port and proxy flag of an IP's
// observation, the verified flag of an email or a phone), the others are null as they would be read.
WITH n, n.kind AS kind
CALL (n, kind) {
  MATCH (t:Tip)-[r:HAS]->(n)
  RETURN collect(CASE
                   WHEN kind = 'IP' THEN [t.id, r.role, r.at.epochSeconds, r.at.nanosecond, r.port, r.possibleProxy, null]
                   WHEN kind = 'EMAIL' OR kind = 'PHONE' THEN [t.id, r.role, null, null, null, null, r.verified]
                   ELSE [t.id, r.role, null, null, null, null, null]
                 END) AS occurrences
}
// Only the explicit verdict: clustering applies the people rule itself (the same as above).
// Two tips count as two people whatever their accounts (graph.clustering.spread): counted above two only.
// Kept on the node (identifiers/count_suspect_accounts, the bulk load, migrations/suspect_accounts).
RETURN collect([n.uid, kind, n.key, n.tipCount,
                n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false),
                CASE WHEN n.tipCount > 2 THEN n.suspectAccounts END,
                occurrences]) AS identifiers
