// Switches the older tip of each identifier a batch shared for the first time to its score as a linked tip (repeat behaviour).
// mode: write
// params: uids, newIds
// returns: rescored
// HAS only ever runs from a Tip to an Identifier: no label is checked on its ends (a db hit per row each).
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
UNWIND $uids AS uid
MATCH (:Identifier {uid: uid})<-[:HAS]-(older)
WHERE NOT older.id IN $newIds AND older.scoreIfLinked IS NOT NULL
WITH DISTINCT older
SET older.score = older.scoreIfLinked,
    older.actionClass = older.actionClassIfLinked,
    older.priority = older.priorityIfLinked,
    older.scoreDetails = older.scoreDetailsIfLinked,
    older.queueKeyWhenOpen = older.queueKeyWhenOpenIfLinked,
    older.queueKey = CASE WHEN older.queueKey IS NULL THEN null ELSE older.queueKeyWhenOpenIfLinked END
// A count, not a record per tip: ingest needs none of them back.
RETURN count(older) AS rescored
