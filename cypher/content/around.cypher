// Every content file entry (as content/entries reads them) of the tips named and of the tips carrying some content digests: a recompute of the content groups around changed tips reads them for the new tips and for the tips of digests with no stored group (became content since), whose other files may list digests beside them.
// mode: read
// params: ids, uids, viralReason, spreadAbove
// returns: tipId, fileIndex, digest, incidentAt
CALL () {
  UNWIND $ids AS id
  MATCH (t:Tip {id: id})
  RETURN t
  UNION
  UNWIND $uids AS uid
  MATCH (:Identifier {uid: uid})<-[:HAS]-(t:Tip)
  RETURN t
}
MATCH (t)-[r:HAS]->(i:Identifier {kind: 'FILE_HASH'})
WHERE (i.genericReason = $viralReason OR (i.genericReason IS NULL AND i.tipCount > $spreadAbove))
RETURN t.id AS tipId, r.fileIndex AS fileIndex, i.key AS digest, t.incidentDateTime.epochSeconds AS incidentAt
