// Expires open submissions whose time ran out (24 h after opening or 1 h after the last change, whichever is later).
// mode: write
// params: now
// returns: id
MATCH (s:Submission {status: 'OPEN'})
WHERE s.expiresAt <= $now
SET s.status = 'EXPIRED', s.expiredAt = $now
RETURN s.id AS id
