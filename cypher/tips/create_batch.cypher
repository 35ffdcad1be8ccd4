// Creates a batch of new tips (checked absent in this transaction; the uniqueness constraint refuses a racing duplicate).
// mode: write
// params: tips
// returns: created
UNWIND $tips AS row
CREATE (t:Tip)
SET t = row
RETURN count(t) AS created
