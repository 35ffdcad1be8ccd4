// Moves every digest of some groups to the group they merged into (a file's digests found listed together).
// mode: write
// params: moves
// returns: moved
UNWIND $moves AS move
MATCH (i:Identifier {contentClusterId: move.from})
SET i.contentClusterId = move.to
RETURN count(i) AS moved
