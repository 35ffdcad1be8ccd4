// The clustering groups of some identifiers (ingest passes those its new tips carry that may link, known from its own identifier write: carried by two tips or more, linking by the people rule) as their earlier tips carry them, in the shape of clusters/groups_of_tips: every tip but the batch's new ones (`newIds`, whose occurrences ingest knows) carrying each, with its cluster; accounts as in clusters/occurrences, occurrences as [tipId, clusterId, role, atEpochSeconds, atNanosecond, port, possibleProxy, verified] (times as numbers: the driver's DateTime per occurrence cost more than the rest of the row).
// mode: read
// params: uids, newIds
// returns: groups
// HAS only ever runs from a Tip to an Identifier: no label is checked on its ends (a db hit per row each).
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
UNWIND $uids AS uid
MATCH (n:Identifier {uid: uid})
CALL (n) {
  MATCH (t)-[r:HAS]->(n)
  WHERE NOT t.id IN $newIds
  RETURN collect([t.id, t.clusterId, r.role, r.at.epochSeconds, r.at.nanosecond, r.port, r.possibleProxy,
                  r.verified]) AS occurrences
}
WITH n, occurrences
ORDER BY n.uid
// One record of [uid, kind, key, tipCount, generic, accounts, occurrences] lists, in uid order.
RETURN collect([n.uid, n.kind, n.key, n.tipCount,
                n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false),
                // Kept on the node (identifiers/count_suspect_accounts, the bulk load, migrations/suspect_accounts).
                CASE WHEN n.tipCount > 2 THEN n.suspectAccounts END,
                occurrences]) AS groups
