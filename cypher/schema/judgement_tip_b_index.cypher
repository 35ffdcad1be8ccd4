// The judgements about a tip are found by the ids they name (clusters/judgements_of_tips at every ingest), not by walking each tip's relationships.
// mode: schema
CREATE INDEX judgement_tip_b IF NOT EXISTS FOR (j:Judgement) ON (j.tipB)
