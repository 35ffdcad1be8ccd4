// Withdraws a judgement (it stays in the log, marked withdrawn, with who and why).
// mode: write
// params: id, by, at, reason
// returns: judgement
MATCH (j:Judgement {id: $id})
WHERE j.withdrawnAt IS NULL
SET j.withdrawnBy = $by, j.withdrawnAt = $at, j.withdrawnReason = $reason
RETURN j {.*} AS judgement
