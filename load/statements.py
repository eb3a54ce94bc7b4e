"""The loader's Cypher: one parameterised ``UNWIND $rows AS row … MERGE`` statement per shape.

Labels and relationship types are pasted from the fixed names in :mod:`kankei.load.schema` (Cypher has no
parameters for them); every value arrives in ``$rows``. Each statement is written in the Cypher subset
both engines understand.
"""

from __future__ import annotations

from kankei.load.schema import DIRECT_RELATIONS, EVENT_LABELS, NODE_TABLES, REL_TABLES

__all__ = [
    "MERGE_ARTICLES",
    "MERGE_EVIDENCE",
    "read_entities",
    "lock_entities",
    "lock_nodes",
    "merge_entities",
    "merge_part_of",
    "merge_mentions",
    "link_evidence",
    "aggregate_relation",
    "count_nodes",
    "count_relationships",
    "merge_events",
    "delete_events",
    "read_events",
    "merge_participation",
    "delete_participation",
    "read_participation",
    "merge_link",
    "delete_link",
    "read_link",
]

_LABELS = {t.label for t in NODE_TABLES}
_TYPES = {t.type for t in REL_TABLES}


def _label(label: str) -> str:
    if label not in _LABELS:
        raise ValueError(f"not a graph label: {label!r}")
    return label


def _type(rel: str) -> str:
    if rel not in _TYPES:
        raise ValueError(f"not a relationship type: {rel!r}")
    return rel


MERGE_ARTICLES = (
    "UNWIND $rows AS row MERGE (a:Article {id: row.id}) "
    "SET a.title = row.title, a.source = row.source, a.url = row.url, a.published = row.published"
)

MERGE_EVIDENCE = (
    "UNWIND $rows AS row MERGE (e:Evidence {key: row.key}) "
    "SET e.article = row.article, e.relation = row.relation, e.sentence = row.sentence, "
    "e.start_offset = row.start_offset, e.end_offset = row.end_offset, e.rule = row.rule, "
    "e.confidence = row.confidence, e.modality = row.modality, e.date = row.date, "
    "e.date_precision = row.date_precision, e.date_text = row.date_text, e.title = row.title, "
    "e.subject_text = row.subject_text, e.object_text = row.object_text"
)


def read_entities(label: str) -> str:
    """What the store already knows of some entities (``$ids``), to merge names and keys order-free."""
    return (
        f"UNWIND $ids AS id MATCH (n:{_label(label)} {{id: id}}) "
        "RETURN n.id AS id, n.names AS names, n.keys AS keys, n.kind AS kind"
    )


def lock_entities(label: str) -> str:
    """Create-or-lock entities (``row.id``): a later read of their names in the same transaction is then
    current, and a concurrent load merging the same entities waits instead of overwriting the union."""
    return f"UNWIND $rows AS row MERGE (n:{_label(label)} {{id: row.id}}) SET n.type = row.type"


def lock_nodes(label: str) -> str:
    """Write-lock existing entities (``row.id``) until commit; setting a property to itself is enough."""
    return f"UNWIND $rows AS row MATCH (n:{_label(label)} {{id: row.id}}) SET n.type = n.type"


def merge_entities(label: str) -> str:
    return (
        f"UNWIND $rows AS row MERGE (n:{_label(label)} {{id: row.id}}) "
        "SET n.type = row.type, n.name = row.name, n.key = row.key, n.names = row.names, "
        "n.keys = row.keys, n.kind = row.kind"
    )


def merge_part_of(child_label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (c:{_label(child_label)} {{id: row.child}}), "
        "(p:Place {id: row.parent}) MERGE (c)-[:PART_OF]->(p)"
    )


def merge_mentions(label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:Article {{id: row.article}}), (n:{_label(label)} {{id: row.id}}) "
        "MERGE (a)-[:MENTIONS]->(n)"
    )


def link_evidence(subject_label: str, object_label: str) -> str:
    """Article → Evidence → subject / object; one statement per label pair so every MATCH uses a key."""
    return (
        "UNWIND $rows AS row MATCH (e:Evidence {key: row.key}), (a:Article {id: row.article}), "
        f"(s:{_label(subject_label)} {{id: row.s}}), (o:{_label(object_label)} {{id: row.o}}) "
        "MERGE (a)-[:REPORTS]->(e) MERGE (e)-[:SUBJECT]->(s) MERGE (e)-[:OBJECT]->(o)"
    )


def aggregate_relation(relation: str, from_label: str, to_label: str) -> str:
    """(Re)compute a direct relationship from all its Evidence: idempotent and independent of load order.

    MET is symmetric: its evidence may point either way, and its relationship goes from the smaller id.
    HOLDS_POSITION has one relationship per title.
    """
    if relation not in DIRECT_RELATIONS:
        raise ValueError(f"not a direct relation: {relation!r}")
    if relation == "MET":
        evidence = (
            "MATCH (a)<-[:SUBJECT|OBJECT]-(e:Evidence)-[:SUBJECT|OBJECT]->(b) WHERE e.relation = 'MET' "
        )
    else:
        evidence = f"MATCH (a)<-[:SUBJECT]-(e:Evidence)-[:OBJECT]->(b) WHERE e.relation = '{relation}' "
    if relation == "HOLDS_POSITION":
        evidence += "AND coalesce(e.title, '') = row.title "
    merge = "{title: row.title}" if relation == "HOLDS_POSITION" else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{_label(from_label)} {{id: row.a}}), "
        f"(b:{_label(to_label)} {{id: row.b}}) "
        + evidence
        # ladybug loses track of the UNWIND variable when an aggregation drops it: keep `row` grouped.
        + "WITH a, b, row, max(e.confidence) AS confidence, count(DISTINCT e.key) AS evidence, "
        "count(DISTINCT e.article) AS articles, min(e.date) AS first_date, max(e.date) AS last_date, "
        "min(e.modality) AS modality "
        f"MERGE (a)-[r:{relation} {merge}]->(b) "
        "SET r.confidence = confidence, r.evidence = evidence, r.articles = articles, "
        "r.first_date = first_date, r.last_date = last_date, r.modality = modality"
    )


def count_nodes(label: str) -> str:
    return f"MATCH (n:{_label(label)}) RETURN count(n) AS n"


def count_relationships(rel: str) -> str:
    return f"MATCH ()-[r:{_type(rel)}]->() RETURN count(r) AS n"


# The derived part (kankei.load.derive): events, roles and plain links.
def merge_events(label: str) -> str:
    if label not in EVENT_LABELS:
        raise ValueError(f"not an event label: {label!r}")
    return (
        f"UNWIND $rows AS row MERGE (v:{label} {{key: row.key}}) "
        "SET v.type = row.type, v.date = row.date, v.date_precision = row.date_precision, "
        "v.modality = row.modality, v.place = row.place, v.country = row.country, v.articles = row.articles, "
        "v.evidence = row.evidence, v.confidence = row.confidence"
    )


def delete_events(label: str) -> str:
    return f"UNWIND $rows AS row MATCH (v:{_label(label)} {{key: row.key}}) DETACH DELETE v"


def read_events(label: str) -> str:
    return (
        f"MATCH (v:{_label(label)}) RETURN v.key AS key, v.type AS type, v.date AS date, "
        "v.date_precision AS date_precision, v.modality AS modality, v.place AS place, v.country AS country, "
        "v.articles AS articles, v.evidence AS evidence, v.confidence AS confidence"
    )


def merge_participation(entity_label: str, event_label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (x:{_label(entity_label)} {{id: row.id}}), "
        f"(v:{_label(event_label)} {{key: row.event}}) MERGE (x)-[r:PARTICIPATED]->(v) SET r.role = row.role"
    )


def delete_participation(entity_label: str, event_label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (x:{_label(entity_label)} {{id: row.id}})-[r:PARTICIPATED]->"
        f"(v:{_label(event_label)} {{key: row.event}}) DELETE r"
    )


def read_participation(event_label: str) -> str:
    return (
        f"MATCH (x)-[r:PARTICIPATED]->(v:{_label(event_label)}) "
        "RETURN x.id AS id, x.type AS label, v.key AS event, r.role AS role"
    )


def merge_link(rel: str, from_label: str, from_key: str, to_label: str, to_key: str) -> str:
    """A plain relationship between two nodes found by key (``row.a`` / ``row.b``)."""
    return (
        f"UNWIND $rows AS row MATCH (a:{_label(from_label)} {{{from_key}: row.a}}), "
        f"(b:{_label(to_label)} {{{to_key}: row.b}}) MERGE (a)-[:{_type(rel)}]->(b)"
    )


def delete_link(rel: str, from_label: str, from_key: str, to_label: str, to_key: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{_label(from_label)} {{{from_key}: row.a}})-[r:{_type(rel)}]->"
        f"(b:{_label(to_label)} {{{to_key}: row.b}}) DELETE r"
    )


def read_link(rel: str, from_label: str, from_key: str, to_label: str, to_key: str) -> str:
    return (
        f"MATCH (a:{_label(from_label)})-[:{_type(rel)}]->(b:{_label(to_label)}) "
        f"RETURN a.{from_key} AS a, b.{to_key} AS b"
    )
