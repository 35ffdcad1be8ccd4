// An identifier node is one normal value of one kind ("EMAIL|nightowl77@gmail.com"), shared by the tips that carry it.
// mode: schema
CREATE CONSTRAINT identifier_uid_unique IF NOT EXISTS FOR (n:Identifier) REQUIRE n.uid IS UNIQUE
