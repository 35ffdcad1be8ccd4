// Every identifier's kept count of the suspect accounts behind it beside the same count made from scratch (the reference path of tests only).
// mode: read
// returns: uid, stored, counted
MATCH (n:Identifier)
RETURN n.uid AS uid, n.suspectAccounts AS stored,
       COUNT { MATCH (n)<-[:HAS]-(:Tip)-[:HAS {role: 'SUSPECT'}]->(a:Identifier {kind: 'ACCOUNT'}) RETURN DISTINCT a } AS counted
ORDER BY uid
