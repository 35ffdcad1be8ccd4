// Keeps each identifier's count of the distinct suspect ACCOUNT identifiers behind it (of all the tips carrying it) current after new tips are linked. Ingest names, per identifier of the batch, what the batch alone decides: `whole` when every tip carrying it is the batch's (the count is the batch's own), else `fresh` (the batch's accounts no earlier tip carries, so none stood behind it before) and `check` (the batch's accounts that earlier tips carry, looked up here); an identifier without a count (stored before counts were kept) is counted whole.
// mode: write
// params: identifiers, ids
// returns: counted
// Runs in the transaction that merged the batch's identifiers (identifiers/merge_batch), after its links: each
// node's write lock is held already, so a concurrent writer of the same identifier waits for this count and
// then sees these tips (its own are added exactly once). The check starts from the account, whose tips are
// few, never from a super-node's tips; an identifier the batch adds nothing to is not written.
UNWIND $identifiers AS c
MATCH (n:Identifier {uid: c.uid})
WITH n, c
WHERE c.whole IS NOT NULL OR c.fresh > 0 OR size(c.check) > 0 OR n.suspectAccounts IS NULL
CALL (n, c) {
  // Counted as the pattern counts them, which never takes one relationship twice: an account stands behind
  // itself only through another of a tip's links to it.
  WITH n, c WHERE c.whole IS NULL AND n.suspectAccounts IS NULL
  MATCH (n)<-[:HAS]-(:Tip)-[:HAS {role: 'SUSPECT'}]->(a:Identifier {kind: 'ACCOUNT'})
  RETURN count(DISTINCT a) AS behind
}
CALL (n, c) {
  WITH n, c WHERE c.whole IS NULL AND n.suspectAccounts IS NOT NULL
  UNWIND c.check AS uid
  MATCH (a:Identifier {uid: uid})
  WHERE NOT EXISTS {
    MATCH (a)<-[r2:HAS {role: 'SUSPECT'}]-(v:Tip)
    WHERE NOT v.id IN $ids AND EXISTS { MATCH (v)-[r3:HAS]->(n) WHERE r3 <> r2 }
  }
  RETURN count(a) AS added
}
SET n.suspectAccounts = CASE WHEN c.whole IS NOT NULL THEN c.whole
                             WHEN n.suspectAccounts IS NULL THEN behind
                             ELSE n.suspectAccounts + c.fresh + added
                        END
RETURN count(n) AS counted
