// Links new tips to their identifier nodes, one HAS relationship per occurrence with its role and observation (absent values are simply not stored; the observation's instant arrives as [epoch seconds, nanoseconds]).
// mode: write
// params: links
// returns: linked
UNWIND $links AS link
MATCH (t:Tip {id: link.tip})
MATCH (n:Identifier {uid: link.uid})
CREATE (t)-[r:HAS {role: link.role, raw: link.raw, rule: link.rule, verified: link.verified,
                   event: link.event,
                   at: CASE WHEN link.at IS NOT NULL THEN datetime({epochSeconds: link.at[0], nanosecond: link.at[1]}) END,
                   port: link.port, possibleProxy: link.possibleProxy,
                   fileIndex: link.fileIndex, personIndex: link.personIndex}]->(n)
RETURN count(r) AS linked
