// The digests stored in some content groups, each with its group: a recompute of the groups around changed tips takes in every digest of a group it touches.
// mode: read
// params: ids
// returns: uid, group
UNWIND $ids AS id
MATCH (i:Identifier {contentClusterId: id})
RETURN i.uid AS uid, i.contentClusterId AS group
