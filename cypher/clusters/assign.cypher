// Sets a batch of tips' cluster ids (null takes a tip out of every cluster).
// mode: write
// params: assignments
// returns: assigned
UNWIND $assignments AS row
MATCH (t:Tip {id: row.tipId})
SET t.clusterId = row.clusterId
RETURN count(t) AS assigned
