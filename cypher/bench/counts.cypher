// How many tips, identifiers and tip-identifier links are stored, from the count store (benchmarks only).
// mode: read
// returns: tips, identifiers, links
CALL () { MATCH (t:Tip) RETURN count(t) AS tips }
CALL () { MATCH (n:Identifier) RETURN count(n) AS identifiers }
CALL () { MATCH (:Tip)-[r:HAS]->() RETURN count(r) AS links }
RETURN tips, identifiers, links
