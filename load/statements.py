"""The loader's Cypher: parameterised ``UNWIND $rows AS row …`` statements, one per shape.

Labels and relationship types are pasted from the fixed names in :mod:`kankei.load.schema` (Cypher has no
parameters for them); every value arrives in ``$rows`` / ``$ids``. Each statement is written in the Cypher
subset both engines understand, and in the shape both plan well:

- a node is found by its key in a MATCH of its own (``MATCH (a:A {id: row.a}) MATCH (b:B {id: row.b})``):
  ladybug plans each such MATCH as a primary-key lookup, while a comma-joined pattern
  (``MATCH (a:A {id: …}), (b:B {id: …})``) or a node MERGE becomes a hash join over a scan of the whole
  table, which makes every batch slower than the one before;
- what is new is CREATEd and what changed is SET, because the loader reads what exists first (under the
  store-wide load lock, so no other kankei writer can create it meanwhile); the one exception is a direct
  relationship gaining evidence from new articles (:func:`add_to_relation`), MERGEd between two nodes found
  by key: one statement instead of a read, a create and an update (a third of the round trips on Neo4j; on
  ladybug, at 50,000 facts, no slower than the read and update it replaces, so no table scan).
"""

from __future__ import annotations

from kankei.load.schema import DIRECT_RELATIONS, EVENT_LABELS, NODE_TABLES, REL_TABLES

__all__ = [
    "ARTICLE_PROPS",
    "EVIDENCE_PROPS",
    "ENTITY_PROPS",
    "EVENT_PROPS",
    "read_articles",
    "create_articles",
    "update_articles",
    "read_entities",
    "missing_lookup",
    "set_lookup",
    "create_entities",
    "update_entities",
    "read_part_of",
    "create_part_of",
    "read_mentions",
    "create_mentions",
    "MARK_PENDING",
    "CLEAR_PENDING",
    "reported_articles",
    "read_evidence",
    "create_evidence",
    "update_evidence",
    "read_positions",
    "aggregate_relation",
    "AGGREGATE_PROPS",
    "add_to_relation",
    "mark_subtree_pending",
    "count_nodes",
    "count_relationships",
    "create_events",
    "update_events",
    "delete_events",
    "read_event_props",
    "create_participation",
    "update_participation",
    "delete_participation",
    "create_link",
    "delete_link",
]

_LABELS = {t.label for t in NODE_TABLES}
_TYPES = {t.type for t in REL_TABLES}

ARTICLE_PROPS = ("title", "source", "url", "published")
ENTITY_PROPS = ("type", "name", "key", "names", "keys", "kind", "lookup")
EVIDENCE_PROPS = (
    "article", "relation", "sentence", "start_offset", "end_offset", "rule", "confidence", "modality", "date",
    "date_precision", "date_text", "title", "subject_text", "object_text",
)  # fmt: skip
EVENT_PROPS = ("type", "date", "date_precision", "modality", "place", "country", "articles", "evidence", "confidence")


def _label(label: str) -> str:
    if label not in _LABELS:
        raise ValueError(f"not a graph label: {label!r}")
    return label


def _type(rel: str) -> str:
    if rel not in _TYPES:
        raise ValueError(f"not a relationship type: {rel!r}")
    return rel


def _set(var: str, props: tuple[str, ...]) -> str:
    return ", ".join(f"{var}.{p} = row.{p}" for p in props)


def _returns(var: str, props: tuple[str, ...]) -> str:
    return ", ".join(f"{var}.{p} AS {p}" for p in props)


def _create(var: str, label: str, key: str, props: tuple[str, ...]) -> str:
    fields = ", ".join(f"{p}: row.{p}" for p in (key, *props))
    return f"CREATE ({var}:{_label(label)} {{{fields}}})"


# -- articles and entities ---------------------------------------------------------------------------


def read_articles() -> str:
    return f"UNWIND $ids AS id MATCH (a:Article {{id: id}}) RETURN a.id AS id, {_returns('a', ARTICLE_PROPS)}"


def create_articles() -> str:
    return "UNWIND $rows AS row " + _create("a", "Article", "id", ARTICLE_PROPS)


def update_articles() -> str:
    return f"UNWIND $rows AS row MATCH (a:Article {{id: row.id}}) SET {_set('a', ARTICLE_PROPS)}"


def read_entities(label: str) -> str:
    """What the store already knows of some entities (``$ids``), to merge names and keys order-free."""
    return (
        f"UNWIND $ids AS id MATCH (n:{_label(label)} {{id: id}}) "
        f"RETURN n.id AS id, {_returns('n', ENTITY_PROPS)}"
    )


def missing_lookup(label: str) -> str:
    return f"MATCH (n:{_label(label)}) WHERE n.lookup IS NULL RETURN n.id AS id, n.keys AS keys"


def set_lookup(label: str) -> str:
    return f"UNWIND $rows AS row MATCH (n:{_label(label)} {{id: row.id}}) SET n.lookup = row.lookup"


def create_entities(label: str) -> str:
    return "UNWIND $rows AS row " + _create("n", label, "id", ENTITY_PROPS)


def update_entities(label: str) -> str:
    return f"UNWIND $rows AS row MATCH (n:{_label(label)} {{id: row.id}}) SET {_set('n', ENTITY_PROPS)}"


def read_part_of(child_label: str) -> str:
    return (
        f"UNWIND $ids AS id MATCH (c:{_label(child_label)} {{id: id}})-[:PART_OF]->(p:Place) "
        "RETURN c.id AS child, p.id AS parent"
    )


def create_part_of(child_label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (c:{_label(child_label)} {{id: row.child}}) "
        "MATCH (p:Place {id: row.parent}) CREATE (c)-[:PART_OF]->(p)"
    )


def read_mentions() -> str:
    return "UNWIND $ids AS id MATCH (a:Article {id: id})-[:MENTIONS]->(n) RETURN a.id AS article, n.id AS id"


def create_mentions(label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:Article {{id: row.article}}) MATCH (n:{_label(label)} {{id: row.id}}) "
        "CREATE (a)-[:MENTIONS]->(n)"
    )


# -- evidence and the direct relationships --------------------------------------------------------------


MARK_PENDING = "UNWIND $rows AS row MATCH (e:Evidence {key: row.key}) SET e.pending = true"
CLEAR_PENDING = "UNWIND $rows AS row MATCH (e:Evidence {key: row.key}) SET e.pending = NULL"


def reported_articles() -> str:
    """Which of some articles (``$ids``) already report evidence."""
    return "UNWIND $ids AS id MATCH (a:Article {id: id}) WHERE EXISTS { MATCH (a)-[:REPORTS]->() } RETURN a.id AS id"


def read_evidence() -> str:
    return (
        f"UNWIND $ids AS id MATCH (e:Evidence {{key: id}}) "
        f"RETURN e.key AS key, {_returns('e', EVIDENCE_PROPS)}, e.pending AS pending"
    )


def create_evidence(subject_label: str, object_label: str, pending: bool | None) -> str:
    """New Evidence nodes with their three links, created together so that one never exists without the
    others; ``pending`` marks them for :func:`kankei.load.derive.derive_events`: all (True), none (False),
    or those whose ``row.pending`` is true (None; the others must have null there, which leaves the
    property unset as on any other unmarked evidence; ladybug cannot type a column of nulls only, nor a
    boolean CASE, hence the three forms)."""
    mark = ", e.pending = true" if pending else ", e.pending = row.pending" if pending is None else ""
    return (
        "UNWIND $rows AS row MATCH (a:Article {id: row.article}) "
        f"MATCH (s:{_label(subject_label)} {{id: row.s}}) MATCH (o:{_label(object_label)} {{id: row.o}}) "
        + "CREATE (e:Evidence {key: row.key}) "
        + f"SET {_set('e', EVIDENCE_PROPS)}{mark} "
        + "CREATE (a)-[:REPORTS]->(e) CREATE (e)-[:SUBJECT]->(s) CREATE (e)-[:OBJECT]->(o)"
    )


def update_evidence() -> str:
    return (
        f"UNWIND $rows AS row MATCH (e:Evidence {{key: row.key}}) SET {_set('e', EVIDENCE_PROPS)}"
    )


def read_positions() -> str:
    """The organisations and places some people (``$ids``) hold a position in."""
    return "UNWIND $ids AS id MATCH (p:Person {id: id})-[:HOLDS_POSITION]->(x) RETURN DISTINCT p.id AS a, x.id AS b"


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
        f"UNWIND $rows AS row MATCH (a:{_label(from_label)} {{id: row.a}}) "
        f"MATCH (b:{_label(to_label)} {{id: row.b}}) "
        + evidence
        # ladybug loses track of the UNWIND variable when an aggregation drops it: keep `row` grouped.
        + "WITH a, b, row, max(e.confidence) AS confidence, count(DISTINCT e.key) AS evidence, "
        "count(DISTINCT e.article) AS articles, min(e.date) AS first_date, max(e.date) AS last_date, "
        "min(e.modality) AS modality "
        f"MERGE (a)-[r:{relation} {merge}]->(b) "
        "SET r.confidence = confidence, r.evidence = evidence, r.articles = articles, "
        "r.first_date = first_date, r.last_date = last_date, r.modality = modality"
    )


AGGREGATE_PROPS = ("confidence", "evidence", "articles", "first_date", "last_date", "modality")


def _least(prop: str) -> str:
    """``r.<prop>`` lowered to ``row.<prop>`` when that is smaller; nulls count as missing (as in min())."""
    return (
        f"r.{prop} = CASE WHEN row.{prop} IS NULL THEN r.{prop} "
        f"WHEN r.{prop} IS NULL OR row.{prop} < r.{prop} THEN row.{prop} ELSE r.{prop} END"
    )


def _greatest(prop: str) -> str:
    return (
        f"r.{prop} = CASE WHEN row.{prop} IS NULL THEN r.{prop} "
        f"WHEN r.{prop} IS NULL OR row.{prop} > r.{prop} THEN row.{prop} ELSE r.{prop} END"
    )


def add_to_relation(relation: str, from_label: str, to_label: str) -> str:
    """Add the aggregates of new evidence (``row``: from articles that reported nothing before) to a direct
    relationship, creating it if it is new: one statement where reading the stored aggregates, combining
    them in Python and then creating or updating the relationship took three round trips. The result is
    what :func:`aggregate_relation` would compute over all the evidence: counts add up (the articles are
    new, so none is counted twice), max/min take the extreme of both."""
    if relation not in DIRECT_RELATIONS:
        raise ValueError(f"not a direct relation: {relation!r}")
    title = " {title: row.title}" if relation == "HOLDS_POSITION" else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{_label(from_label)} {{id: row.a}}) "
        f"MATCH (b:{_label(to_label)} {{id: row.b}}) MERGE (a)-[r:{relation}{title}]->(b) "
        f"SET {_greatest('confidence')}, r.evidence = coalesce(r.evidence, 0) + row.evidence, "
        f"r.articles = coalesce(r.articles, 0) + row.articles, {_least('first_date')}, "
        f"{_greatest('last_date')}, {_least('modality')}"
    )


def mark_subtree_pending(label: str) -> str:
    """Mark for re-deriving the VISITED and HOLDS_POSITION evidence about places or organisations (``row.id``)
    and everything inside them: their country or name changed, and events carry both."""
    return (
        f"UNWIND $rows AS row MATCH (p:{_label(label)} {{id: row.id}}) MATCH (x)-[:PART_OF*0..6]->(p) "
        "MATCH (e:Evidence)-[:OBJECT]->(x) WHERE e.relation = 'VISITED' OR e.relation = 'HOLDS_POSITION' "
        "SET e.pending = true"
    )


def count_nodes(label: str) -> str:
    return f"MATCH (n:{_label(label)}) RETURN count(n) AS n"


def count_relationships(rel: str) -> str:
    return f"MATCH ()-[r:{_type(rel)}]->() RETURN count(r) AS n"


# -- the derived part (kankei.load.derive): events, roles and plain links ----------------------------------


def _event(label: str) -> str:
    if label not in EVENT_LABELS:
        raise ValueError(f"not an event label: {label!r}")
    return label


def create_events(label: str) -> str:
    return "UNWIND $rows AS row " + _create("v", _event(label), "key", EVENT_PROPS)


def update_events(label: str) -> str:
    return f"UNWIND $rows AS row MATCH (v:{_event(label)} {{key: row.key}}) SET {_set('v', EVENT_PROPS)}"


def delete_events(label: str) -> str:
    return f"UNWIND $rows AS row MATCH (v:{_event(label)} {{key: row.key}}) DETACH DELETE v"


def read_event_props(label: str) -> str:
    return f"UNWIND $ids AS id MATCH (v:{_event(label)} {{key: id}}) RETURN v.key AS key, {_returns('v', EVENT_PROPS)}"


def create_participation(entity_label: str, event_label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (x:{_label(entity_label)} {{id: row.id}}) "
        f"MATCH (v:{_event(event_label)} {{key: row.event}}) CREATE (x)-[:PARTICIPATED {{role: row.role}}]->(v)"
    )


def update_participation(entity_label: str, event_label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (x:{_label(entity_label)} {{id: row.id}}) "
        f"MATCH (x)-[r:PARTICIPATED]->(v:{_event(event_label)}) WHERE v.key = row.event SET r.role = row.role"
    )


def delete_participation(entity_label: str, event_label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (x:{_label(entity_label)} {{id: row.id}}) "
        f"MATCH (x)-[r:PARTICIPATED]->(v:{_event(event_label)}) WHERE v.key = row.event DELETE r"
    )


def create_link(rel: str, from_label: str, from_key: str, to_label: str, to_key: str) -> str:
    """A plain relationship between two nodes found by key (``row.a`` / ``row.b``)."""
    return (
        f"UNWIND $rows AS row MATCH (a:{_label(from_label)} {{{from_key}: row.a}}) "
        f"MATCH (b:{_label(to_label)} {{{to_key}: row.b}}) CREATE (a)-[:{_type(rel)}]->(b)"
    )


def delete_link(rel: str, from_label: str, from_key: str, to_label: str, to_key: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{_label(from_label)} {{{from_key}: row.a}}) "
        f"MATCH (a)-[r:{_type(rel)}]->(b:{_label(to_label)}) WHERE b.{to_key} = row.b DELETE r"
    )
