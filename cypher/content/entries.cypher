// Every content digest's file entries (a FILE_HASH identifier some service flagged viral or meme, or carried by more tips than $spreadAbove; never one generic by a static rule): what a content-cluster recompute groups (graph/clustering/content.py).
// mode: read
// params: viralReason, spreadAbove
// returns: tipId, fileIndex, digest, incidentAt
MATCH (i:Identifier {kind: 'FILE_HASH'})
WHERE (i.genericReason = $viralReason OR (i.genericReason IS NULL AND i.tipCount > $spreadAbove))
MATCH (t:Tip)-[r:HAS]->(i)
RETURN t.id AS tipId, r.fileIndex AS fileIndex, i.key AS digest, t.incidentDateTime.epochSeconds AS incidentAt
