// The stored state of a batch's identifiers that already exist: what a bulk write needs to update them.
// mode: read
// params: uids
// returns: uid, tipCount, raws, genericReason, marked
UNWIND $uids AS uid
MATCH (n:Identifier {uid: uid})
RETURN n.uid AS uid, n.tipCount AS tipCount, n.raws AS raws, n.genericReason AS genericReason,
       coalesce(n.markedGeneric, false) AS marked
