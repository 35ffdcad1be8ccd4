// Records one migration as applied to this store (graph/migrations.py runs it after each step it completed), keeping those recorded before: running it again changes nothing.
// mode: write
// params: migration
// returns: applied
MERGE (m:Migrations {id: 'tipgraph'})
SET m.applied = [done IN coalesce(m.applied, []) WHERE done <> $migration] + $migration
RETURN m.applied AS applied
