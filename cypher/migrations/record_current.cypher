// Records every migration as applied to a store this tipgraph has just filled from nothing (the bulk load's import replaces the whole store, its record included): what it wrote needs none.
// mode: write
// params: applied
// returns: applied
MERGE (m:Migrations {id: 'tipgraph'})
SET m.applied = $applied
RETURN m.applied AS applied
