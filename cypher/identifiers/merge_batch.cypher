// Writes a batch's identifiers, one MERGE each: creates the new ones, counts the batch's tips into the stored ones in place, and returns (as one row of lists) each one's tip count after the batch, whether it was generic before the batch and is generic by the people rule on the accounts counted so far (identifiers/count_suspect_accounts finishes the verdict of those whose accounts it counts), its stored reason, its suspect accounts (for an identifier earlier tips carry, as they stood before the batch) and its content cluster (what the batch's content digests' refresh starts from, read here under the lock: no statement of its own) (the count is incremented in its own SET, which takes the node's write lock before reading, so a concurrent writer's tips are added, never lost, and what follows reads current values). An identifier no earlier tip carries gets the count of suspect accounts behind it the batch gives (`accounts`, absent: none); identifiers/count_suspect_accounts counts the others.
// mode: write
// params: batch, at, thresholds, linkingCap, tipsPerAccount
// returns: identifiers
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept). The rows arrive in one map
// (`batch.identifiers`): Neo4j keys a cached plan by the size band of a list parameter, never by the entries of a map,
// so a batch with more or fewer identifiers than the last reuses its plan.
UNWIND $batch.identifiers AS i
MERGE (n:Identifier {uid: i.uid})
  ON CREATE SET n.kind = i.kind, n.key = i.key, n.tipCount = 0, n.raws = [], n.firstSeen = $at
SET n.tipCount = n.tipCount + i.tips
// Shared from its second tip on (counts never drop): a recompute reads only these (clusters/occurrences).
FOREACH (shared IN CASE WHEN n.tipCount >= 2 AND NOT n:Shared THEN [true] ELSE [] END | SET n:Shared)
// The verdict as it stood, read under the write lock the count took (a new node has none).
WITH n, i, coalesce(n.generic, false) AS wasGeneric
// One SET for the rest, each value from the node as it stood and the row (none reads another's new value),
// so the plan materialises the rows once, not after every clause.
SET n.raws = (n.raws + [raw IN i.raws WHERE NOT raw IN n.raws])[..10],
    n.genericReason = coalesce(n.genericReason, i.genericReason),
    n.lastSeen = $at,
    n.suspectAccounts = CASE WHEN n.tipCount = i.tips AND i.accounts IS NOT NULL THEN i.accounts
                             ELSE n.suspectAccounts END,
    // The people rule (graph/clustering/thresholds.py links_people) on the accounts just set.
    n.generic = n.genericReason IS NOT NULL OR i.genericReason IS NOT NULL
                OR coalesce(n.markedGeneric, false)
                OR NOT all(a IN [coalesce(CASE WHEN n.tipCount = i.tips AND i.accounts IS NOT NULL THEN i.accounts
                                               ELSE n.suspectAccounts END, 0)]
                           WHERE n.tipCount <= $linkingCap AND $thresholds[i.kind] > 0
                             AND CASE WHEN a = 0 THEN n.tipCount <= $thresholds[i.kind]
                                      ELSE a <= $thresholds[i.kind] OR n.tipCount >= $tipsPerAccount * a END)
// One record of [uid, tipCount, wasGeneric, generic, genericReason, accounts, contentClusterId] lists: the
// driver spends more on each record it decodes than on the values in it.
RETURN collect([n.uid, n.tipCount, wasGeneric, n.generic, n.genericReason, n.suspectAccounts,
                n.contentClusterId]) AS identifiers
