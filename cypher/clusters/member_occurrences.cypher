// The clustering rows of some tips, as the whole-graph read (clusters/occurrences) gives them: each identifier the tips carry that may link (carried by two tips or more, not above its kind's threshold), in uid order, with the distinct suspect accounts behind it (null for two tips) and the occurrences of these tips only, as [tipId, role, at, port, possibleProxy, verified].
// mode: read
// params: ids, thresholds
// returns: uid, kind, key, tipCount, generic, accounts, occurrences
UNWIND $ids AS id
MATCH (t:Tip {id: id})-[r:HAS]->(n:Identifier)
WHERE n.tipCount >= 2 AND n.tipCount <= $thresholds[n.kind]
WITH n, collect([t.id, r.role, r.at, r.port, r.possibleProxy, r.verified]) AS occurrences
RETURN n.uid AS uid, n.kind AS kind, n.key AS key, n.tipCount AS tipCount,
       n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false) AS generic,
       CASE WHEN n.tipCount > 2
            THEN COUNT { MATCH (n)<-[:HAS]-(:Tip)-[:HAS {role: 'SUSPECT'}]->(a:Identifier {kind: 'ACCOUNT'})
                         RETURN DISTINCT a }
       END AS accounts,
       occurrences
ORDER BY uid
