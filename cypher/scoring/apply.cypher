// Stores re-computed scores (both variants), keeping the variant the tip is on (linked or alone), moving an open tip in the queue; a tip no longer due (another run re-scored it first) is left alone.
// mode: write
// params: rows, now
// returns: id, changed
UNWIND $rows AS row
MATCH (t:Tip {id: row.id})
WHERE t.scoreValidUntil <= $now
WITH t, row, CASE WHEN t.scoreDetails = t.scoreDetailsIfLinked THEN row.linked ELSE row.alone END AS chosen
WITH t, row, chosen,
     [t.score, t.actionClass, t.priority] <> [chosen.score, chosen.actionClass, chosen.priority] AS changed
SET t.score = chosen.score,
    t.actionClass = chosen.actionClass,
    t.priority = chosen.priority,
    t.scoreDetails = chosen.scoreDetails,
    t.queueKeyWhenOpen = chosen.queueKeyWhenOpen,
    t.queueKey = CASE WHEN t.queueKey IS NULL THEN null ELSE chosen.queueKeyWhenOpen END,
    t.scoreIfLinked = row.linked.score,
    t.actionClassIfLinked = row.linked.actionClass,
    t.priorityIfLinked = row.linked.priority,
    t.scoreDetailsIfLinked = row.linked.scoreDetails,
    t.queueKeyWhenOpenIfLinked = row.linked.queueKeyWhenOpen,
    t.scoredAt = row.scoredAt,
    t.scoreValidUntil = row.nextValidUntil
RETURN t.id AS id, changed
