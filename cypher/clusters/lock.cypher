// Locks what a recluster is about to rewrite and reads it back under the locks (graph/clusters/locks.py): the stored clusters of the affected set and its tips in no cluster, each locked by a write that leaves nothing behind (Neo4j holds a written node locked until commit), in id order; then, after every lock is held, each cluster with its digest and members, each loose tip with its cluster now, the tip count of each identifier group read, and which of the fresh ids the recluster gave (`freshIds`) name a stored cluster already (one statement where a separate check cost a round trip). Another writer of the same clusters waits here until this transaction commits.
// mode: write
// params: clusterIds, tipIds, uids, freshIds
// returns: clusters, tips, counts, taken
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
CALL () {
  UNWIND $clusterIds AS id
  MATCH (c:Cluster {id: id})
  SET c.clusterLock = true
  REMOVE c.clusterLock
  RETURN count(c) AS lockedClusters
}
CALL () {
  UNWIND $tipIds AS id
  MATCH (t:Tip {id: id})
  SET t.clusterLock = true
  REMOVE t.clusterLock
  RETURN count(t) AS lockedTips
}
// Read only once every lock is held: what another writer committed before is seen whole.
CALL (lockedClusters, lockedTips) {
  UNWIND $clusterIds AS id
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
  UNWIND $tipIds AS id
  MATCH (t:Tip {id: id})
  RETURN collect([t.id, t.clusterId]) AS tips
}
CALL (lockedClusters, lockedTips) {
  UNWIND $uids AS uid
  MATCH (n:Identifier {uid: uid})
  RETURN collect([n.uid, n.tipCount]) AS counts
}
CALL (lockedClusters, lockedTips) {
  UNWIND $freshIds AS id
  MATCH (c:Cluster {id: id})
  RETURN collect(c.id) AS taken
}
RETURN clusters, tips, counts, taken
