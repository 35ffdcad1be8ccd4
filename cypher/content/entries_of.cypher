// The file entries (as content/entries reads them) of some content digests only: a recompute of the content groups around changed tips reads a stored digest's own entries, and the other files of its tips only when it became content since (content/around).
// mode: read
// params: uids, viralReason, spreadAbove
// returns: tipId, fileIndex, digest, incidentAt
UNWIND $uids AS uid
MATCH (i:Identifier {uid: uid})<-[r:HAS]-(t:Tip)
WHERE (i.genericReason = $viralReason OR (i.genericReason IS NULL AND i.tipCount > $spreadAbove))
RETURN t.id AS tipId, r.fileIndex AS fileIndex, i.key AS digest, t.incidentDateTime.epochSeconds AS incidentAt
