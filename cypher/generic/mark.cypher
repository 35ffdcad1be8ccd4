// A supervisor marks an identifier generic (or clears the mark); the mark is logged append-only and the identifier's generic flag recomputed (the people rule: graph/clustering/thresholds.py links_people).
// mode: write
// params: uid, marked, mark, thresholds, linkingCap, tipsPerAccount
// returns: identifier
MATCH (n:Identifier {uid: $uid})
CREATE (m:GenericMark)
SET m = $mark
CREATE (m)-[:MARKS]->(n)
SET n.markedGeneric = $marked,
    n.markedBy = $mark.by, n.markedAt = $mark.at, n.markedReason = $mark.reason,
    n.generic = n.genericReason IS NOT NULL OR $marked
                OR NOT (n.tipCount <= $linkingCap AND $thresholds[n.kind] > 0
                        AND CASE WHEN coalesce(n.suspectAccounts, 0) = 0 THEN n.tipCount <= $thresholds[n.kind]
                                 ELSE n.suspectAccounts <= $thresholds[n.kind]
                                      OR n.tipCount >= $tipsPerAccount * n.suspectAccounts END)
RETURN n {.*} AS identifier
