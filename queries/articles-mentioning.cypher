// name: articles-mentioning
// description: Articles that mention an entity (person, organisation or place), with how many facts each gives about it.
// :param entity => 'プーチン'
// :param entity_key => 'プーチン'
MATCH (a:Article)-[:MENTIONS]->(n)
WHERE n.name = $entity OR $entity_key IN n.keys
OPTIONAL MATCH (a)-[:REPORTS]->(e:Evidence)-[:SUBJECT|OBJECT]->(n)
RETURN n.name AS entity, n.type AS type, a.id AS article, a.published AS published, a.title AS title,
       a.source AS source, count(DISTINCT e.key) AS facts
ORDER BY published, article, entity
