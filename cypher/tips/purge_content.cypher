// Removes the report content of NON_ACTIONABLE tips decided before a cutoff, keeping identifier keys and links; returns the purged ids.
// mode: write
// params: cutoff, limit, now
// returns: id
MATCH (t:Tip {disposition: 'NON_ACTIONABLE'})
WHERE t.dispositionChangedAt < $cutoff AND t.purgedAt IS NULL
WITH t LIMIT $limit
SET t.report = null,
    t.escalateToHighPriority = null,
    t.purgedAt = $now
WITH t
OPTIONAL MATCH (t)-[r:HAS]->()
SET r.raw = null
RETURN DISTINCT t.id AS id
