// The judgements in force (not withdrawn) about some tips, oldest first as judgements/active orders them, with each judged tip's current cluster: ingest reclusters these tips with the judgements a recompute would apply to them.
// mode: read
// params: ids
// returns: tipA, tipB, verdict, clusterA, clusterB
// Found through the indexes on the two tip ids a judgement names (judgements/record links it ABOUT exactly
// those two): two index seeks per tip, where walking each tip's relationships to find ABOUT ones read every
// HAS link of every tip (7,698 db hits for 572 tips and no judgement).
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
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
RETURN j.tipA AS tipA, j.tipB AS tipB, j.verdict AS verdict, a.clusterId AS clusterA, b.clusterId AS clusterB
ORDER BY j.at ASC
