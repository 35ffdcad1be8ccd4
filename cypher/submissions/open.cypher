// Opens a report that files may still be added to; nothing is returned when a tip already has the reportId (a second submission with it breaks the uniqueness constraint).
// mode: write
// params: submission
// returns: submission
OPTIONAL MATCH (existing:Tip {id: $submission.id})
WITH existing
WHERE existing IS NULL
CREATE (s:Submission)
SET s = $submission
RETURN s {.*} AS submission
