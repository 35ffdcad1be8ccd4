// Keeps each identifier's count of the distinct suspect ACCOUNT identifiers behind it (of all the tips carrying it) current after new tips are linked, for identifiers earlier tips carry too (identifiers/merge_batch counted the others), in one statement: first, for the batch's suspect accounts that earlier tips carry (`batch.accounts`, each with the batch's identifiers beside it), which of those identifiers an earlier tip (not one of the batch's, `batch.newIds`) carries beside the account too: they were behind already (asked once per account, from the account, whose tips are few; an account stands beside itself only through another of a tip's links to it). Then each identifier (`batch.identifiers`) gets the accounts ingest found new behind it (`added`: no earlier tip carries them) plus those of its `checked` accounts that were not behind it already; one without a count (stored before counts were kept) is counted whole. Each one whose count moved gets its generic flag again by the people rule on its new count (graph/clustering/thresholds.py links_people), and is returned with it ([uid, accounts, generic] lists in one record). Then, by the verdicts now set, the whole groups clustering reads of the batch's identifiers that link (`batch.groups`), as clusters/groups reads them.
// mode: write
// params: batch, thresholds, linkingCap, tipsPerAccount
// returns: identifiers, groups
// Runs in the transaction that merged the batch's identifiers (identifiers/merge_batch), after its links: each
// node's write lock is held already, so a concurrent writer of the same identifier waits for this count and
// then sees these tips (its own are added exactly once). An identifier the batch adds nothing to is not written.
// HAS only ever runs from a Tip to an Identifier (tips/create_batch, the bulk load): no label is checked on
// either end of the accounts' walk (one db hit per row each).
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept). Its lists arrive in one map
// (`batch`): Neo4j keys a cached plan by the size band of a list parameter, never by the entries of a map.
CALL () {
  UNWIND $batch.accounts AS c
  MATCH (:Identifier {uid: c.uid})<-[r2:HAS {role: 'SUSPECT'}]-(v)
  WHERE NOT v.id IN $batch.newIds
  MATCH (v)-[r3:HAS]->(m)
  WHERE r3 <> r2 AND m.uid IN c.identifiers
  WITH DISTINCT c.uid AS account, m.uid AS uid
  // Each identifier once per account already behind it (before the batch).
  RETURN collect(uid) AS behindBefore
}
CALL (behindBefore) {
  UNWIND $batch.identifiers AS c
  MATCH (n:Identifier {uid: c.uid})
  WITH n, c.added + c.checked - size([uid IN behindBefore WHERE uid = c.uid]) AS added
  WHERE added > 0 OR n.suspectAccounts IS NULL
  CALL (n) {
    // Counted as the pattern counts them, which never takes one relationship twice: an account stands behind
    // itself only through another of a tip's links to it.
    WITH n WHERE n.suspectAccounts IS NULL
    MATCH (n)<-[:HAS]-(:Tip)-[:HAS {role: 'SUSPECT'}]->(a:Identifier {kind: 'ACCOUNT'})
    RETURN count(DISTINCT a) AS behind
  }
  WITH n, CASE WHEN n.suspectAccounts IS NULL THEN behind ELSE n.suspectAccounts + added END AS accounts
  // One SET from the count just made (none reads another item's new value), so the plan materialises the
  // rows once.
  SET n.suspectAccounts = accounts,
      n.generic = n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false)
                  OR NOT (n.tipCount <= $linkingCap AND $thresholds[n.kind] > 0
                          AND CASE WHEN accounts = 0 THEN n.tipCount <= $thresholds[n.kind]
                                   ELSE accounts <= $thresholds[n.kind]
                                        OR n.tipCount >= $tipsPerAccount * accounts END)
  RETURN collect([n.uid, accounts, n.generic]) AS identifiers
}
// The whole groups ingest-time clustering reads next (`batch.groups`: the batch's identifiers earlier tips
// carry too, of two tips or more, that may link), of those that link by the verdicts just set, each with its
// earlier carriers only (the batch knows its own): what clusters/groups reads, here where a statement of its
// own cost a round trip. Occurrences as [tipId, clusterId, role, atEpochSeconds, atNanosecond, port,
// possibleProxy, verified] (times as numbers).
CALL (identifiers) {
  UNWIND $batch.groups AS uid
  MATCH (n:Identifier {uid: uid})
  WHERE NOT coalesce(n.generic, false)
  CALL (n) {
    MATCH (t)-[r:HAS]->(n)
    WHERE NOT t.id IN $batch.newIds
    RETURN collect([t.id, t.clusterId, r.role, r.at.epochSeconds, r.at.nanosecond, r.port, r.possibleProxy,
                    r.verified]) AS occurrences
  }
  WITH n, occurrences
  ORDER BY n.uid
  // [uid, kind, key, tipCount, generic, accounts, occurrences] lists, in uid order, as clusters/groups.
  RETURN collect([n.uid, n.kind, n.key, n.tipCount,
                  n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false),
                  CASE WHEN n.tipCount > 2 THEN n.suspectAccounts END,
                  occurrences]) AS groups
}
RETURN identifiers, groups
