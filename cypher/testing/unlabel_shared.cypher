// Takes the Shared label off every identifier, as a store kept before the label stood: for tests only.
// mode: write
// returns: removed
MATCH (n:Shared)
REMOVE n:Shared
RETURN count(n) AS removed
