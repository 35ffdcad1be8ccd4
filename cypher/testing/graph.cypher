// Every tip with all its stored properties and every identifier occurrence in it, as stored (the reference path of tests only).
// mode: read
// returns: tip, occurrences
MATCH (t:Tip)
RETURN t {.*} AS tip,
       COLLECT { MATCH (t)-[r:HAS]->(n:Identifier) RETURN {occurrence: r {.*}, identifier: n {.*}} } AS occurrences
