// The cross-reference answer of tip(id){linkedTips(first)} for a viewer who sees every tip, weights computed in Cypher, as one map (benchmarks only: the raw-driver floor, and the peer's @cypher field in bench/peer).
// mode: read
// params: id, first
// returns: linkedTips
MATCH (t:Tip {id: $id})
CALL (t) {
  MATCH (t)-[r1:HAS]->(n:Identifier)
  WITH n, collect(r1 {.verified, .at, .port, .possibleProxy}) AS mine
  RETURN count(CASE WHEN n.generic THEN 1 END) AS skipped,
         collect(CASE WHEN NOT n.generic THEN {n: n, mine: mine} END) AS open
}
CALL (t, open) {
  UNWIND open AS s
  WITH s.n AS n, s.mine AS mine
  CALL (n, t) {
    MATCH (n)<-[r2:HAS]-(o:Tip)
    WHERE o <> t
    RETURN o, r2
    LIMIT 200
  }
  WITH n, mine, o, collect(r2 {.verified, .at, .port, .possibleProxy}) AS theirs
  WITH n, o,
       {ACCOUNT: 0.95, REPORT: 0.95, DEVICE: 0.9, EMAIL: 0.85, PHONE: 0.85, URL: 0.7, SCREEN_NAME: 0.6,
        FILE_HASH: 0.5, IP: 0.6, LOCATION: 0.05}[n.kind]
       * CASE n.kind
           WHEN 'IP' THEN reduce(best = 0.3, f IN reduce(fs = [], a IN mine | fs + [b IN theirs
                 WHERE NOT coalesce(a.possibleProxy, false) AND NOT coalesce(b.possibleProxy, false)
                   AND a.at IS NOT NULL AND b.at IS NOT NULL
                 | CASE WHEN abs(duration.inSeconds(a.at, b.at).seconds) <= 60
                             AND a.port IS NOT NULL AND a.port = b.port THEN 1.0
                        WHEN abs(duration.inSeconds(a.at, b.at).seconds) <= 60 THEN 0.8
                        WHEN abs(duration.inSeconds(a.at, b.at).seconds) <= 86400 THEN 0.6
                        ELSE 0.35 END])
               | CASE WHEN f > best THEN f ELSE best END)
           WHEN 'EMAIL' THEN CASE WHEN any(x IN mine + theirs WHERE x.verified) THEN 1.0 ELSE 0.8 END
           ELSE 1.0
         END
       / (1.0 + log(CASE WHEN n.tipCount > 2 THEN n.tipCount - 1 ELSE 1 END) / log(2)) AS weight
  WITH o, collect({kind: n.kind, key: n.key, weight: round(weight, 6)}) AS shared
  WITH o, shared, round(1.0 - reduce(rest = 1.0, s IN shared | rest * (1.0 - s.weight)), 6) AS weight
  ORDER BY weight DESC, o.id
  RETURN collect({weight: weight, node: o {.id, .incidentType, .receivedAt}, shared: shared}) AS links
}
RETURN {totalCount: size(links), skippedGenericIdentifiers: skipped, edges: links[0..$first]} AS linkedTips
