// The bulk load's writes before bulkload/tips_in_range, kept for bench.load_tip_writes and bench.load_assignments only: sets a batch of loaded tips' cluster ids (what clusters/assign writes) and, in the same write of each tip, the empty list properties the offline importer could not store (what bench/empty_lists writes), each tip found by its id. A list the importer stored is kept.
// mode: write
// params: assignments
// returns: assigned
UNWIND $assignments AS row
MATCH (t:Tip {id: row.tipId})
SET t.clusterId = row.clusterId,
    t.annotations = coalesce(t.annotations, []),
    t.labels = coalesce(t.labels, []),
    t.referredTo = coalesce(t.referredTo, [])
RETURN count(t) AS assigned
