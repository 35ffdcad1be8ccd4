// An incident with what its visible tips add up to: how many, their accounts and platforms, first and last seen.
// mode: read
// params: id, scope
// returns: incident, tipIds, accounts, platforms, firstSeen, lastSeen
MATCH (i:Incident {id: $id})
OPTIONAL MATCH (t:Tip {incidentId: $id})
WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes
WITH i, collect(t) AS tips
WHERE $scope.all OR size(tips) > 0
RETURN i {.*} AS incident,
       [t IN tips | t.id] AS tipIds,
       COLLECT { UNWIND tips AS t MATCH (t)-[:HAS]->(n:Identifier {kind: 'ACCOUNT'}) RETURN DISTINCT n.key } AS accounts,
       COLLECT { UNWIND tips AS t WITH t WHERE t.platform IS NOT NULL RETURN DISTINCT t.platform } AS platforms,
       reduce(m = null, t IN tips | CASE WHEN m IS NULL OR t.incidentDateTime < m THEN t.incidentDateTime ELSE m END) AS firstSeen,
       reduce(m = null, t IN tips | CASE WHEN m IS NULL OR t.incidentDateTime > m THEN t.incidentDateTime ELSE m END) AS lastSeen
