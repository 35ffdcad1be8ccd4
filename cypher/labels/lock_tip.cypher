// Locks a tip for a file review (an exclusive write lock held to the end of the transaction, so concurrent reviews of one tip serialise and none loses another's label) and returns what re-scoring it needs.
// mode: write
// params: id
// returns: id, report, labels, finishedAt, preservationDeadline, score, linked
MATCH (t:Tip {id: $id})
SET t.labels = coalesce(t.labels, [])
RETURN t.id AS id, t.report AS report, t.labels AS labels, t.finishedAt AS finishedAt,
       t.preservationDeadline AS preservationDeadline, t.score AS score,
       // The tip is on its linked variant when it gained a link (cypher/tips/create_batch.cypher).
       t.scoreDetailsIfLinked IS NOT NULL AND t.scoreDetails = t.scoreDetailsIfLinked AS linked
