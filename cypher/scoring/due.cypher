// Tips whose score time has made stale (the next evidence-age or preservation band boundary, scoreValidUntil, has passed), stalest first, a batch at a time.
// mode: read
// params: now, limit
// returns: id, report, labels, finishedAt, preservationDeadline
MATCH (t:Tip)
WHERE t.scoreValidUntil <= $now
WITH t
ORDER BY t.scoreValidUntil ASC
LIMIT $limit
RETURN t.id AS id, t.report AS report, t.labels AS labels, t.finishedAt AS finishedAt,
       t.preservationDeadline AS preservationDeadline
