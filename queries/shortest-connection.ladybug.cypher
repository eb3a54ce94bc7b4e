// name: shortest-connection
// description: ladybug variant: `* ALL SHORTEST` instead of allShortestPaths(), list functions instead of reduce().
// :param person1 => 'ラブロフ' // required
// :param person1_key => 'ラブロフ'
// :param person2 => '習近平' // required
// :param person2_key => '習近平'
MATCH (a:Person)
WHERE a.lookup CONTAINS (' ' + $person1_key + ' ')
MATCH (b:Person)
WHERE b.lookup CONTAINS (' ' + $person2_key + ' ') AND a.id <> b.id
MATCH path = (a)-[:VISITED|MET|ACCOMPANIED|HOLDS_POSITION* ALL SHORTEST 1..6]-(b)
RETURN DISTINCT a.name AS person1, b.name AS person2, length(path) AS hops,
       list_to_string(' — ', list_transform(nodes(path), n -> n.name)) AS route,
       list_to_string(', ', list_transform(rels(path), r -> label(r))) AS via
ORDER BY person1, person2, hops, route, via
