// name: evidence
// description: The sentences behind a relationship between two entities: article, offsets, rule, confidence (relation '' = any); the first `limit` in article order.
// :param subject => 'ラブロフ' // required
// :param subject_key => 'ラブロフ'
// :param object => 'プーチン' // required
// :param object_key => 'プチン'
// :param relation => ''
// :param limit => 100
// both entities by index, then the evidence between them (either way round; a MET fact may be told backwards)
MATCH (x:Person|Organization|Place)
WHERE x.lookup CONTAINS (' ' + $subject_key + ' ')
MATCH (y:Person|Organization|Place)
WHERE y.lookup CONTAINS (' ' + $object_key + ' ')
// walk from the end with fewer evidence (a much-reported entity has thousands), then step to the other end
WITH x, y,
     CASE WHEN COUNT { (x)<-[:SUBJECT|OBJECT]-() } <= COUNT { (y)<-[:SUBJECT|OBJECT]-() } THEN [x, y] ELSE [y, x]
     END AS ends
WITH x, y, ends[0] AS near, ends[1] AS far
MATCH (near)<-[:SUBJECT|OBJECT]-(e:Evidence)
WITH x, y, far, e
MATCH (e)-[:SUBJECT|OBJECT]->(far)
MATCH (s)<-[:SUBJECT]-(e)-[:OBJECT]->(o)
WHERE ($relation = '' OR e.relation = $relation)
  AND ((s.id = x.id AND o.id = y.id) OR (e.relation = 'MET' AND s.id = y.id AND o.id = x.id))
WITH DISTINCT e, s, o
// sort and cut before reading the sentences: a much-reported pair has thousands of facts
ORDER BY e.article, e.start_offset, e.end_offset, e.relation, s.name, o.name, e.key
LIMIT $limit
RETURN e.article AS article, e.start_offset AS start_offset, e.end_offset AS end_offset, e.relation AS relation,
       s.name AS subject, o.name AS object, e.sentence AS sentence, e.date AS date, e.modality AS modality,
       e.title AS title, e.rule AS rule, e.confidence AS confidence
ORDER BY article, start_offset, end_offset, relation, subject, object, e.key
