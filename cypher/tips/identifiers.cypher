// The identifiers carried by tips the caller has already loaded (visibility checked), one row per occurrence with its role and observation details.
// mode: read
// params: ids
// returns: tipId, identifier, occurrence
UNWIND $ids AS id
MATCH (:Tip {id: id})-[r:HAS]->(n:Identifier)
RETURN id AS tipId,
       n {.uid, .kind, .key, .raws, .tipCount, .generic, .genericReason} AS identifier,
       r {.*} AS occurrence
