// For some of a batch's suspect accounts that earlier tips carry, which of the batch's identifiers beside each account an earlier tip (not one of the batch's) carries beside it too (an account stands beside itself only through another of a tip's links to it): what was already behind those identifiers. Asked once per account, from the account, whose tips are few.
// mode: read
// params: accounts, ids
// returns: uid, carried
UNWIND $accounts AS c
MATCH (:Identifier {uid: c.uid})<-[r2:HAS {role: 'SUSPECT'}]-(v:Tip)
WHERE NOT v.id IN $ids
MATCH (v)-[r3:HAS]->(m:Identifier)
WHERE r3 <> r2 AND m.uid IN c.identifiers
RETURN c.uid AS uid, collect(DISTINCT m.uid) AS carried
