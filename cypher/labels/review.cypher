// Adds a review's label to a locked tip and stores its re-computed scores (both variants, keeping the one the tip is on), moving an open tip in the queue.
// mode: write
// params: id, label, linked, scores
// returns: id, score, priority
MATCH (t:Tip {id: $id})
WITH t, CASE WHEN $linked THEN $scores.linked ELSE $scores.alone END AS chosen
SET t.labels = coalesce(t.labels, []) + [$label],
    t.score = chosen.score,
    t.actionClass = chosen.actionClass,
    t.priority = chosen.priority,
    t.scoreDetails = chosen.scoreDetails,
    t.queueKeyWhenOpen = chosen.queueKeyWhenOpen,
    t.queueKey = CASE WHEN t.queueKey IS NULL THEN null ELSE chosen.queueKeyWhenOpen END,
    t.scoreIfLinked = $scores.linked.score,
    t.actionClassIfLinked = $scores.linked.actionClass,
    t.priorityIfLinked = $scores.linked.priority,
    t.scoreDetailsIfLinked = $scores.linked.scoreDetails,
    t.queueKeyWhenOpenIfLinked = $scores.linked.queueKeyWhenOpen,
    t.scoredAt = $scores.scoredAt,
    t.scoreValidUntil = $scores.nextValidUntil
RETURN t.id AS id, t.score AS score, t.priority AS priority
