// Sets the store's record of applied migrations to the names given, or deletes it for none, as a store kept from an older tipgraph would have it: for tests only.
// mode: write
// params: applied
MATCH (m:Migrations)
SET m.applied = $applied
WITH m
WHERE size($applied) = 0
DELETE m
