"""Facts → the rows the loader writes: one pure pass per batch, deduplicated, so a batch never carries
the same key twice (both engines' ``UNWIND … MERGE`` are only well-defined with unique keys per batch).

>>> from kankei.types import EntityRef, Evidence, Fact
>>> putin = EntityRef("Person:ウラジミルプチン", "ウラジーミル・プーチン", "Person", text="プーチン")
>>> pyongyang = EntityRef("Place:平壌", "平壌", "Place", kind="city", part_of="北朝鮮")
>>> fact = Fact("a1", "VISITED", putin, pyongyang, Evidence("プーチンが平壌に到着した。", 0, 13), "r", 0.9)
>>> rows = batch_rows([fact])
>>> sorted(rows.entities)
['Person:ウラジミルプチン', 'Place:北朝鮮', 'Place:平壌']
>>> sorted(rows.entities["Person:ウラジミルプチン"].keys)
['ウラジミル', 'ウラジミルプチン', 'プチン']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kankei.load.schema import ENTITY_LABELS
from kankei.normalize import entity_key
from kankei.types import EntityRef, Fact

__all__ = [
    "EntityRow",
    "BatchRows",
    "batch_rows",
    "evidence_key",
    "name_keys",
    "place_id",
    "lookup_text",
    "relation_of",
    "relation_pair",
]

# Separators between the parts of a written name (ウラジーミル・プーチン, Kim Jong Un).
_NAME_PARTS = re.compile(r"[\s・･=＝]+")
_MIN_PART = 2  # one-character parts (the K of ダニエル・K・イノウエ) would match far too much


def evidence_key(fact: Fact) -> str:
    """The Evidence node key: :meth:`Fact.key` joined, so the same fact read twice is one node."""
    return "|".join(str(part) for part in fact.key())


def place_id(name: str) -> str:
    """The id a place gets when only its name is known (a ``part_of`` target)."""
    return f"Place:{entity_key(name)}"


def name_keys(name: str, entity_type: str) -> set[str]:
    """Keys a query may match an entity by: its whole name and, for people, each part of it."""
    keys = {entity_key(name)}
    if entity_type == "Person":
        keys |= {entity_key(part) for part in _NAME_PARTS.split(name) if len(entity_key(part)) >= _MIN_PART}
    return {key for key in keys if key}


def relation_pair(fact: Fact) -> tuple[EntityRef, EntityRef]:
    """(from, to) of the direct relationship: MET is symmetric, so its pair is put in id order."""
    if fact.relation == "MET" and fact.object.id < fact.subject.id:
        return fact.object, fact.subject
    return fact.subject, fact.object


def lookup_text(keys: Iterable[str]) -> str:
    """An entity's keys as one string, each framed by spaces (`` プチン ウラジミル ``), so that an indexed
    ``lookup CONTAINS ' key '`` finds the entity by any key; entity_key drops spaces, so none is inside one.
    No keys, no spaces: an empty key (``'  '``) must match nothing."""
    ordered = sorted(keys)
    return " " + " ".join(ordered) + " " if ordered else ""


def relation_of(row: dict[str, Any]) -> tuple[str, str, str, str, str, str]:
    """The direct relationship an Evidence row of :func:`batch_rows` feeds:
    (relation, from label, from id, to label, to id, title)."""
    first, second = (row["s_label"], row["s"]), (row["o_label"], row["o"])
    if row["relation"] == "MET" and second[1] < first[1]:
        first, second = second, first
    title = (row["title"] or "") if row["relation"] == "HOLDS_POSITION" else ""
    return (row["relation"], first[0], first[1], second[0], second[1], title)


@dataclass
class EntityRow:
    """What a batch says about one entity; merged with what the store already holds before writing."""

    id: str
    type: str
    names: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)


@dataclass
class BatchRows:
    """Everything one batch of facts writes, keyed so nothing repeats.

    Attributes:
        articles: article id → Article row.
        entities: entity id → :class:`EntityRow`.
        part_of: (child label, child id, parent place id).
        mentions: (article id, entity label, entity id).
        evidence: evidence key → Evidence row with its subject and object.
        relations: the direct relationships whose aggregates must be recomputed:
            (relation, from label, from id, to label, to id, title).
        skipped: facts not loaded (subject and object are the same entity).
    """

    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    entities: dict[str, EntityRow] = field(default_factory=dict)
    part_of: set[tuple[str, str, str]] = field(default_factory=set)
    mentions: set[tuple[str, str, str]] = field(default_factory=set)
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    relations: set[tuple[str, str, str, str, str, str]] = field(default_factory=set)
    skipped: int = 0


def _add_entity(rows: BatchRows, ref: EntityRef) -> None:
    entity = rows.entities.setdefault(ref.id, EntityRow(ref.id, ref.type))
    entity.names.add(ref.name)
    entity.keys |= name_keys(ref.name, ref.type)
    # A mention that is part of the name (プーチン, 極東, 労働党中央委員会) is a way to call it; one that
    # is not (彼女, 同大統領) is an anaphor and would match the wrong entities.
    mention = entity_key(ref.text) if ref.text else ""
    if len(mention) >= _MIN_PART and mention in entity_key(ref.name):
        entity.keys.add(mention)
    if ref.kind:
        entity.kinds.add(ref.kind)
    if ref.part_of and ref.type in ("Place", "Organization"):
        parent = place_id(ref.part_of)
        if parent != ref.id:
            parent_row = rows.entities.setdefault(parent, EntityRow(parent, "Place"))
            parent_row.names.add(ref.part_of)
            parent_row.keys |= name_keys(ref.part_of, "Place")
            rows.part_of.add((ref.type, ref.id, parent))


def batch_rows(facts: Iterable[Fact]) -> BatchRows:
    """Turn a batch of facts into deduplicated rows.

    Raises:
        ValueError: an entity type outside Person / Organization / Place (names the article).
    """
    rows = BatchRows()
    for fact in facts:
        for ref in (fact.subject, fact.object):
            if ref.type not in ENTITY_LABELS:
                raise ValueError(
                    f"article {fact.article}: {fact.relation} fact has entity {ref.id!r} of unknown type "
                    f"{ref.type!r} (expected one of {', '.join(ENTITY_LABELS)})"
                )
        if fact.subject.id == fact.object.id:
            rows.skipped += 1
            continue
        info = fact.article_info
        rows.articles.setdefault(
            fact.article,
            {
                "id": fact.article,
                "title": info.title,
                "source": info.source,
                "url": info.url,
                "published": info.published,
            },
        )
        for ref in (fact.subject, fact.object):
            _add_entity(rows, ref)
            rows.mentions.add((fact.article, ref.type, ref.id))
        key = evidence_key(fact)
        row = {
            "key": key,
            "article": fact.article,
            "relation": fact.relation,
            "sentence": fact.evidence.sentence,
            "start_offset": fact.evidence.start,
            "end_offset": fact.evidence.end,
            "rule": fact.rule,
            "confidence": float(fact.confidence),
            "modality": fact.modality,
            "date": fact.date,
            "date_precision": fact.date_precision,
            "date_text": fact.date_text,
            "title": fact.title,
            "subject_text": fact.subject.text,
            "object_text": fact.object.text,
            "s_label": fact.subject.type,
            "s": fact.subject.id,
            "o_label": fact.object.type,
            "o": fact.object.id,
        }
        previous = rows.evidence.get(key)
        # The same fact twice in one batch: keep the more confident reading, deterministically.
        if previous is None or (row["confidence"], str(row)) > (previous["confidence"], str(previous)):
            rows.evidence[key] = row
        first, second = relation_pair(fact)
        title = (fact.title or "") if fact.relation == "HOLDS_POSITION" else ""
        rows.relations.add((fact.relation, first.type, first.id, second.type, second.id, title))
    return rows
