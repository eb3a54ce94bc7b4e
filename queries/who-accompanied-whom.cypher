// name: who-accompanied-whom
// description: Who accompanied whom: each delegation member with the leader they travelled with (all leaders when leader is '').
// :param leader => ''
// :param leader_key => ''
// a named leader by index; every leader only when none is named (the guard keeps that scan from running)
CALL () {
  MATCH (lead:Person|Organization|Place)
  WHERE lead.lookup CONTAINS (' ' + $leader_key + ' ')
  RETURN lead
  UNION
  UNWIND CASE WHEN $leader = '' THEN [true] ELSE [] END AS everyone
  MATCH ()-[:ACCOMPANIED]->(lead)
  RETURN DISTINCT lead
}
MATCH (m)-[r:ACCOMPANIED]->(lead)
RETURN lead.name AS leader, m.name AS member, r.articles AS articles, r.first_date AS first_date,
       r.confidence AS confidence
ORDER BY leader, member
