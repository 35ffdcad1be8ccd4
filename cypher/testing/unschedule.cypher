// Test helper: makes tips look as if scored before scores carried a validity (no scoredAt, no scoreValidUntil).
// mode: write
// params: ids
// returns: id
UNWIND $ids AS id
MATCH (t:Tip {id: id})
REMOVE t.scoredAt, t.scoreValidUntil
RETURN t.id AS id
