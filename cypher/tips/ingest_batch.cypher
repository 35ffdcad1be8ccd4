// Creates the new tips of a batch, each linked to its identifier nodes, and switches every tip that now shares an identifier with another to its score as a linked tip; a tip already stored is left untouched and its stored content hash returned.
// mode: write
// params: tips, token, genericThresholds
// returns: id, created, contentHash
UNWIND $tips AS row
MERGE (tip:Tip {id: row.id})
  ON CREATE SET tip += row.props, tip.ingestToken = $token
WITH tip, row, tip.ingestToken = $token AS created
// A batched report (copies of one viral file) arrives already bundled into its own incident.
FOREACH (incident IN CASE WHEN created AND row.incident IS NOT NULL THEN [row.incident] ELSE [] END |
  MERGE (i:Incident {id: incident.id})
    ON CREATE SET i += incident)
WITH tip, row, created
CALL (tip, row, created) {
  UNWIND CASE WHEN created THEN row.links ELSE [] END AS link
  MERGE (n:Identifier {uid: link.uid})
    ON CREATE SET n.kind = link.kind, n.key = link.key, n.tipCount = 0, n.raws = [],
                  n.firstSeen = tip.receivedAt
  SET n.tipCount = n.tipCount + link.countsTip,
      n.genericReason = coalesce(n.genericReason, link.genericReason),
      n.lastSeen = tip.receivedAt,
      n.raws = CASE WHEN link.raw IN n.raws OR size(n.raws) >= 10 THEN n.raws ELSE n.raws + link.raw END
  SET n.generic = n.genericReason IS NOT NULL OR coalesce(n.markedGeneric, false)
                  OR n.tipCount > $genericThresholds[n.kind]
  CREATE (tip)-[r:HAS]->(n)
  SET r = link.rel
  RETURN count(CASE WHEN n.tipCount >= 2 AND NOT n.generic THEN 1 END) AS links
}
WITH tip, row, created, links
// Repeat behaviour raises a score: the new tip, if it shares anything, and every older tip that shares an
// identifier for the first time (the identifier's second tip is this one) switch to their linked score.
CALL (tip, created, links) {
  WITH tip WHERE created AND links > 0
  OPTIONAL MATCH (tip)-[:HAS]->(n:Identifier)<-[:HAS]-(older:Tip)
  WHERE n.tipCount = 2 AND NOT n.generic AND older <> tip
  WITH tip, collect(DISTINCT older) AS olders
  UNWIND [tip] + olders AS linked
  SET linked.score = linked.scoreIfLinked,
      linked.actionClass = linked.actionClassIfLinked,
      linked.priority = linked.priorityIfLinked,
      linked.scoreDetails = linked.scoreDetailsIfLinked,
      linked.queueKeyWhenOpen = linked.queueKeyWhenOpenIfLinked,
      linked.queueKey = CASE WHEN linked.queueKey IS NULL THEN null ELSE linked.queueKeyWhenOpenIfLinked END
}
RETURN row.id AS id, created, tip.contentHash AS contentHash
