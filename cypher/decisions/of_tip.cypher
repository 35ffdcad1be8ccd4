// Every decision on one tip with its change to that tip, oldest first (for the disclosure export; the caller filters what a scoped viewer may see).
// mode: read
// params: id
// returns: decision, change
MATCH (d:Decision)-[c:CHANGED]->(:Tip {id: $id})
RETURN d {.id, .at, .actor, .role, .agency, .action, .reasonCode, .note, .agencyId, .overrideReason, .outcome,
          .undoOf, .undoneBy, .undoneAt} AS decision,
       c {.from, .to, .fromVersion, .toVersion} AS change
ORDER BY d.at ASC, d.id ASC
