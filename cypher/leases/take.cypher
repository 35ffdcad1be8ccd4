// Takes or renews a named lease for a holder when it is free, expired or already the holder's; returns who holds it now.
// mode: write
// params: lease, holder, seconds
// returns: held, holder, expiresAt
MERGE (l:Lease {name: $lease})
// Writing first takes the node's write lock, so the check below sees the last committed holder: of two
// workers racing for an expired lease, the second waits and then finds the first one holding it.
SET l.lockedBy = $holder
WITH l, l.holder IS NULL OR l.holder = $holder OR l.expiresAt <= datetime() AS free
SET l.holder = CASE WHEN free THEN $holder ELSE l.holder END,
    l.expiresAt = CASE WHEN free THEN datetime() + duration({seconds: $seconds}) ELSE l.expiresAt END
REMOVE l.lockedBy
RETURN l.holder = $holder AS held, l.holder AS holder, l.expiresAt AS expiresAt
