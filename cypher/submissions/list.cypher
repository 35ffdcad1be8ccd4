// A page of a service's own submissions (reports it opened, and tips it submitted whole) by reportId after a cursor, optionally of one status (an open report past its expiry reads EXPIRED).
// mode: read
// params: service, status, now, after, limit
// returns: submission
CALL {
  MATCH (s:Submission {service: $service})
  OPTIONAL MATCH (t:Tip {service: $service, reportId: s.reportId})
  RETURN s.reportId AS reportId, s, t
  UNION ALL
  MATCH (t:Tip {service: $service})
  WHERE NOT EXISTS { MATCH (:Submission {service: $service, reportId: t.reportId}) }
  RETURN t.reportId AS reportId, null AS s, t
}
WITH reportId, s, t,
     CASE WHEN s IS NULL THEN 'FINISHED'
          WHEN s.status = 'OPEN' AND s.expiresAt <= $now THEN 'EXPIRED' ELSE s.status END AS status
WHERE reportId > coalesce($after, '') AND ($status IS NULL OR status = $status)
RETURN {id: coalesce(s.id, t.id), reportId: reportId, status: status,
        openedAt: coalesce(s.openedAt, t.receivedAt), lastChangedAt: coalesce(s.lastChangedAt, t.receivedAt),
        expiresAt: s.expiresAt, files: CASE WHEN s IS NULL THEN null ELSE s.files END,
        report: CASE WHEN s IS NULL THEN t.report ELSE null END,
        isTip: t IS NOT NULL, preservationDeadline: t.preservationDeadline} AS submission
ORDER BY reportId ASC
LIMIT $limit
