// Which of a batch's reportIds are already stored, with their content hashes (the idempotency check).
// mode: read
// params: ids
// returns: id, contentHash
UNWIND $ids AS id
MATCH (t:Tip {id: id})
RETURN t.id AS id, t.contentHash AS contentHash
