// Locks the caller's own submission by its key (the caller's service and its reportId) and returns it.
// mode: write
// params: service, reportId
// returns: submission
MATCH (s:Submission {service: $service, reportId: $reportId})
SET s.status = s.status
RETURN s {.*} AS submission
