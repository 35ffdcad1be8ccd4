// Nodes by label and relationships by type, with how many properties they hold in all: two stores of the same graph shape answer alike (benchmarks only).
// mode: read
// returns: what, count, properties
MATCH (n)
RETURN 'nodes ' + reduce(s = '', label IN labels(n) | s + ':' + label) AS what, count(*) AS count,
       sum(size(keys(n))) AS properties
UNION ALL
MATCH ()-[r]->()
RETURN 'relationships ' + type(r) AS what, count(*) AS count, sum(size(keys(r))) AS properties
