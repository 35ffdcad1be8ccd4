// Merges content groups found listed together in a batch's files, then sets digests' group ids: one statement where merge_groups and label took two in nearly every batch that lists a content digest.
// mode: write
// params: changes
// returns: moved, labelled
// A move takes every digest of group `from` to the group `to` it merged into and deletes `from`'s cluster
// node; each `to` is a group that stays, so no move reads a group another move writes or deletes. The
// labels run after every move (a later clause sees an earlier one's writes), as when they were a second
// statement: a digest a move already took to its group is not rewritten, and a null id takes a digest out
// of every group.
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept). The lists arrive in one map
// (`changes`: {moves, labels}): Neo4j keys a cached plan by the types and list lengths of its parameters,
// so bare lists whose lengths vary batch by batch were planned again for new lengths.
CALL () {
  UNWIND $changes.moves AS move
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
}
CALL () {
  UNWIND $changes.labels AS row
  MATCH (i:Identifier {uid: row.uid})
  WHERE i.contentClusterId IS NULL OR row.id IS NULL OR i.contentClusterId <> row.id
  SET i.contentClusterId = row.id
  RETURN count(i) AS labelled
}
RETURN moved, labelled
