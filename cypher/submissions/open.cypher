// Opens a report that files may still be added to; nothing is returned when the caller's service already has a tip under the reportId (a second open submission with it breaks the uniqueness constraint).
// mode: write
// params: submission
// returns: submission
OPTIONAL MATCH (existing:Tip {service: $submission.service, reportId: $submission.reportId})
WITH existing
WHERE existing IS NULL
CREATE (s:Submission)
SET s = $submission
RETURN s {.*} AS submission
