// Every identifier node without its timestamps, for comparing two stores: for tests only.
// mode: read
// returns: identifier
MATCH (n:Identifier)
RETURN n {.uid, .kind, .key, .tipCount, .generic, .genericReason, .raws} AS identifier
