// Adds a batch's tips to identifier nodes that already exist; the tip count is incremented in place, so concurrent writers add up rather than overwrite.
// mode: write
// params: identifiers, at
// returns: updated
UNWIND $identifiers AS i
MATCH (n:Identifier {uid: i.uid})
SET n.tipCount = n.tipCount + i.tips,
    n.raws = i.raws,
    n.genericReason = i.genericReason,
    n.generic = i.generic,
    n.lastSeen = $at
RETURN count(n) AS updated
