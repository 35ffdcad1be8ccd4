// Gives up to $limit loaded tips without the list property $list an empty one: the offline importer stores no property for an empty array where online ingest stores [], and every loaded tip has each list (graph.bulkload.shape refuses an absent one), so a tip without it had it empty. Repeated until it sets none; no tip ids travel.
// mode: write
// params: list, empty, limit
// returns: set
MATCH (t:Tip)
WHERE t[$list] IS NULL
WITH t
LIMIT $limit
SET t += $empty
RETURN count(t) AS set
