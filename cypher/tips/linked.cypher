// A tip the viewer may see (no row for an absent or hidden one) with every identifier it carries and the other visible tips that carry each (only the occurrence fields weights need): generic ones are expanded only when asked for (else counted as skipped), and every expansion is bounded. With $card, the cards of the tip and of the other tips too (none when they are more than $cardsShipped), so a link chart asking only for cards needs no second read.
// mode: read
// params: id, scope, includeGeneric, expansionLimit, thresholds, linkingCap, tipsPerAccount, usageReasons, reporterContactReason, peopleCounted, card, cardsShipped
// returns: tip, identifiers, linked
// One row: `identifiers` holds a map per identifier of the tip (kind, key, generic, skipped, tipCount,
// accounts, mine, theirTips, theirRoles, theirIp, theirVerified; graph/linked_rows.py reads it).
// The other tips come as parallel lists (their ids, roles, and only for the kinds whose weight reads them the
// IP captures or email verifications, empty for other kinds), not a map per occurrence: decoding maps in the driver was most of a
// request. A capture is [port, possibleProxy, epochSeconds, microsecond], a list so that a null keeps its
// place (collect drops nulls); DateTime hydration in the driver cost more than the rest of a row.
// Each subquery filters its input row before it expands, so what a row does not need is never read: a CASE
// around a subquery expression does not stop the planner from running it for every row.
MATCH (t:Tip {id: $id})
// The scope of the tip itself too: its links are read with the tip.
WHERE $scope.all OR t.submittedBy = $scope.reporter OR $scope.agency IN t.referredTo OR t.incidentType IN $scope.incidentTypes
CALL (t) {
  MATCH (t)-[r1:HAS]->(n:Identifier)
  WITH t, n, collect(CASE n.kind
                       WHEN 'IP' THEN [r1.role, r1.port, r1.possibleProxy, r1.at.epochSeconds, r1.at.microsecond]
                       WHEN 'EMAIL' THEN [r1.role, r1.verified]
                       ELSE [r1.role]
                     END) AS mine
  // graph/generic.py is the policy; this is its Cypher form for a scoped viewer. A stored reason that comes from
  // how tips used the value (a file some tip flagged viral, a service's own contact address) says something of
  // hidden tips, so it counts only as the viewer's own tips give it (the contact address, in one of them).
  WITH t, n, mine,
       CASE WHEN $scope.all THEN n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false)
            ELSE (n.genericReason IS NOT NULL AND NOT n.genericReason IN $usageReasons)
                 OR coalesce(n.markedGeneric, false)
                 OR (n.genericReason = $reporterContactReason
                     AND EXISTS { MATCH (n)<-[:HAS {role: 'REPORTER'}]-(v:Tip)
                                  WHERE v.submittedBy = $scope.reporter OR $scope.agency IN v.referredTo OR v.incidentType IN $scope.incidentTypes })
       END AS genericByRule
  // The counts of a scoped viewer come from the tips it may see, so they reveal no hidden tip. An identifier
  // generic by rule or mark is counted only when it is expanded: skipped, its count is never shown.
  CALL (n, genericByRule) {
    WITH n WHERE NOT $scope.all AND (NOT genericByRule OR $includeGeneric)
    MATCH (n)<-[:HAS]-(v:Tip)
    WHERE v.submittedBy = $scope.reporter OR $scope.agency IN v.referredTo OR v.incidentType IN $scope.incidentTypes
    RETURN count(DISTINCT v) AS visibleCount
  }
  WITH t, n, mine, genericByRule, CASE WHEN $scope.all THEN n.tipCount ELSE visibleCount END AS tipCount
  // The people behind a value (graph.clustering.thresholds.links_people, graph.clustering.pairs.people_of): the
  // distinct suspect accounts of the tips carrying it, as clustering counts them, kept on the node
  // (suspectAccounts). A scoped viewer gets the count of the tips it may see, counted only as far as the people
  // rule can need (its tips are at most $linkingCap, so are the thresholds), and only when the store holds any
  // (then so may its tips) and it is not generic by rule or mark.
  CALL (n, genericByRule, tipCount) {
    WITH n WHERE NOT $scope.all AND NOT genericByRule AND tipCount >= 2 AND tipCount <= $linkingCap
                AND n.suspectAccounts > 0
    MATCH (n)<-[:HAS]-(v:Tip)-[:HAS {role: 'SUSPECT'}]->(a:Identifier {kind: 'ACCOUNT'})
    WHERE v.submittedBy = $scope.reporter OR $scope.agency IN v.referredTo OR v.incidentType IN $scope.incidentTypes
    WITH DISTINCT a LIMIT $linkingCap + 1
    RETURN count(a) AS visibleAccounts
  }
  WITH t, n, mine, genericByRule, tipCount,
       CASE WHEN $scope.all THEN n.suspectAccounts ELSE visibleAccounts END AS people
  // The verdict the store keeps (the people rule on every tip), or for a scoped viewer one from what reveals nothing of
  // hidden tips: a static rule, the mark of a supervisor, or the people rule on the tips and accounts it may see.
  WITH t, n, mine, tipCount, people,
       CASE WHEN $scope.all THEN coalesce(n.generic, false)
            ELSE genericByRule
                 OR NOT (tipCount <= $linkingCap AND $thresholds[n.kind] > 0
                         AND CASE WHEN coalesce(people, 0) = 0 THEN tipCount <= $thresholds[n.kind]
                                  ELSE people <= $thresholds[n.kind] OR tipCount >= $tipsPerAccount * people END)
       END AS generic
  WITH t, n, mine, tipCount, people, generic, generic AND NOT $includeGeneric AS skipped
  // For the evidence model, the count of a scoped viewer tells only as far as the evidence level does
  // (2 / 3-4 / 5-9 / $peopleCounted or more), and nothing when the store holds two or fewer; never for a
  // generic value or one of two tips.
  WITH t, n, mine, tipCount, generic, skipped,
       CASE WHEN generic OR tipCount <= 2 THEN null
            WHEN $scope.all THEN n.suspectAccounts
            WHEN n.suspectAccounts > 2 THEN CASE WHEN people > $peopleCounted THEN $peopleCounted ELSE people END
            ELSE 0
       END AS accounts
  CALL (t, n, skipped) {
    WITH t, n, n.kind AS kind WHERE NOT skipped
    MATCH (n)<-[r2:HAS]-(o:Tip)
    WHERE o <> t AND ($scope.all OR o.submittedBy = $scope.reporter OR $scope.agency IN o.referredTo OR o.incidentType IN $scope.incidentTypes)
    WITH kind, o, r2 LIMIT $expansionLimit
    // Only what the weight of the kind reads: each property is a db hit, and most kinds need none of them.
    RETURN collect(o.id) AS theirTips, collect(r2.role) AS theirRoles, collect(o) AS theirNodes,
           collect(CASE WHEN kind = 'IP' THEN [r2.port, r2.possibleProxy, r2.at.epochSeconds, r2.at.microsecond] END) AS theirIp,
           collect(CASE WHEN kind = 'EMAIL' THEN coalesce(r2.verified, false) END) AS theirVerified
  }
  RETURN collect({kind: n.kind, key: n.key, generic: generic, skipped: skipped, tipCount: tipCount, accounts: accounts,
                  mine: mine, theirTips: theirTips, theirRoles: theirRoles, theirIp: theirIp,
                  theirVerified: theirVerified}) AS identifiers,
       collect(theirNodes) AS others
}
// The other tips once each (one may carry several of the identifiers), all of them in the viewer's scope: the
// statement reads no other. Their cards are shipped only when few, since the page is chosen by weighing
// (graph/crossref.py): a big candidate set is read as the page's cards by a second statement instead.
WITH t, identifiers,
     CASE WHEN $card THEN COLLECT { UNWIND others AS theirs UNWIND theirs AS o RETURN DISTINCT o } END AS others
RETURN CASE WHEN $card
            THEN t {.id, .reportId, .incidentType, .queueKey,
                    incidentDateTime: toString(t.incidentDateTime), receivedAt: toString(t.receivedAt)}
       END AS tip,
       identifiers,
       CASE WHEN $card AND size(others) <= $cardsShipped
            THEN [o IN others | o {.id, .reportId, .incidentType, .queueKey,
                                   incidentDateTime: toString(o.incidentDateTime), receivedAt: toString(o.receivedAt)}]
       END AS linked
