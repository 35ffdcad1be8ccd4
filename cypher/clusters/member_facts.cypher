// What classifying clusters needs beyond the linking rows, for a batch of clustered tips: the incident time, the locations and the suspect accounts each carries (as [uid, key, tipCount, role]).
// mode: read
// params: ids
// returns: tipId, incidentDateTime, identifiers
UNWIND $ids AS id
MATCH (t:Tip {id: id})
RETURN t.id AS tipId, t.incidentDateTime AS incidentDateTime,
       [(t)-[r:HAS]->(n:Identifier)
        WHERE n.kind = 'LOCATION' OR (n.kind = 'ACCOUNT' AND r.role = 'SUSPECT')
        | [n.uid, n.key, n.tipCount, r.role]] AS identifiers
