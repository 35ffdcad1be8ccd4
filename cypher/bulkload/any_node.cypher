// Whether the database holds any node at all but its record of migrations (which opening it makes): the offline importer fills an empty database only.
// mode: read
// returns: found
RETURN EXISTS { MATCH (n) WHERE NOT n:Migrations } AS found
