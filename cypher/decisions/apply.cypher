// Records one decision and applies its per-tip changes (each tip was locked and checked in this transaction), with one audit event per tip.
// mode: write
// params: decision, changes
// returns: id, version
CREATE (d:Decision)
SET d = $decision
WITH d
UNWIND $changes AS change
MATCH (t:Tip {id: change.id})
SET t.disposition = change.to,
    t.version = t.version + 1,
    t.referredTo = change.referredTo,
    t.outcome = change.outcome,
    t.incidentId = change.incidentId,
    t.queueKey = CASE WHEN change.to IN ['NEW', 'ACTIONABLE'] THEN t.queueKeyWhenOpen ELSE null END,
    t.dispositionChangedAt = d.at
CREATE (d)-[:CHANGED {from: change.from, to: change.to, fromVersion: change.version, toVersion: change.version + 1,
                      previousReferredTo: change.previousReferredTo, previousOutcome: change.previousOutcome,
                      previousIncidentId: change.previousIncidentId}]->(t)
CREATE (a:AuditEvent)
SET a = change.auditEvent
RETURN t.id AS id, t.version AS version
