"""The word lists the rules use, read from data files (``extract/data``) and the user's gazetteer.

Everything a rule cannot infer lives in data: titles, organisation endings, places and their
countries, East Asian surnames, and the user's ``gazetteer.tsv`` / ``aliases.tsv`` in a corpus folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from kankei.normalize import entity_key

__all__ = ["Lexicon", "PlaceInfo", "default_lexicon", "load_lexicon"]


@dataclass(frozen=True)
class PlaceInfo:
    name: str
    kind: str
    part_of: str | None


@dataclass
class Lexicon:
    """Word lists for mention finding and resolution.

    Attributes:
        titles: position heads (大統領, 外相 …), longest first.
        title_modifiers: words that belong to a following title (国防 + 相, 次期 + 大統領).
        not_titles: common words that end like a title (真相, 様相 end in 相 but name no minister).
        kinship: kinship nouns written before a given name (母早紀江さん): never a surname.
        org_suffixes: endings that make a phrase an organisation, longest first.
        org_suffixes_any: those of them that make an organisation of common nouns too (国防省, 人民軍).
        facility_suffixes: endings that make a phrase a facility or a named area (空港, 駅, 神社), longest first.
        facility_glued: one-character facility endings that count at the end of a proper noun too (寺 of 安養寺).
        surnames: one-character East Asian surnames.
        places: canonical place name → PlaceInfo; place_aliases: alias → canonical name.
        visit_words: 訪朝 → 北朝鮮.
        persons: gazetteer person names (canonical) → aliases; organizations likewise.
        aliases: entity_key of any alias → canonical name (金正恩 = キム・ジョンウン).
    """

    titles: tuple[str, ...] = ()
    title_modifiers: tuple[str, ...] = ()
    not_titles: frozenset[str] = frozenset()
    kinship: frozenset[str] = frozenset()
    org_suffixes: tuple[str, ...] = ()
    org_suffixes_any: frozenset[str] = frozenset()
    facility_suffixes: tuple[str, ...] = ()
    facility_glued: frozenset[str] = frozenset()
    honorifics: tuple[str, ...] = ()
    pronouns: tuple[str, ...] = ()
    surnames: frozenset[str] = frozenset()
    places: dict[str, PlaceInfo] = field(default_factory=dict)
    place_aliases: dict[str, str] = field(default_factory=dict)
    visit_words: dict[str, str] = field(default_factory=dict)
    persons: set[str] = field(default_factory=set)
    organizations: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)

    def place(self, name: str) -> PlaceInfo | None:
        """The place ``name`` (or one of its aliases) denotes, if the lexicon knows it."""
        canonical = self.place_aliases.get(name, name)
        return self.places.get(canonical)

    @cached_property
    def country_abbreviations(self) -> frozenset[str]:
        """One-kanji country names (米, 英, 仏) that stand inside titles: 前米大統領, 英首相."""
        return frozenset(a for a, name in self.place_aliases.items()
                         if len(a) == 1 and "\u4e00" <= a <= "\u9fff" and self.places[name].kind == "country")

    @cached_property
    def title_pattern(self) -> re.Pattern[str]:
        """Any title with the modifiers before it (国防 + 相, 次期 + 大統領), and a one-kanji country
        among them (前米大統領); the country is the group ``abbr``."""
        # An ordinal is a modifier too (第1副大統領, 第一書記).
        mods = "(?:第[0-9０-９一二三四五六七八九十]{1,2}|" + "|".join(map(re.escape, self.title_modifiers)) + ")*"
        abbr = "(?P<abbr>[" + "".join(sorted(self.country_abbreviations)) + "])?" if self.country_abbreviations else ""
        return re.compile(mods + abbr + mods + "(?:" + "|".join(map(re.escape, self.titles)) + ")")

    @cached_property
    def person_pattern(self) -> re.Pattern[str] | None:
        """The gazetteer's person names as one pattern, longest first (None when there are none)."""
        return _alternation(self.persons)

    @cached_property
    def organization_pattern(self) -> re.Pattern[str] | None:
        """The gazetteer's organisation names as one pattern, longest first (None when there are none)."""
        return _alternation(self.organizations)

    def canonical(self, name: str) -> str:
        """The canonical spelling of ``name`` from the alias table, or ``name`` itself."""
        return self.aliases.get(entity_key(name), name)

    def with_gazetteer(self, folder: Path) -> Lexicon:
        """A copy extended with ``gazetteer.tsv`` and ``aliases.tsv`` found in ``folder``, if any."""
        # Fields only: the cached patterns belong to this lexicon's word lists, not to the copy's.
        lex = Lexicon(**{f.name: (v.copy() if isinstance(v := getattr(self, f.name), dict | set) else v)
                         for f in fields(self)})
        gazetteer = folder / "gazetteer.tsv"
        if gazetteer.is_file():
            _read_gazetteer(lex, gazetteer.read_text(encoding="utf-8"))
        aliases = folder / "aliases.tsv"
        if aliases.is_file():
            _read_aliases(lex, aliases.read_text(encoding="utf-8"))
        return lex


def _lines(text: str) -> list[str]:
    return [ln.rstrip("\r\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _data(name: str) -> str:
    return resources.files("kankei.extract").joinpath("data", name).read_text(encoding="utf-8")


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def _alternation(words: set[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(map(re.escape, _longest_first(list(words))))) if words else None


def _read_places(lex: Lexicon, text: str) -> None:
    for line in _lines(text):
        cols = line.split("\t") + ["", "", ""]
        name, kind, part_of, aliases = cols[0].strip(), cols[1].strip(), cols[2].strip(), cols[3]
        lex.places[name] = PlaceInfo(name, kind or "place", part_of or None)
        for alias in filter(None, (a.strip() for a in aliases.split(","))):
            lex.place_aliases[alias] = name


def _read_gazetteer(lex: Lexicon, text: str) -> None:
    """Rows ``type<TAB>name<TAB>aliases`` (Person / Organization) or place rows as in places.tsv."""
    for line in _lines(text):
        cols = line.split("\t") + ["", "", ""]
        kind, name = cols[0].strip(), cols[1].strip()
        if not name:
            continue
        aliases = [a.strip() for a in cols[2].split(",") if a.strip()]
        if kind == "Person":
            lex.persons.add(name)
            lex.persons.update(aliases)
        elif kind == "Organization":
            lex.organizations.add(name)
            lex.organizations.update(aliases)
        elif kind == "Place":
            part_of = cols[3].strip() if len(cols) > 3 else ""
            lex.places[name] = PlaceInfo(name, "place", part_of or None)
            for alias in aliases:
                lex.place_aliases[alias] = name
            continue
        for alias in aliases:
            lex.aliases[entity_key(alias)] = name


def _read_aliases(lex: Lexicon, text: str) -> None:
    """Rows ``canonical<TAB>alias[,alias…]``."""
    for line in _lines(text):
        canonical, _, rest = line.partition("\t")
        for alias in filter(None, (a.strip() for a in rest.split(","))):
            lex.aliases[entity_key(alias)] = canonical.strip()


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped in ``kankei/extract/data``."""
    lex = Lexicon(
        titles=_longest_first(_lines(_data("titles.txt"))),
        title_modifiers=_longest_first(_lines(_data("title_modifiers.txt"))),
        not_titles=frozenset(_lines(_data("not_titles.txt"))),
        kinship=frozenset(_lines(_data("kinship.txt"))),
        org_suffixes=_longest_first([ln.split("\t")[0] for ln in _lines(_data("org_suffixes.txt"))]),
        org_suffixes_any=frozenset(ln.split("\t")[0] for ln in _lines(_data("org_suffixes.txt"))
                                   if ln.split("\t")[1:2] == ["any"]),
        facility_suffixes=_longest_first([ln.split("\t")[0] for ln in _lines(_data("facility_suffixes.txt"))]),
        facility_glued=frozenset(ln.split("\t")[0] for ln in _lines(_data("facility_suffixes.txt"))
                                 if ln.split("\t")[1:2] == ["glued"]),
        honorifics=tuple(_lines(_data("honorifics.txt"))),
        pronouns=tuple(_lines(_data("pronouns.txt"))),
        surnames=frozenset(_lines(_data("surnames.txt"))),
        visit_words=dict(ln.split("\t")[:2] for ln in _lines(_data("visit_abbreviations.tsv"))),
    )
    _read_places(lex, _data("places.tsv"))
    return lex


def load_lexicon(folders: list[Path] | None = None) -> Lexicon:
    """The default lexicon extended with the gazetteers of the given corpus folders."""
    lex = default_lexicon()
    for folder in folders or []:
        lex = lex.with_gazetteer(folder)
    return lex
