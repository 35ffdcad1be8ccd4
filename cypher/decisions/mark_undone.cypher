// Marks a decision undone by a later one (decisions themselves are never deleted).
// mode: write
// params: id, undoneBy, at
// returns: id
MATCH (d:Decision {id: $id})
SET d.undoneBy = $undoneBy, d.undoneAt = $at
RETURN d.id AS id
