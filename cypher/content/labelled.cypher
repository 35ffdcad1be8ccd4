// Every digest with a content group id, as stored: what a recompute compares its groups with.
// mode: read
// params:
// returns: uid, group
MATCH (i:Identifier)
WHERE i.contentClusterId IS NOT NULL
RETURN i.uid AS uid, i.contentClusterId AS group
