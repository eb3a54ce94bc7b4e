// name: positions
// description: Who holds which title where; filter by person and/or by an organisation or place (and what lies in it).
// :param person => ''
// :param person_key => ''
// :param affiliation => ''
// :param affiliation_key => ''
MATCH (p:Person)-[h:HOLDS_POSITION]->(x)
WHERE ($person = '' OR p.name = $person OR $person_key IN p.keys)
  AND ($affiliation = ''
       OR EXISTS { MATCH (x)-[:PART_OF*0..6]->(y) WHERE y.name = $affiliation OR $affiliation_key IN y.keys })
RETURN p.name AS person, h.title AS title, x.name AS affiliation, x.type AS affiliation_type,
       h.articles AS articles
ORDER BY person, title, affiliation
