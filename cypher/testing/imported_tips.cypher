// Creates tips as the offline importer leaves them (only the given properties: no empty list, no cluster id), for the load's tip writes' tests only.
// mode: write
// params: tips
UNWIND $tips AS row
CREATE (t:Tip)
SET t = row
