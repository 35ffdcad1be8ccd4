// The stored group of some content digests (null: the digest became content in this batch): ingest names the digests its new tips list, known from its own identifier write.
// mode: read
// params: uids
// returns: uid, group
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
UNWIND $uids AS uid
MATCH (i:Identifier {uid: uid})
RETURN i.uid AS uid, i.contentClusterId AS group
