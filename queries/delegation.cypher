// name: delegation
// description: Everyone who took part in a leader's visit (visitor, delegation members, hosts); date is a prefix such as '2024-06'.
// :param visitor => 'プーチン'
// :param visitor_key => 'プチン'
// :param date => '2024-06'
MATCH (lead:Person|Organization|Place)
WHERE lead.lookup CONTAINS (' ' + $visitor_key + ' ')
MATCH (lead)-[:PARTICIPATED {role: 'visitor'}]->(v:Visit)
WHERE $date = '' OR v.date STARTS WITH $date
MATCH (m)-[r:PARTICIPATED]->(v)
RETURN v.date AS date, v.place AS place, lead.name AS visitor, m.name AS person, r.role AS role
ORDER BY date, place, visitor, role, person
