"""The data that crosses stage boundaries, defined once.

corpus → :class:`Article` → extract → :class:`Fact` (JSONL) → load → graph.
Every type is a frozen dataclass that round-trips through plain JSON dicts
(``to_dict`` / ``from_dict``), which is the documented interchange format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = [
    "RELATIONS",
    "ENTITY_TYPES",
    "Article",
    "ArticleInfo",
    "EntityRef",
    "Evidence",
    "Fact",
    "Entity",
    "MentionRecord",
]

Relation = Literal["VISITED", "MET", "ACCOMPANIED", "HOLDS_POSITION"]
EntityType = Literal["Person", "Organization", "Place"]
Modality = Literal["actual", "planned"]
DatePrecision = Literal["year", "month", "day"]

RELATIONS: tuple[str, ...] = ("VISITED", "MET", "ACCOMPANIED", "HOLDS_POSITION")
ENTITY_TYPES: tuple[str, ...] = ("Person", "Organization", "Place")


@dataclass(frozen=True)
class Article:
    """One news article as read from the corpus.

    Attributes:
        id: stable identifier (file stem, front-matter ``id`` or JSONL ``id``).
        text: the article body; every character offset in kankei points into it.
        title, source, url: optional metadata from front matter or JSONL keys.
        published: publication date, the anchor for relative dates (29日, 先月).
        path: where the article was read from (for messages), with ``:line`` for JSONL.
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    path: str | None = None

    def info(self) -> ArticleInfo:
        return ArticleInfo(
            title=self.title,
            source=self.source,
            url=self.url,
            published=self.published.isoformat() if self.published else None,
        )


@dataclass(frozen=True)
class ArticleInfo:
    """Article metadata carried on every fact so that a facts file loads on its own."""

    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class EntityRef:
    """A fact's subject or object: the resolved entity plus the mention that named it here.

    Attributes:
        id: cross-article key, ``Type:normalised-name`` (one node per real entity).
        name: canonical display name, never with a title or honorific.
        type: Person, Organization or Place.
        text: the mention as written in the sentence (may be a short form, 同大統領, 彼女).
        start, end: the mention's character offsets in the article text.
        kind: for places, country / city / region / facility when known.
        part_of: for places, the name of the place it lies in (平壌 → 北朝鮮) when known;
            for organisations, their country.
    """

    id: str
    name: str
    type: str
    text: str = ""
    start: int = -1
    end: int = -1
    kind: str | None = None
    part_of: str | None = None


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from and its offsets in the article text."""

    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Fact:
    """One extracted relation with its provenance.

    Attributes:
        article: id of the article it was read from.
        relation: VISITED, MET, ACCOMPANIED or HOLDS_POSITION.
        subject, object: the entities (see :class:`EntityRef`).
        date: ISO date at the precision the text gives (``2024``, ``2024-06``, ``2024-06-19``) or None.
        date_precision: year, month or day (None when there is no date).
        date_text: the date expression as written (``先月30日``), for checking.
        title: for HOLDS_POSITION, the title as written (外相); None otherwise.
        modality: ``actual`` or ``planned``.
        confidence: the rule's confidence in [0, 1].
        rule: name of the rule that produced the fact.
        evidence: the sentence and its offsets in the article text.
        article_info: the article's metadata (title, source, url, published).
    """

    article: str
    relation: str
    subject: EntityRef
    object: EntityRef
    evidence: Evidence
    rule: str
    confidence: float
    modality: str = "actual"
    date: str | None = None
    date_precision: str | None = None
    date_text: str | None = None
    title: str | None = None
    article_info: ArticleInfo = field(default_factory=ArticleInfo)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        data = dict(data)
        data["subject"] = EntityRef(**data["subject"])
        data["object"] = EntityRef(**data["object"])
        data["evidence"] = Evidence(**data["evidence"])
        data["article_info"] = ArticleInfo(**(data.get("article_info") or {}))
        return cls(**data)

    def key(self) -> tuple[str, str, str, str, int, int, str]:
        """What makes a fact distinct: the same relation on the same date read twice from one sentence
        is one fact; one sentence may report several occasions (2001年、2002年、2011年に訪れた)."""
        return (self.article, self.relation, self.subject.id, self.object.id, self.evidence.start,
                self.evidence.end, self.date or "")


@dataclass(frozen=True)
class MentionRecord:
    """Where an entity is mentioned (for ``--entities``)."""

    article: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """A resolved entity with every name it was called and where."""

    id: str
    name: str
    type: str
    kind: str | None = None
    aliases: tuple[str, ...] = ()
    mentions: tuple[MentionRecord, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        data = dict(data)
        data["aliases"] = tuple(data.get("aliases") or ())
        data["mentions"] = tuple(MentionRecord(**m) for m in data.get("mentions") or ())
        return cls(**data)
