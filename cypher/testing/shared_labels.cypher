// The identifiers whose Shared label disagrees with their tip count (labelled with fewer than two tips, or two or more without it), and how many bear it: for tests only.
// mode: read
// returns: wrong, shared
MATCH (n:Identifier)
RETURN [uid IN collect(CASE WHEN (n.tipCount >= 2) <> (n:Shared) THEN n.uid END) WHERE uid IS NOT NULL] AS wrong,
       count(CASE WHEN n:Shared THEN 1 END) AS shared
