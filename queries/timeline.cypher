// name: timeline
// description: A person's visits and meetings in date order, with their role and who they were with.
// :param person => 'プーチン'
// :param person_key => 'プチン'
MATCH (p:Person)
WHERE p.lookup CONTAINS (' ' + $person_key + ' ')
MATCH (p)-[r:PARTICIPATED]->(e)
// with: the other side of a meeting, or the visitor of a trip this person joined or hosted
OPTIONAL MATCH (o)-[q:PARTICIPATED]->(e)
WHERE o.id <> p.id AND (e.type = 'Meeting' OR (q.role = 'visitor' AND r.role <> 'visitor'))
RETURN e.date AS date, p.name AS person, e.type AS event, r.role AS role, e.place AS place,
       e.modality AS modality, o.name AS counterpart
ORDER BY date, person, event, place, role, counterpart
