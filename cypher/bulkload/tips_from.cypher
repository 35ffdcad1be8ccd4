// bulkload/tips_in_range for the last range of tip ids, which has no upper end: every loaded tip whose id is $start or after.
// mode: write
// params: start, clusters, batch
MATCH (t:Tip)
WHERE t.id >= $start
CALL (t) {
  SET t.clusterId = $clusters[t.id],
      t.annotations = coalesce(t.annotations, []),
      t.labels = coalesce(t.labels, []),
      t.referredTo = coalesce(t.referredTo, [])
} IN TRANSACTIONS OF $batch ROWS
