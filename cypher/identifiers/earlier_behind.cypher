// For some of a batch's suspect accounts that earlier tips carry, which of the batch's identifiers beside each account an earlier tip (not one of the batch's) carries beside it too (an account stands beside itself only through another of a tip's links to it): what was already behind those identifiers. Asked once per account, from the account, whose tips are few.
// mode: read
// params: accounts, ids
// returns: accounts
// HAS only ever runs from a Tip to an Identifier (tips/create_batch, the bulk load): no label is checked
// on either end (one db hit per row each).
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
UNWIND $accounts AS c
MATCH (:Identifier {uid: c.uid})<-[r2:HAS {role: 'SUSPECT'}]-(v)
WHERE NOT v.id IN $ids
MATCH (v)-[r3:HAS]->(m)
WHERE r3 <> r2 AND m.uid IN c.identifiers
WITH c.uid AS uid, collect(DISTINCT m.uid) AS carried
// One record of [uid, carried] lists.
RETURN collect([uid, carried]) AS accounts
