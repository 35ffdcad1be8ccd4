// One-shot migration to the people rule: a page of identifiers after a uid cursor get their generic flag by it (graph/clustering/thresholds.py links_people: the distinct suspect accounts behind a value, not its tips alone), as ingest and the bulk load now keep it; returns the last uid of the page, how many were read and how many changed.
// mode: write
// params: after, limit, thresholds, linkingCap, tipsPerAccount
// returns: last, read, migrated
MATCH (n:Identifier)
WHERE n.uid > $after
WITH n
ORDER BY n.uid
LIMIT $limit
WITH n, coalesce(n.generic, false) AS was,
     n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false)
     OR NOT (n.tipCount <= $linkingCap AND $thresholds[n.kind] > 0
             AND CASE WHEN coalesce(n.suspectAccounts, 0) = 0 THEN n.tipCount <= $thresholds[n.kind]
                      ELSE n.suspectAccounts <= $thresholds[n.kind]
                           OR n.tipCount >= $tipsPerAccount * n.suspectAccounts END) AS generic
SET n.generic = generic
RETURN max(n.uid) AS last, count(n) AS read, count(CASE WHEN was <> generic THEN 1 END) AS migrated
