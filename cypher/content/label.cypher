// Sets content digests' group ids (a null id takes a digest out of every group); a digest already labelled so is not rewritten.
// mode: write
// params: labels
// returns: labelled
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
UNWIND $labels AS row
MATCH (i:Identifier {uid: row.uid})
WHERE i.contentClusterId IS NULL OR row.id IS NULL OR i.contentClusterId <> row.id
SET i.contentClusterId = row.id
RETURN count(i) AS labelled
