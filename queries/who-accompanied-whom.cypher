// name: who-accompanied-whom
// description: Who accompanied whom: each delegation member with the leader they travelled with (all leaders when leader is '').
// :param leader => ''
// :param leader_key => ''
MATCH (m)-[r:ACCOMPANIED]->(lead)
WHERE $leader = '' OR lead.name = $leader OR $leader_key IN lead.keys
RETURN lead.name AS leader, m.name AS member, r.articles AS articles, r.first_date AS first_date,
       r.confidence AS confidence
ORDER BY leader, member
