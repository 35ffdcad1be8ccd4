// Every tip with what ingest decides about it (not when it happened) and every identifier occurrence it carries, for comparing two stores: for tests only.
// mode: read
// returns: tip, occurrences
MATCH (t:Tip)
RETURN t {.id, .contentHash, .clusterId, .score, .priority, .actionClass, .disposition, .version, .batched,
          .incidentType, .platformKey, .fileCount} AS tip,
       [(t)-[r:HAS]->(n:Identifier) | [n.uid, r.role, r.raw, r.rule, r.event, toString(r.at), r.port,
                                       r.possibleProxy, r.verified, r.fileIndex, r.personIndex]] AS occurrences
