// Locks what a recluster is about to rewrite and reads it back under the locks (graph/clusters/locks.py): the stored clusters of the affected set and its tips in no cluster, each locked by a write that leaves nothing behind (Neo4j holds a written node locked until commit), in id order; then, after every lock is held, each cluster with its digest and members, each loose tip with its cluster now, the tip count of each identifier group read, and which of the fresh ids the recluster gave (`freshIds`) name a stored cluster already (one statement where a separate check cost a round trip). Another writer of the same clusters waits here until this transaction commits.
// mode: write
// params: read
// returns: clusters, tips, counts, taken
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept). Its four lists arrive in one map,
// `read` ({clusterIds, tipIds, uids, freshIds}): Neo4j keys a cached plan by the types and list lengths of
// its parameters, so four lists whose lengths vary batch by batch were planned again for new lengths.
CALL () {
  UNWIND $read.clusterIds AS id
  MATCH (c:Cluster {id: id})
  SET c.clusterLock = true
  REMOVE c.clusterLock
  RETURN count(c) AS lockedClusters
}
CALL () {
  UNWIND $read.tipIds AS id
  MATCH (t:Tip {id: id})
  SET t.clusterLock = true
  REMOVE t.clusterLock
  RETURN count(t) AS lockedTips
}
// Read only once every lock is held: what another writer committed before is seen whole.
CALL (lockedClusters, lockedTips) {
  UNWIND $read.clusterIds AS id
  MATCH (c:Cluster {id: id})
  CALL (c) {
    MATCH (m:Tip {clusterId: c.id})
    WITH m.id AS member
    ORDER BY member
    RETURN collect(member) AS members
  }
  RETURN collect([c.id, c.digest, members]) AS clusters
}
CALL (lockedClusters, lockedTips) {
  UNWIND $read.tipIds AS id
  MATCH (t:Tip {id: id})
  RETURN collect([t.id, t.clusterId]) AS tips
}
CALL (lockedClusters, lockedTips) {
  UNWIND $read.uids AS uid
  MATCH (n:Identifier {uid: uid})
  RETURN collect([n.uid, n.tipCount]) AS counts
}
CALL (lockedClusters, lockedTips) {
  UNWIND $read.freshIds AS id
  MATCH (c:Cluster {id: id})
  RETURN collect(c.id) AS taken
}
RETURN clusters, tips, counts, taken
