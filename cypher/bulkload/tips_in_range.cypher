// Writes every loaded tip whose id lies in [$start, $end) once: its empty list properties (the offline importer stores none for an empty array; a list it stored is kept) and, for a tip in $clusters (tip id -> cluster id), its cluster id as clusters/assign writes it. The tips come from one range seek of tip_id_unique, not a seek per tip nor a scan of every tip for the unclustered ones; committed every $batch tips (run in an auto-commit transaction).
// mode: write
// params: start, end, clusters, batch
MATCH (t:Tip)
WHERE $start <= t.id < $end
CALL (t) {
  SET t.clusterId = $clusters[t.id],
      t.annotations = coalesce(t.annotations, []),
      t.labels = coalesce(t.labels, []),
      t.referredTo = coalesce(t.referredTo, [])
} IN TRANSACTIONS OF $batch ROWS
