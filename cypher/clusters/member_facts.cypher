// What classifying clusters needs beyond the linking rows, for a batch of clustered tips: the incident time and the locations each carries.
// mode: read
// params: ids
// returns: tipId, incidentDateTime, locations
UNWIND $ids AS id
MATCH (t:Tip {id: id})
RETURN t.id AS tipId, t.incidentDateTime AS incidentDateTime,
       [(t)-[r:HAS]->(l:Identifier {kind: 'LOCATION'}) | [l.uid, l.key, l.tipCount, r.role]] AS locations
