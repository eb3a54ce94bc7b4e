// name: most-connected
// description: People with the most distinct neighbours over VISITED, MET, ACCOMPANIED and HOLDS_POSITION.
// :param limit => 10
MATCH (p:Person)-[r:VISITED|MET|ACCOMPANIED|HOLDS_POSITION]-(x)
// count(DISTINCT x), not x.id: node identity needs no property read per relationship
WITH p, count(DISTINCT x) AS connections, count(r) AS relationships
RETURN p.name AS person, connections, relationships
ORDER BY connections DESC, relationships DESC, person
LIMIT $limit
