// name: co-attendees
// description: People who took part in the same visits or meetings as a person, most shared events first.
// :param person => 'プーチン'
// :param person_key => 'プチン'
MATCH (p:Person)
WHERE p.lookup CONTAINS (' ' + $person_key + ' ')
MATCH (p)-[:PARTICIPATED]->(e)<-[:PARTICIPATED]-(o:Person)
WHERE o.id <> p.id
RETURN p.name AS person, o.name AS co_attendee, count(DISTINCT e.key) AS events, min(e.date) AS first_date,
       max(e.date) AS last_date
ORDER BY events DESC, person, co_attendee
