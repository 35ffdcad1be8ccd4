// What classifying clusters needs beyond the linking rows, for a batch of clustered tips, as ONE row: per tip [tipId, incidentEpochSeconds, incidentNanosecond, incidentOffsetSeconds, identifiers], its incident time as numbers (a driver DateTime per tip cost more than the rest) and the locations and suspect accounts it carries (as [uid, key, tipCount, role]).
// mode: read
// params: ids
// returns: tips
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
UNWIND $ids AS id
MATCH (t:Tip {id: id})
WITH t, t.incidentDateTime AS at
RETURN collect([t.id, at.epochSeconds, at.nanosecond, at.offsetSeconds,
                [(t)-[r:HAS]->(n:Identifier)
                 WHERE n.kind = 'LOCATION' OR (n.kind = 'ACCOUNT' AND r.role = 'SUSPECT')
                 | [n.uid, n.key, n.tipCount, r.role]]]) AS tips
