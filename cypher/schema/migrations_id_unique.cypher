// A store keeps one record of the migrations applied to it: workers stamping a fresh store at once make one node.
// mode: schema
CREATE CONSTRAINT migrations_id_unique IF NOT EXISTS FOR (m:Migrations) REQUIRE m.id IS UNIQUE
