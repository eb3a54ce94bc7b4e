// name: who-accompanied-whom
// description: ladybug variant: no CALL subqueries, so one pattern with the leader filter (ladybug scans a column either way).
// :param leader => ''
// :param leader_key => ''
MATCH (m)-[r:ACCOMPANIED]->(lead)
WHERE $leader = '' OR lead.lookup CONTAINS (' ' + $leader_key + ' ')
RETURN lead.name AS leader, m.name AS member, r.articles AS articles, r.first_date AS first_date,
       r.confidence AS confidence
ORDER BY leader, member
