// Merges content groups found listed together in a file: moves every digest of each merged group to the group it merged into, and deletes the merged group's cluster node (one statement where a relabel and a delete took two).
// mode: write
// params: moves
// returns: moved
// Each move's `to` is a group that stays (ingest maps every stored group to the group it ends in), so no
// move reads a group another move writes or deletes.
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
UNWIND $moves AS move
CALL (move) {
  MATCH (i:Identifier {contentClusterId: move.from})
  SET i.contentClusterId = move.to
  RETURN count(i) AS moved
}
CALL (move) {
  MATCH (c:ContentCluster {id: move.from})
  DETACH DELETE c
}
RETURN sum(moved) AS moved
