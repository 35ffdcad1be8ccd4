// The content digests that a batch's new tips list in their files, with each digest's stored group (null: it became content in this batch).
// mode: read
// params: ids, viralReason, spreadAbove
// returns: tipId, fileIndex, uid, digest, group, incidentAt
UNWIND $ids AS id
MATCH (t:Tip {id: id})-[r:HAS]->(i:Identifier {kind: 'FILE_HASH'})
WHERE (i.genericReason = $viralReason OR (i.genericReason IS NULL AND i.tipCount > $spreadAbove))
RETURN t.id AS tipId, r.fileIndex AS fileIndex, i.uid AS uid, i.key AS digest, i.contentClusterId AS group,
       t.incidentDateTime.epochSeconds AS incidentAt
