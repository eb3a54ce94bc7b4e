// name: visits-to
// description: Visits (one per real trip, however many articles report it) to a country or any place inside it, in date order (the first `limit`).
// :param country => '北朝鮮'
// :param country_key => '北朝鮮'
// :param limit => 100
MATCH (c:Place)
WHERE c.lookup CONTAINS (' ' + $country_key + ' ')
MATCH (v:Visit)-[:AT]->(:Place)-[:PART_OF*0..6]->(c)
WITH DISTINCT v
MATCH (p)-[:PARTICIPATED {role: 'visitor'}]->(v)
// pick the first `limit` visits before counting delegations: a country can have thousands of visits
WITH v, p
ORDER BY v.date, p.name, v.place, v.modality, v.key
LIMIT $limit
OPTIONAL MATCH (m)-[:PARTICIPATED {role: 'delegation member'}]->(v)
RETURN v.date AS date, p.name AS visitor, v.place AS place, v.modality AS modality, v.articles AS articles,
       count(m) AS delegation
ORDER BY date, visitor, place, modality, articles, delegation
