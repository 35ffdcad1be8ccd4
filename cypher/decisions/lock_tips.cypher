// Locks the visible tips a decision is about (an exclusive write lock, held to the end of the transaction, so concurrent decisions serialise) and returns their current state.
// mode: write
// params: ids, scope
// returns: id, disposition, version, referredTo, outcome, incidentId, finishedAt
UNWIND $ids AS id
MATCH (t:Tip {id: id})
WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes
SET t.version = coalesce(t.version, 1)
RETURN t.id AS id, coalesce(t.disposition, 'NEW') AS disposition, t.version AS version,
       coalesce(t.referredTo, []) AS referredTo, t.outcome AS outcome, t.incidentId AS incidentId,
       t.finishedAt AS finishedAt
