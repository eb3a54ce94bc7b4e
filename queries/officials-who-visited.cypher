// name: officials-who-visited
// description: People who visited a place or any place inside it (PART_OF), with when and in how many articles.
// :param place => '平壌'
// :param place_key => '平壌'
MATCH (target:Place)
WHERE target.lookup CONTAINS (' ' + $place_key + ' ')
MATCH (p:Person)-[v:VISITED]->(visited:Place)-[:PART_OF*0..6]->(target)
RETURN DISTINCT p.name AS person, visited.name AS place, v.first_date AS first_date, v.last_date AS last_date,
       v.modality AS modality, v.articles AS articles
ORDER BY person, place
