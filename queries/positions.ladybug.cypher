// name: positions
// description: ladybug variant: no CALL subqueries, so one pattern with the person filter (ladybug scans a column either way).
// :param person => ''
// :param person_key => ''
// :param affiliation => ''
// :param affiliation_key => ''
MATCH (p:Person)-[h:HOLDS_POSITION]->(x)
WHERE ($person = '' OR p.lookup CONTAINS (' ' + $person_key + ' '))
  AND ($affiliation = ''
       OR EXISTS { MATCH (x)-[:PART_OF*0..6]->(y) WHERE y.lookup CONTAINS (' ' + $affiliation_key + ' ') })
RETURN p.name AS person, h.title AS title, x.name AS affiliation, x.type AS affiliation_type,
       h.articles AS articles
ORDER BY person, title, affiliation
