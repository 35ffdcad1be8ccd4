// Keeps each identifier's count of the distinct suspect ACCOUNT identifiers behind it (of all the tips carrying it) current after new tips are linked: the batch's suspect accounts that no earlier tip carrying the identifier holds are added; an identifier without a count (stored before counts were kept) is counted whole.
// mode: write
// params: ids
// returns: counted
// Runs in the transaction that merged the batch's identifiers (identifiers/merge_batch), after its links: each
// node's write lock is held already, so a concurrent writer of the same identifier waits for this count and
// then sees these tips (its own are added exactly once). The check starts from the account, whose tips are
// few, never from a super-node's tips.
UNWIND $ids AS id
MATCH (t:Tip {id: id})
WITH t, [(t)-[r:HAS {role: 'SUSPECT'}]->(a:Identifier {kind: 'ACCOUNT'}) | [r, a]] AS suspects
MATCH (t)-[r1:HAS]->(n:Identifier)
// Counted as the pattern (n)<-[:HAS]-(:Tip)-[:HAS {role: 'SUSPECT'}]->(a) counts them, which never takes one
// relationship twice: an account stands behind itself only through another of a tip's links to it.
UNWIND CASE suspects WHEN [] THEN [null] ELSE suspects END AS suspect
WITH n, CASE WHEN suspect[0] <> r1 THEN suspect[1] END AS a
WITH n, collect(DISTINCT a) AS candidates
CALL (n, candidates) {
  WITH n, candidates WHERE n.suspectAccounts IS NOT NULL
  UNWIND candidates AS a
  WITH n, a WHERE NOT EXISTS {
    MATCH (a)<-[r2:HAS {role: 'SUSPECT'}]-(v:Tip)
    WHERE NOT v.id IN $ids AND EXISTS { MATCH (v)-[r3:HAS]->(n) WHERE r3 <> r2 }
  }
  RETURN count(a) AS added
}
SET n.suspectAccounts = CASE WHEN n.suspectAccounts IS NULL
                             THEN COUNT { MATCH (n)<-[:HAS]-(:Tip)-[:HAS {role: 'SUSPECT'}]->(a:Identifier {kind: 'ACCOUNT'})
                                          RETURN DISTINCT a }
                             ELSE n.suspectAccounts + added
                        END
RETURN count(n) AS counted
