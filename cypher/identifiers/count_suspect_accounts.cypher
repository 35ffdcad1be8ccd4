// Keeps each identifier's count of the distinct suspect ACCOUNT identifiers behind it (of all the tips carrying it) current after new tips are linked, for identifiers earlier tips carry too (identifiers/merge_batch counted the others): ingest says how many of the batch's accounts were not behind it before (`added`, decided from the batch and identifiers/earlier_behind); an identifier without a count (stored before counts were kept) is counted whole. Each one counted gets its generic flag again by the people rule on its new count (graph/clustering/thresholds.py links_people), and is returned with it ([uid, accounts, generic] lists in one record).
// mode: write
// params: identifiers, thresholds, linkingCap, tipsPerAccount
// returns: identifiers
// Runs in the transaction that merged the batch's identifiers (identifiers/merge_batch), after its links: each
// node's write lock is held already, so a concurrent writer of the same identifier waits for this count and
// then sees these tips (its own are added exactly once). An identifier the batch adds nothing to is not written.
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
UNWIND $identifiers AS c
MATCH (n:Identifier {uid: c.uid})
WITH n, c
WHERE c.added > 0 OR n.suspectAccounts IS NULL
CALL (n) {
  // Counted as the pattern counts them, which never takes one relationship twice: an account stands behind
  // itself only through another of a tip's links to it.
  WITH n WHERE n.suspectAccounts IS NULL
  MATCH (n)<-[:HAS]-(:Tip)-[:HAS {role: 'SUSPECT'}]->(a:Identifier {kind: 'ACCOUNT'})
  RETURN count(DISTINCT a) AS behind
}
WITH n, CASE WHEN n.suspectAccounts IS NULL THEN behind ELSE n.suspectAccounts + c.added END AS accounts
// One SET from the count just made (none reads another item's new value), so the plan materialises the
// rows once.
SET n.suspectAccounts = accounts,
    n.generic = n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false)
                OR NOT (n.tipCount <= $linkingCap AND $thresholds[n.kind] > 0
                        AND CASE WHEN accounts = 0 THEN n.tipCount <= $thresholds[n.kind]
                                 ELSE accounts <= $thresholds[n.kind]
                                      OR n.tipCount >= $tipsPerAccount * accounts END)
RETURN collect([n.uid, accounts, n.generic]) AS identifiers
