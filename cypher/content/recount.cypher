// Some content groups' aggregates, counted from their digests' tips: the digests, distinct tips and first/last incident time (epoch seconds).
// mode: read
// params: ids
// returns: id, digests, size, firstSeen, lastSeen
CYPHER replan=skip
// Its plan is kept as the store grows (graph/store/queries.py: plans kept).
UNWIND $ids AS id
MATCH (i:Identifier {contentClusterId: id})
WITH id, collect(i) AS digests
UNWIND digests AS i
MATCH (t:Tip)-[:HAS]->(i)
WITH id, [d IN digests | d.key] AS digests, t
RETURN id, digests, count(DISTINCT t) AS size,
       min(t.incidentDateTime).epochSeconds AS firstSeen, max(t.incidentDateTime).epochSeconds AS lastSeen
