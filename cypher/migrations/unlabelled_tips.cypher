// A batch of tips stored before tips carried labels (issue 12), with what their service labels are made from.
// mode: read
// params: limit
// returns: id, service, report, receivedAt
MATCH (t:Tip)
WHERE t.labels IS NULL
RETURN t.id AS id, t.service AS service, t.report AS report, t.receivedAt AS receivedAt
LIMIT $limit
