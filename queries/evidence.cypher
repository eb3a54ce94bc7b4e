// name: evidence
// description: The sentences behind a relationship between two entities: article, offsets, rule, confidence (relation '' = any).
// :param subject => 'ラブロフ' // required
// :param subject_key => 'ラブロフ'
// :param object => 'プーチン' // required
// :param object_key => 'プチン'
// :param relation => ''
MATCH (s)<-[:SUBJECT]-(e:Evidence)-[:OBJECT]->(o)
WHERE ($relation = '' OR e.relation = $relation)
  AND (((s.name = $subject OR $subject_key IN s.keys) AND (o.name = $object OR $object_key IN o.keys))
       OR (e.relation = 'MET'
           AND (o.name = $subject OR $subject_key IN o.keys) AND (s.name = $object OR $object_key IN s.keys)))
RETURN e.article AS article, e.start_offset AS start_offset, e.end_offset AS end_offset, e.relation AS relation,
       s.name AS subject, o.name AS object, e.sentence AS sentence, e.date AS date, e.modality AS modality,
       e.title AS title, e.rule AS rule, e.confidence AS confidence
ORDER BY article, start_offset, end_offset, relation, subject, object
