// The judgements in force (not withdrawn), oldest first, for clustering: a later judgement on a pair overrides an earlier one.
// mode: read
// returns: tipA, tipB, verdict, at
MATCH (j:Judgement)
WHERE j.withdrawnAt IS NULL
RETURN j.tipA AS tipA, j.tipB AS tipB, j.verdict AS verdict, j.at AS at
ORDER BY j.at ASC
