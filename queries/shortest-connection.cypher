// name: shortest-connection
// description: The shortest chains of VISITED / MET / ACCOMPANIED / HOLDS_POSITION links between two people (all of them).
// :param person1 => 'ラブロフ' // required
// :param person1_key => 'ラブロフ'
// :param person2 => '習近平' // required
// :param person2_key => '習近平'
MATCH (a:Person)
WHERE a.lookup CONTAINS (' ' + $person1_key + ' ')
MATCH (b:Person)
WHERE b.lookup CONTAINS (' ' + $person2_key + ' ') AND a.id <> b.id
MATCH path = allShortestPaths((a)-[:VISITED|MET|ACCOMPANIED|HOLDS_POSITION*..6]-(b))
RETURN DISTINCT a.name AS person1, b.name AS person2, length(path) AS hops,
       reduce(s = '', n IN nodes(path) | s + CASE WHEN s = '' THEN '' ELSE ' — ' END + n.name) AS route,
       reduce(s = '', r IN relationships(path) | s + CASE WHEN s = '' THEN '' ELSE ', ' END + type(r)) AS via
ORDER BY person1, person2, hops, route, via
