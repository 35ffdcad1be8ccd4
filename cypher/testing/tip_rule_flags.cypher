// Sets every identifier's generic flag as tipgraph kept it before the people rule (carried by more tips than its kind's threshold, or generic by reason or mark), to test the migration: for tests only.
// mode: write
// params: thresholds
// returns: flagged
MATCH (n:Identifier)
SET n.generic = n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false) OR n.tipCount > $thresholds[n.kind]
RETURN count(CASE WHEN n.generic THEN 1 END) AS flagged
