"""Who is who: short forms, titles and pronouns resolved within an article; keys across articles.

Within an article, full names form the entities (names linked by a reading in parentheses are one),
and every other person mention is attached to one of them: a surname or given name
(ベロウソフ長官, 金委員長, 正恩氏) to the full name containing it, preferring one that bore the same
title and then the most recent; a title standing alone (同大統領, ロシア国防相) to the most recent
person with that title; a pronoun (彼女) to the most recent person.

Across articles, an entity's id is ``Type:key``. For a katakana name in Western order the key is the
family name (the last part), so ウラジーミル・プーチン and プーチン are one node even when an article
only has the short form; other names are keyed by the whole normalised name, after the alias table
(金正恩 = キム・ジョンウン).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources

from kankei.extract.lexicon import Lexicon
from kankei.extract.mentions import Mention
from kankei.normalize import entity_key

__all__ = ["PersonEntity", "resolve_persons", "person_key", "is_kanji_name", "KOREAN_FAMILY_NAMES"]

_PARTS = re.compile(r"[・･=＝]")
_KANJI_NAME = re.compile(r"^[\u4e00-\u9fff々]+$")

def _korean_family_names() -> frozenset[str]:
    text = resources.files("kankei.extract").joinpath("data", "korean_family_names.txt").read_text(encoding="utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


# Korean names in katakana put the family name first (キム・ジョンウン), unlike Western names.
KOREAN_FAMILY_NAMES = _korean_family_names()


def is_kanji_name(name: str) -> bool:
    return bool(_KANJI_NAME.match(name))


def parts(name: str) -> list[str]:
    return [p for p in _PARTS.split(name) if p]


def person_key(name: str) -> str:
    """The cross-article key of a person's canonical name (see the module docstring)."""
    ps = parts(name)
    if len(ps) > 1 and ps[0] not in KOREAN_FAMILY_NAMES and not is_kanji_name(ps[-1]):
        return entity_key(ps[-1])
    return entity_key(name)


@dataclass
class PersonEntity:
    """One person of an article, with every name and title it was given."""

    names: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def name(self) -> str:
        full = [n for n in self.names if len(parts(n)) > 1 or (is_kanji_name(n) and len(n) >= 2)]
        pool = full or self.names
        # Prefer the kanji spelling of an East Asian name, then the longest form.
        return max(pool, key=lambda n: (is_kanji_name(n) and len(n) >= 2, len(parts(n)), len(n)))

    def matches_short(self, short: str) -> bool:
        for n in self.names:
            if short in parts(n) and len(parts(n)) > 1:
                return True
            if is_kanji_name(n) and is_kanji_name(short) and len(n) > len(short) and (
                    n.startswith(short) or n.endswith(short)):
                return True
        return False


def resolve_persons(mentions: list[Mention], lex: Lexicon) -> dict[int, PersonEntity]:
    """Map ``id(mention)`` of every person mention (in text order) to its article-level entity."""
    entities: list[PersonEntity] = []
    by_key: dict[str, PersonEntity] = {}
    resolved: dict[int, PersonEntity] = {}

    def entity_for(name: str) -> PersonEntity | None:
        return by_key.get(entity_key(lex.canonical(name)))

    # 1. Full names, merged by key and by readings in parentheses.
    for m in mentions:
        if m.form != "full":
            continue
        ent = entity_for(m.name) or (entity_for(m.reading) if m.reading else None)
        if ent is None:
            ent = PersonEntity()
            entities.append(ent)
        for n in filter(None, (m.name, m.reading)):
            if n not in ent.names:
                ent.names.append(n)
            by_key.setdefault(entity_key(lex.canonical(n)), ent)
        resolved[id(m)] = ent

    # 2. Short forms, titles standing alone and pronouns, in text order (recency matters).
    recent: list[tuple[Mention, PersonEntity]] = []
    for m in mentions:
        ent = resolved.get(id(m))
        if ent is None and m.form == "short":
            ent = by_key.get(entity_key(lex.canonical(m.name)))
            if ent is None:
                cands = [e for e in entities if e.matches_short(m.name)]
                ent = _choose(cands, m, recent)
            if ent is None and len(m.name) >= 2:
                ent = PersonEntity(names=[m.name])
                entities.append(ent)
                by_key[entity_key(m.name)] = ent
        elif ent is None and m.form == "title" and m.title is not None and _surname_place(m, entities):
            # 大島国連大使: a family name Sudachi read as a place (大島), after 大島賢三 was named.
            ent = _choose(_surname_place(m, entities), m, recent)
            m.affiliation = None
        elif ent is None and m.form == "title" and m.title is not None:
            cands = [e for e in entities if any(_same_title(t, m.title.text) for t in e.titles)]
            if m.affiliation is not None:
                cands = [e for e in cands if not any(
                    x.affiliation is not None and x.affiliation.name != m.affiliation.name
                    for x in e.mentions if x.title is not None and _same_title(x.title.text, m.title.text))
                ] or cands
            ent = _choose(cands, m, recent)
        elif ent is None and m.form == "pronoun":
            before = [e for x, e in reversed(recent) if x.start < m.start]
            ent = before[0] if before else None
        if ent is None:
            continue
        resolved[id(m)] = ent
        ent.mentions.append(m)
        if m.title is not None and m.form != "title" and m.title.text not in ent.titles:
            ent.titles.append(m.title.text)
        recent.append((m, ent))
    # Titles alone that came before the person was named (headlines) get a second chance.
    for m in mentions:
        if id(m) not in resolved and m.form == "title" and m.title is not None:
            cands = [e for e in entities if any(_same_title(t, m.title.text) for t in e.titles)]
            if len(cands) == 1:
                resolved[id(m)] = cands[0]
                cands[0].mentions.append(m)
    return resolved


def _surname_place(m: Mention, entities: list[PersonEntity]) -> list[PersonEntity]:
    """The people whose kanji name starts with the word a place-tag made the title's affiliation."""
    aff = m.affiliation
    if aff is None or aff.rule != "place.tag" or not is_kanji_name(aff.text):
        return []
    return [e for e in entities
            if any(is_kanji_name(n) and len(n) > len(aff.text) and n.startswith(aff.text) for n in e.names)]


def _same_title(a: str, b: str) -> bool:
    return a == b or a.endswith(b) or b.endswith(a)


def _choose(cands: list[PersonEntity], m: Mention, recent: list[tuple[Mention, PersonEntity]]
            ) -> PersonEntity | None:
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0]
    if m.title is not None:
        titled = [e for e in cands if any(_same_title(t, m.title.text) for t in e.titles)]
        if len(titled) == 1:
            return titled[0]
        cands = titled or cands
    for x, e in reversed(recent):
        if x.start < m.start and e in cands:
            return e
    return cands[0]
