// name: articles-mentioning
// description: Articles that mention an entity (person, organisation or place), oldest first, with how many facts each gives about it (the first `limit` articles).
// :param entity => 'プーチン'
// :param entity_key => 'プチン'
// :param limit => 100
MATCH (a:Article)-[:MENTIONS]->(n:Person|Organization|Place)
WHERE n.lookup CONTAINS (' ' + $entity_key + ' ')
// pick the first `limit` articles before counting facts: a much-reported entity has thousands of articles
WITH a, n
ORDER BY a.published, a.id, n.name, n.type, n.id
LIMIT $limit
// the EXISTS form keeps Neo4j from expanding every fact of a much-reported entity once per article
OPTIONAL MATCH (a)-[:REPORTS]->(e:Evidence)
WHERE EXISTS { MATCH (e)-[:SUBJECT|OBJECT]->(n) }
RETURN n.name AS entity, n.type AS type, a.id AS article, a.published AS published, a.title AS title,
       a.source AS source, count(DISTINCT e.key) AS facts
ORDER BY published, article, entity, type, facts
