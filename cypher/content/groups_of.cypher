// The stored group of some content digests (null: the digest became content in this batch): ingest names the digests its new tips list, known from its own identifier write.
// mode: read
// params: uids
// returns: uid, group
UNWIND $uids AS uid
MATCH (i:Identifier {uid: uid})
RETURN i.uid AS uid, i.contentClusterId AS group
