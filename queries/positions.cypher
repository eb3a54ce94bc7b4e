// name: positions
// description: Who holds which title where; filter by person and/or by an organisation or place (and what lies in it).
// :param person => ''
// :param person_key => ''
// :param affiliation => ''
// :param affiliation_key => ''
// a named person by index; everyone only when no person is named (the guard keeps that scan from running)
CALL () {
  MATCH (p:Person)
  WHERE p.lookup CONTAINS (' ' + $person_key + ' ')
  RETURN p
  UNION
  UNWIND CASE WHEN $person = '' THEN [true] ELSE [] END AS everyone
  MATCH (p:Person)
  RETURN p
}
MATCH (p)-[h:HOLDS_POSITION]->(x)
WHERE $affiliation = ''
   OR EXISTS { MATCH (x)-[:PART_OF*0..6]->(y) WHERE y.lookup CONTAINS (' ' + $affiliation_key + ' ') }
RETURN p.name AS person, h.title AS title, x.name AS affiliation, x.type AS affiliation_type,
       h.articles AS articles
ORDER BY person, title, affiliation
