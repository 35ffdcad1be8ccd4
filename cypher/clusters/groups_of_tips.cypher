// The whole clustering groups of the identifiers some tips carry that may link (carried by two tips or more, linking by the people rule: graph/clustering/thresholds.py RULE_PARAMS), leaving out those already read: every tip carrying each, with its cluster, so ingest can recluster exactly the components these tips touch; accounts as in clusters/occurrences, occurrences as [tipId, clusterId, role, atEpochSeconds, atNanosecond, port, possibleProxy, verified] (times as numbers: the driver's DateTime per occurrence cost more than the rest of the row); and, in the same statement (one round trip where a second statement cost another), the judgements in force (not withdrawn) about those tips, oldest first as judgements/active orders them, with each judged tip's current cluster, as [tipA, tipB, verdict, clusterA, clusterB] lists: ingest reclusters these tips with the judgements a recompute would apply to them (as clusters/judgements_of_tips reads them).
// mode: read
// params: ids, known, thresholds, linkingCap, tipsPerAccount
// returns: groups, judgements
// HAS only ever runs from a Tip to an Identifier: no label is checked on its ends (a db hit per row each).
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
CALL () {
  UNWIND $ids AS id
  // Planned from the tips: left to itself, the planner (misled by the uid filter below) may scan the whole
  // uid index of the identifiers once per tip instead (13M db hits for a 1,000-tip batch on 2,000 tips).
  MATCH (carrier:Tip {id: id})-[:HAS]->(n)
  USING INDEX carrier:Tip(id)
  WHERE n.tipCount >= 2 AND NOT n.uid IN $known
    AND n.tipCount <= $linkingCap AND $thresholds[n.kind] > 0
    AND CASE WHEN coalesce(n.suspectAccounts, 0) = 0 THEN n.tipCount <= $thresholds[n.kind]
             ELSE n.suspectAccounts <= $thresholds[n.kind] OR n.tipCount >= $tipsPerAccount * n.suspectAccounts END
  WITH DISTINCT n
  CALL (n) {
    MATCH (t)-[r:HAS]->(n)
    RETURN collect([t.id, t.clusterId, r.role, r.at.epochSeconds, r.at.nanosecond, r.port, r.possibleProxy,
                    r.verified]) AS occurrences
  }
  WITH n, occurrences
  ORDER BY n.uid
  // One record of [uid, kind, key, tipCount, generic, accounts, occurrences] lists, in uid order.
  RETURN collect([n.uid, n.kind, n.key, n.tipCount,
                  n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false),
                  // Kept on the node (identifiers/count_suspect_accounts, the bulk load, migrations/suspect_accounts).
                  CASE WHEN n.tipCount > 2 THEN n.suspectAccounts END,
                  occurrences]) AS groups
}
// Found through the indexes on the two tip ids a judgement names (judgements/record links it ABOUT exactly
// those two): two index seeks per tip.
CALL () {
  UNWIND $ids AS id
  CALL (id) {
    MATCH (j:Judgement {tipA: id})
    RETURN j
    UNION
    MATCH (j:Judgement {tipB: id})
    RETURN j
  }
  WITH DISTINCT j
  WHERE j.withdrawnAt IS NULL
  MATCH (a:Tip {id: j.tipA}), (b:Tip {id: j.tipB})
  WITH j, a, b
  ORDER BY j.at ASC
  RETURN collect([j.tipA, j.tipB, j.verdict, a.clusterId, b.clusterId]) AS judgements
}
RETURN groups, judgements
