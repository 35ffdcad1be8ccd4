// Marks tips as referred to an agency, for access tests until referral itself exists (never called by the service).
// mode: write
// params: ids, agency
// returns: id
UNWIND $ids AS id
MATCH (t:Tip {id: id})
SET t.referredTo = t.referredTo + $agency
RETURN t.id AS id
