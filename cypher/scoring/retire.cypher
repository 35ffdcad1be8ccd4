// Takes tips off the re-score sweep that cannot be re-scored (report content purged by retention, or a stored report the model now refuses): their last score stands.
// mode: write
// params: ids
// returns: id
UNWIND $ids AS id
MATCH (t:Tip {id: id})
REMOVE t.scoreValidUntil
RETURN t.id AS id
