// Sets a batch of loaded tips' cluster ids (what clusters/assign writes) and, in the same write of each tip, the empty list properties the offline importer could not store (what bulkload/empty_lists writes): a clustered tip is written once, not twice. A list the importer stored is kept.
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
