// Refers tips to an agency so an investigator's scope can see them (benchmarks only; idempotent).
// mode: write
// params: ids, agency
// returns: referred
UNWIND $ids AS id
MATCH (t:Tip {id: id})
SET t.referredTo = CASE WHEN $agency IN t.referredTo THEN t.referredTo ELSE t.referredTo + $agency END
RETURN count(t) AS referred
