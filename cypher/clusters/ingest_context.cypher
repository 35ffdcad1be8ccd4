// What ingest-time clustering needs about the identifiers a batch's new tips may link through: each one's explicit generic verdict and a few of the tips that carried it before the batch, with their clusters and observations.
// mode: read
// params: uids, thresholds, before, perIdentifier
// returns: uid, kind, key, tipCount, generic, occurrences
UNWIND $uids AS uid
MATCH (n:Identifier {uid: uid})
WHERE n.tipCount >= 2 AND n.tipCount <= $thresholds[n.kind]
CALL (n) {
  MATCH (t:Tip)-[r:HAS]->(n)
  WHERE t.receivedAt < $before
  WITH t, r
  LIMIT $perIdentifier
  RETURN collect([t.id, t.clusterId, r.role, r.at, r.port, r.possibleProxy, r.verified]) AS occurrences
}
RETURN n.uid AS uid, n.kind AS kind, n.key AS key, n.tipCount AS tipCount,
       n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false) AS generic, occurrences
