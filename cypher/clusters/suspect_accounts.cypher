// The suspect accounts some tips carry (uids), read once per tip: ingest counts the distinct accounts behind a group from its carriers' lists, where counting them per group walked a tip shared by many groups once for each.
// mode: read
// params: ids
// returns: tipId, accounts
UNWIND $ids AS id
MATCH (t:Tip {id: id})
RETURN t.id AS tipId,
       [(t)-[:HAS {role: 'SUSPECT'}]->(a:Identifier {kind: 'ACCOUNT'}) | a.uid] AS accounts
