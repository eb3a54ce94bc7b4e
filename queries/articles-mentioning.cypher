// name: articles-mentioning
// description: Articles that mention an entity (person, organisation or place), with how many facts each gives about it.
// :param entity => 'プーチン'
// :param entity_key => 'プチン'
MATCH (a:Article)-[:MENTIONS]->(n:Person|Organization|Place)
WHERE n.lookup CONTAINS (' ' + $entity_key + ' ')
// the EXISTS form keeps Neo4j from expanding every fact of a much-reported entity once per article
OPTIONAL MATCH (a)-[:REPORTS]->(e:Evidence)
WHERE EXISTS { MATCH (e)-[:SUBJECT|OBJECT]->(n) }
RETURN n.name AS entity, n.type AS type, a.id AS article, a.published AS published, a.title AS title,
       a.source AS source, count(DISTINCT e.key) AS facts
ORDER BY published, article, entity
