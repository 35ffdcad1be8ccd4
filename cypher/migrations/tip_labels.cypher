// Stores the service labels of tips stored before tips carried labels; a tip labelled meanwhile (a review) is left alone.
// mode: write
// params: rows
// returns: migrated
UNWIND $rows AS row
MATCH (t:Tip {id: row.id})
WHERE t.labels IS NULL
SET t.labels = row.labels
RETURN count(t) AS migrated
