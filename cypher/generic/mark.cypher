// A supervisor marks an identifier generic (or clears the mark); the mark is logged append-only and the identifier's generic flag recomputed.
// mode: write
// params: uid, marked, mark, threshold
// returns: identifier
MATCH (n:Identifier {uid: $uid})
CREATE (m:GenericMark)
SET m = $mark
CREATE (m)-[:MARKS]->(n)
SET n.markedGeneric = $marked,
    n.markedBy = $mark.by, n.markedAt = $mark.at, n.markedReason = $mark.reason,
    n.generic = n.genericReason IS NOT NULL OR $marked OR n.tipCount > $threshold
RETURN n {.*} AS identifier
