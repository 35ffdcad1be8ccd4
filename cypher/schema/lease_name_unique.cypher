// A lease is known by its name (one per job that must run on one worker at a time, e.g. the expiry sweep).
// mode: schema
CREATE CONSTRAINT lease_name_unique IF NOT EXISTS FOR (l:Lease) REQUIRE l.name IS UNIQUE
