// Writes a batch's identifiers, one MERGE each: creates the new ones, counts the batch's tips into the stored ones in place, and returns each one's tip count after the batch and whether it is generic (read under the node's write lock, so another writer's batch is counted before this one, never lost).
// mode: write
// params: identifiers, at, thresholds
// returns: uid, tipCount, generic
UNWIND $identifiers AS i
MERGE (n:Identifier {uid: i.uid})
  ON CREATE SET n.kind = i.kind, n.key = i.key, n.tipCount = 0, n.raws = [], n.firstSeen = $at
WITH n, i, n.tipCount AS earlier, coalesce(n.genericReason, i.genericReason) AS reason
SET n.tipCount = earlier + i.tips,
    n.raws = (n.raws + [raw IN i.raws WHERE NOT raw IN n.raws])[..10],
    n.genericReason = reason,
    n.generic = reason IS NOT NULL OR coalesce(n.markedGeneric, false) OR earlier + i.tips > $thresholds[i.kind],
    n.lastSeen = $at
RETURN n.uid AS uid, n.tipCount AS tipCount, n.generic AS generic
