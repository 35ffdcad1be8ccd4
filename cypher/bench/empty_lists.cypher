// The bulk load's pass before bulkload/tips_in_range, kept for bench.load_tip_writes only: gives every loaded tip without them its empty list properties, in one pass over the tips committed every $batch tips (run in an auto-commit transaction): the offline importer stores no property for an empty array where online ingest stores [], and every loaded tip has each list (graph.bulkload.shape refuses an absent one, LIST_COLUMNS names these three), so a tip without one had it empty. No tip ids travel.
// mode: write
// params: batch
MATCH (t:Tip)
WHERE t.annotations IS NULL OR t.labels IS NULL OR t.referredTo IS NULL
CALL (t) {
  SET t.annotations = coalesce(t.annotations, []),
      t.labels = coalesce(t.labels, []),
      t.referredTo = coalesce(t.referredTo, [])
} IN TRANSACTIONS OF $batch ROWS
