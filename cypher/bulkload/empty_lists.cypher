// Gives a batch of loaded tips their empty list properties (the offline importer stores no property for an empty array, online ingest stores []).
// mode: write
// params: rows
// returns: set
UNWIND $rows AS row
MATCH (t:Tip {id: row.id})
SET t += row.lists
RETURN count(t) AS set
