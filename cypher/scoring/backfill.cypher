// One-off migration: makes a batch of tips scored before scores carried a validity (no scoredAt) due for re-scoring now; returns how many it marked.
// mode: write
// params: now, limit
// returns: marked
MATCH (t:Tip)
WHERE t.scoredAt IS NULL AND t.scoreValidUntil IS NULL AND t.report IS NOT NULL AND t.score IS NOT NULL
WITH t LIMIT $limit
SET t.scoreValidUntil = $now
RETURN count(t) AS marked
