// The judgements in force (not withdrawn) about some tips, oldest first as judgements/active orders them, with each judged tip's current cluster: ingest reclusters these tips with the judgements a recompute would apply to them.
// mode: read
// params: ids
// returns: tipA, tipB, verdict, clusterA, clusterB
UNWIND $ids AS id
MATCH (j:Judgement)-[:ABOUT]->(:Tip {id: id})
WHERE j.withdrawnAt IS NULL
WITH DISTINCT j
MATCH (a:Tip {id: j.tipA}), (b:Tip {id: j.tipB})
RETURN j.tipA AS tipA, j.tipB AS tipB, j.verdict AS verdict, a.clusterId AS clusterA, b.clusterId AS clusterB
ORDER BY j.at ASC
