// Gives up to $limit loaded tips their empty list properties, in one pass over the tips: the offline importer stores no property for an empty array where online ingest stores [], and every loaded tip has each list (graph.bulkload.shape refuses an absent one, LIST_COLUMNS names these three), so a tip without one had it empty. Repeated until it sets fewer than $limit; no tip ids travel.
// mode: write
// params: limit
// returns: set
MATCH (t:Tip)
WHERE t.annotations IS NULL OR t.labels IS NULL OR t.referredTo IS NULL
WITH t
LIMIT $limit
SET t.annotations = coalesce(t.annotations, []),
    t.labels = coalesce(t.labels, []),
    t.referredTo = coalesce(t.referredTo, [])
RETURN count(t) AS set
