// A store that holds nothing but its migration record needs no migration: it records them all as applied (run whenever the schema is applied, so every store this tipgraph creates starts current). A store holding data is left as it is: only the migrations can tell whether it is current.
// mode: write
// params: applied
// returns: stamped
WITH $applied AS applied
WHERE NOT EXISTS { MATCH (n) WHERE NOT n:Migrations }
MERGE (m:Migrations {id: 'tipgraph'})
SET m.applied = applied
RETURN count(m) AS stamped
