// Writes a submission's new state (files added, finished, retracted).
// mode: write
// params: id, changes
// returns: submission
MATCH (s:Submission {id: $id})
SET s += $changes
RETURN s {.*} AS submission
