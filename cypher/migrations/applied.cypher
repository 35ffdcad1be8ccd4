// The names of the one-shot migrations (graph/migrations.py) recorded as applied to this store, or null when it records none (a store kept from before the record, or one never opened by this tipgraph).
// mode: read
// returns: applied
OPTIONAL MATCH (m:Migrations {id: 'tipgraph'})
RETURN m.applied AS applied
