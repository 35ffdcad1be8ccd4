// How many tips wait in the triage queue (open tips carry a queueKey), counted from its index for /metrics.
// mode: read
// returns: tips
MATCH (t:Tip)
WHERE t.queueKey IS NOT NULL
RETURN count(t) AS tips
