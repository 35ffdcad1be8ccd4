// The content digests listed beside some digests in the same file of any tip: read once, when a digest becomes content, so its group joins the groups of the file's other digests.
// mode: read
// params: uids, viralReason, spreadAbove
// returns: tipId, fileIndex, digest, group
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
UNWIND $uids AS uid
MATCH (:Identifier {uid: uid})<-[r:HAS]-(t:Tip)-[s:HAS]->(i:Identifier {kind: 'FILE_HASH'})
WHERE s.fileIndex = r.fileIndex AND (i.genericReason = $viralReason OR (i.genericReason IS NULL AND i.tipCount > $spreadAbove))
RETURN t.id AS tipId, r.fileIndex AS fileIndex, i.key AS digest, i.contentClusterId AS group
