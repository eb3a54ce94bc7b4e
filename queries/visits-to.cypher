// name: visits-to
// description: Visits (one per real trip, however many articles report it) to a country or any place inside it.
// :param country => '北朝鮮'
// :param country_key => '北朝鮮'
MATCH (c:Place)
WHERE c.lookup CONTAINS (' ' + $country_key + ' ')
MATCH (v:Visit)-[:AT]->(:Place)-[:PART_OF*0..6]->(c)
WITH DISTINCT v
MATCH (p)-[:PARTICIPATED {role: 'visitor'}]->(v)
OPTIONAL MATCH (m)-[:PARTICIPATED {role: 'delegation member'}]->(v)
RETURN v.date AS date, p.name AS visitor, v.place AS place, v.modality AS modality, v.articles AS articles,
       count(m) AS delegation
ORDER BY date, visitor, place, modality
