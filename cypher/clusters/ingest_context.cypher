// What ingest-time clustering needs about the identifiers a batch's new tips may link through: each one's explicit generic verdict and the newest few tips that carried it before the batch (a fixed order), with their clusters and observations.
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
  // The newest, in a fixed order: which few are read decides links, so it must not be storage order.
  ORDER BY t.receivedAt DESC, t.id DESC
  LIMIT $perIdentifier
  RETURN collect([t.id, t.clusterId, r.role, r.at, r.port, r.possibleProxy, r.verified]) AS occurrences
}
RETURN n.uid AS uid, n.kind AS kind, n.key AS key, n.tipCount AS tipCount,
       n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false) AS generic, occurrences
