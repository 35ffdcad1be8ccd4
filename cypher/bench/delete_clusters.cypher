// Deletes every Cluster node, committed every $batch in an auto-commit transaction, for writing a load's Cluster nodes again (bench.load_writes only).
// mode: write
// params: batch
MATCH (c:Cluster)
CALL (c) {
  DELETE c
} IN TRANSACTIONS OF $batch ROWS
