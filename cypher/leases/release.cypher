// Gives up a named lease if this holder has it, so another worker may take it at once.
// mode: write
// params: lease, holder
// returns: released
MATCH (l:Lease {name: $lease})
WHERE l.holder = $holder
SET l.holder = null, l.expiresAt = null
RETURN true AS released
