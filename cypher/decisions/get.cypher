// One decision with its per-tip changes and each tip's current version, for undo.
// mode: write
// params: id
// returns: decision, changes
MATCH (d:Decision {id: $id})
OPTIONAL MATCH (d)-[c:CHANGED]->(t:Tip)
SET t.version = t.version
RETURN d {.*} AS decision,
       collect(CASE WHEN t IS NULL THEN null ELSE c {.*, id: t.id, currentVersion: t.version,
               current: coalesce(t.disposition, 'NEW'), currentReferredTo: coalesce(t.referredTo, []),
               currentOutcome: t.outcome, currentIncidentId: t.incidentId} END) AS changes
