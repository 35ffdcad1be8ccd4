// Referral outcomes counted by score band (tens), priority, platform and agency: every tip referred to an agency (REFERRED or CLOSED), with its outcome (null: none recorded yet), optionally by time received.
// mode: read
// params: receivedFrom, receivedTo
// returns: band, priority, platform, agency, outcome, tips
MATCH (t:Tip)
WHERE t.disposition IN ['REFERRED', 'CLOSED']
  AND ($receivedFrom IS NULL OR t.receivedAt >= $receivedFrom)
  AND ($receivedTo IS NULL OR t.receivedAt < $receivedTo)
UNWIND t.referredTo AS agency
WITH CASE WHEN t.score >= 90 THEN 90 ELSE t.score / 10 * 10 END AS band,
     t.priority AS priority, t.platformKey AS platform, agency, t.outcome AS outcome
RETURN band, priority, platform, agency, outcome, count(*) AS tips
ORDER BY band DESC, priority, platform, agency, outcome
