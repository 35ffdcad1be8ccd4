// A service's own submission by its key (service, reportId): a report it opened, or a tip it submitted whole; an open report past its expiry reads EXPIRED, and a tip's preservation deadline comes with it.
// mode: read
// params: service, reportId, now
// returns: submission
OPTIONAL MATCH (s:Submission {service: $service, reportId: $reportId})
OPTIONAL MATCH (t:Tip {service: $service, reportId: $reportId})
WITH s, t
WHERE s IS NOT NULL OR t IS NOT NULL
RETURN {id: coalesce(s.id, t.id), reportId: $reportId,
        status: CASE WHEN s IS NULL THEN 'FINISHED'
                     WHEN s.status = 'OPEN' AND s.expiresAt <= $now THEN 'EXPIRED' ELSE s.status END,
        openedAt: coalesce(s.openedAt, t.receivedAt), lastChangedAt: coalesce(s.lastChangedAt, t.receivedAt),
        expiresAt: s.expiresAt, files: CASE WHEN s IS NULL THEN null ELSE s.files END,
        report: CASE WHEN s IS NULL THEN t.report ELSE null END,
        isTip: t IS NOT NULL, preservationDeadline: t.preservationDeadline} AS submission
