// Whether the database holds any node at all: the offline importer fills an empty database only.
// mode: read
// returns: found
RETURN EXISTS { MATCH (n) } AS found
