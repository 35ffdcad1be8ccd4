// Puts every clustered tip back as the offline import left it, for writing a load's assignments again: no cluster id and no empty list (the importer stores none), committed every $batch tips in an auto-commit transaction (bench.load_assignments only).
// mode: write
// params: batch
MATCH (t:Tip)
WHERE t.clusterId IS NOT NULL
CALL (t) {
  REMOVE t.clusterId
  SET t.annotations = CASE WHEN size(t.annotations) = 0 THEN null ELSE t.annotations END,
      t.labels = CASE WHEN size(t.labels) = 0 THEN null ELSE t.labels END,
      t.referredTo = CASE WHEN size(t.referredTo) = 0 THEN null ELSE t.referredTo END
} IN TRANSACTIONS OF $batch ROWS
