"""What the analysis pages read from a store besides the entity graph (:func:`kankei.load.export.entity_graph`):
articles, the evidence sentences behind every relationship, event participation and ``PART_OF`` links.

Every statement is a fixed string (no user input in Cypher) in the subset both engines speak; rows come
back sorted so that both stores give the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kankei.load.schema import ENTITY_LABELS
from kankei.load.store import Store
from kankei.normalize import entity_key

__all__ = [
    "ArticleRow",
    "EvidenceSentence",
    "Participation",
    "read_articles",
    "read_evidence",
    "read_participation",
    "read_part_of",
    "find_entities",
]

_ARTICLES = "MATCH (a:Article) RETURN a.id AS id, a.title AS title, a.source AS source, a.published AS published"
_EVIDENCE = (
    "MATCH (s)<-[:SUBJECT]-(e:Evidence)-[:OBJECT]->(o) "
    "RETURN e.key AS key, e.article AS article, e.relation AS relation, s.id AS subject, s.name AS subject_name, "
    "o.id AS object, o.name AS object_name, e.sentence AS sentence, e.start_offset AS start_offset, "
    "e.end_offset AS end_offset, e.date AS date, e.modality AS modality, e.title AS title, e.rule AS rule, "
    "e.confidence AS confidence, e.subject_text AS subject_text, e.object_text AS object_text"
)
_PARTICIPATION = (
    "MATCH (p:Person)-[r:PARTICIPATED]->(e) "
    "RETURN p.id AS person, p.name AS name, r.role AS role, e.key AS event, e.type AS type, e.date AS date, "
    "e.place AS place, e.country AS country, e.modality AS modality"
)
_PART_OF = "MATCH (a)-[:PART_OF]->(b:Place) RETURN a.id AS child, b.id AS parent"


@dataclass(frozen=True)
class ArticleRow:
    id: str
    title: str | None
    source: str | None
    published: str | None


@dataclass(frozen=True)
class EvidenceSentence:
    """One fact as stored: its relation, ends, sentence and provenance."""

    key: str
    article: str
    relation: str
    subject: str
    subject_name: str
    object: str
    object_name: str
    sentence: str
    start_offset: int
    end_offset: int
    date: str | None
    modality: str | None
    title: str | None
    rule: str | None
    confidence: float | None
    subject_text: str | None
    object_text: str | None


@dataclass(frozen=True)
class Participation:
    """A person's part in a ``Visit`` or ``Meeting`` event (see :mod:`kankei.load.events`)."""

    person: str
    name: str
    role: str
    event: str
    type: str
    date: str | None
    place: str | None
    country: str | None
    modality: str | None


def read_articles(store: Store) -> list[ArticleRow]:
    """Every article node, by id."""
    return sorted((ArticleRow(**row) for row in store.read(_ARTICLES)), key=lambda a: a.id)


def read_evidence(store: Store) -> list[EvidenceSentence]:
    """Every Evidence node with its subject and object, in article / offset order."""
    rows = [EvidenceSentence(**_ints(row, "start_offset", "end_offset")) for row in store.read(_EVIDENCE)]
    return sorted(rows, key=lambda e: (e.article, e.start_offset, e.end_offset, e.relation, e.subject, e.object, e.key))


def read_participation(store: Store) -> list[Participation]:
    """Every person's role in every event, in date order (undated last)."""
    rows = [Participation(**row) for row in store.read(_PARTICIPATION)]
    return sorted(rows, key=lambda p: (p.date is None, p.date or "", p.event, p.person))


def read_part_of(store: Store) -> dict[str, str]:
    """child id → parent place id (the smallest id when a store knows several parents)."""
    parents: dict[str, str] = {}
    for row in sorted(store.read(_PART_OF), key=lambda r: (r["child"], r["parent"])):
        if row["child"] != row["parent"]:
            parents.setdefault(row["child"], row["parent"])
    return parents


def find_entities(store: Store, name: str, labels: tuple[str, ...] = ENTITY_LABELS) -> list[str]:
    """Ids of the entities called ``name`` (exactly or by normalised key, as the canned queries match)."""
    ids: set[str] = set()
    for label in labels:
        if label not in ENTITY_LABELS:
            raise ValueError(f"not an entity label: {label!r}")
        rows = store.read(
            f"MATCH (n:{label}) WHERE n.name = $name OR $key IN n.keys RETURN n.id AS id",
            {"name": name, "key": entity_key(name)},
        )
        ids.update(row["id"] for row in rows)
    return sorted(ids)


def _ints(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {**row, **{k: int(row[k]) if row[k] is not None else -1 for k in keys}}
