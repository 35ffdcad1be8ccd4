// Each judgement has its own id.
// mode: schema
CREATE CONSTRAINT judgement_id_unique IF NOT EXISTS FOR (j:Judgement) REQUIRE j.id IS UNIQUE
