// name: meetings-between
// description: Meetings of two people (one per real meeting), with date, place and how many articles report it.
// :param person1 => 'プーチン' // required
// :param person1_key => 'プチン'
// :param person2 => '金正恩' // required
// :param person2_key => '金正恩'
MATCH (a:Person)-[:PARTICIPATED]->(m:Meeting)<-[:PARTICIPATED]-(b:Person)
WHERE a.lookup CONTAINS (' ' + $person1_key + ' ')
  AND b.lookup CONTAINS (' ' + $person2_key + ' ')
  AND a.id <> b.id
RETURN DISTINCT m.date AS date, a.name AS person1, b.name AS person2, m.place AS place, m.modality AS modality,
       m.articles AS articles
ORDER BY date, person1, person2, place, modality
