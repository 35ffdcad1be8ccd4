// The stored cluster of some tips (null for a tip in no cluster; an absent id is no tip): where a recompute of what changed starts.
// mode: read
// params: ids
// returns: tipId, clusterId
UNWIND $ids AS id
MATCH (t:Tip {id: id})
RETURN t.id AS tipId, t.clusterId AS clusterId
