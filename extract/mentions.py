"""Mentions of people, organisations, places, titles and dates in a GiNZA-parsed sentence.

Two layers. kankei's rules build mentions from Sudachi's part-of-speech tags (人名, 地名), katakana name
runs joined by ・, the title lexicon, organisation and facility endings, East Asian surnames, readings in
parentheses and the lexicon's places. GiNZA's own named entities (``GINZA_TYPES``) are the base layer:
an entity no rule found is kept, and where the two disagree the side that is known to be better on
that kind of mention wins (``_ginza_wins``) — the rules for names with titles, split names (金正|恩),
news agencies GiNZA calls persons (朝鮮中央通信) and katakana names; GiNZA for the boundaries of
kanji names and of places it knows whole (ロシア・チェリャビンスク州).
Offsets are characters into the parsed ``Doc`` (the caller adds the chunk offset).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kankei.extract.dates import DateMention, find_dates
from kankei.extract.lexicon import Lexicon
from kankei.extract.nlp import doc_text

__all__ = ["GINZA_TYPES", "Mention", "SentenceMentions", "find_mentions"]

# GiNZA's NER labels (Sekine's Extended Named Entity hierarchy, as ja_ginza 5.3 lists them) → kankei types.
# Person: Person only (Character, God and N_Person, counts such as 3人, are not people's names).
# Organization: the ENE Organization subtree; Family, Ethnic_Group_Other and Nationality name no organisation.
# Place: the Location subtree without astral bodies and addresses, and the Facility subtree without
# Facility_Part (正門, 3番ホーム names no facility). School counts as a facility, as ENE files it.
# Everything else (dates, numbers, products, events, Position_Vocation …) is no name kankei extracts.
_GINZA_PERSON = ("Person",)
_GINZA_ORGANIZATION = (
    "Organization_Other", "International_Organization", "Show_Organization",
    "Sports_Organization_Other", "Pro_Sports_Organization", "Sports_League",
    "Corporation_Other", "Company", "Company_Group",
    "Political_Organization_Other", "Government", "Political_Party", "Cabinet", "Military",
)
_GINZA_LOCATION = (
    "City", "County", "Province", "Country", "GPE_Other", "Region_Other", "Continental_Region",
    "Domestic_Region", "Geological_Region_Other", "Mountain", "Island", "River", "Lake", "Sea", "Bay", "Spa",
    "Location_Other",
)
_GINZA_FACILITY = (
    "GOE_Other", "Public_Institution", "School", "Research_Institute", "Park", "Sports_Facility", "Museum", "Zoo",
    "Amusement_Park", "Theater", "Worship_Place", "Car_Stop", "Station", "Airport", "Port", "Railroad", "Road",
    "Canal", "Water_Route", "Tunnel", "Bridge", "Line_Other", "Facility_Other", "Archaeological_Place_Other",
    "Tumulus",
)
GINZA_TYPES: dict[str, str] = {
    **{label: "Person" for label in _GINZA_PERSON},
    **{label: "Organization" for label in _GINZA_ORGANIZATION},
    **{label: "Place" for label in _GINZA_LOCATION + _GINZA_FACILITY},
}

_KATA = re.compile(r"^[ァ-ヺー][ァ-ヺー・]*$")
_KANJI = re.compile(r"^[\u4e00-\u9fff々〆]+$")
_INITIAL = re.compile(r"^[A-ZＡ-Ｚ]$")
_DOTS = {"・", "･", "=", "＝"}
_OPEN = {"(", "（"}
_CLOSE = {")", "）"}
_PERSON_NER = {"Person"}
_PLACE_NER = {"Country", "City", "Province", "GPE_Other", "Region_Other", "Continental_Region"}
_FACILITY_SUFFIXES = ("宇宙基地", "空港", "迎賓館", "広場", "宮殿", "基地", "庁舎", "庁舍", "記念館", "港")
# A title followed by one of these is part of another word (大統領府, 大使館, 代表団, 大統領選).
_TITLE_BLOCKERS = ("府", "館", "団", "選", "職", "候補", "級", "夫人", "令", "室", "経験", "就任")


@dataclass
class Mention:
    """A stretch of a sentence that names something.

    Attributes:
        type: Person, Organization, Place or Title.
        start, end: character offsets in the Doc.
        text: the mention as written.
        name: the name without title or honorific (for a Person ``プーチン`` of ``プーチン大統領``).
        head: index of the token that carries the mention's syntactic role.
        form: ``full``, ``short`` (surname or given name only), ``title`` (a title standing for a
            person: 同大統領, ロシア国防相) or ``pronoun`` (彼女).
        title: the attached title mention, for persons.
        affiliation: the organisation or place the title belongs to.
        reading: the other spelling given in parentheses (金与正(キム・ヨジョン)).
        kind, part_of: for places, from the lexicon.
    """

    type: str
    start: int
    end: int
    text: str
    name: str
    head: int
    form: str = "full"
    title: Mention | None = None
    affiliation: Mention | None = None
    reading: str | None = None
    kind: str | None = None
    part_of: str | None = None
    patron: Mention | None = None
    rule: str = ""

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class SentenceMentions:
    """Everything found in one sentence."""

    sent: Span
    persons: list[Mention] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    orgs: list[Mention] = field(default_factory=list)
    titles: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)

    def entities(self) -> list[Mention]:
        return sorted(self.persons + self.places + self.orgs, key=lambda m: m.start)


def _is_kata(tok: Token) -> bool:
    return bool(_KATA.match(tok.text))


def _is_kanji(tok: Token) -> bool:
    return bool(_KANJI.match(tok.text))


def _tag(tok: Token, part: str) -> bool:
    return part in tok.tag_


def _span_head(doc: Doc, start_tok: int, end_tok: int) -> int:
    """The token of [start_tok, end_tok) whose head lies outside the span (its syntactic head)."""
    for i in range(end_tok - 1, start_tok - 1, -1):
        h = doc[i].head.i
        if h < start_tok or h >= end_tok or h == i:
            return i
    return end_tok - 1


class _Finder:
    def __init__(self, doc: Doc, sent: Span, lex: Lexicon):
        self.doc, self.sent, self.lex = doc, sent, lex
        self.toks = list(sent)
        self.title_re = re.compile(
            "(?:" + "|".join(map(re.escape, lex.title_modifiers)) + ")*"
            "(?:" + "|".join(map(re.escape, lex.titles)) + ")"
        )
        self.tok_at_start = {t.idx: t.i for t in sent}
        self.tok_at_end = {t.idx + len(t.text): t.i for t in sent}

    # -- titles -----------------------------------------------------------------------------
    def titles(self) -> list[Mention]:
        text, base = self.sent.text, self.sent.start_char
        found: list[Mention] = []
        pos = 0
        while pos < len(text):
            m = self.title_re.search(text, pos)
            if not m:
                break
            start, end = base + m.start(), base + m.end()
            pos = m.end()
            end_tok = self.tok_at_end.get(end)
            if end_tok is None:
                continue
            rest = doc_text(self.doc)[end:end + 2]
            if rest.startswith(_TITLE_BLOCKERS):
                continue
            # Start inside a token (政治局|長): move to the token start when the token is a modifier.
            if start not in self.tok_at_start:
                tok = self.doc[self.doc[end_tok].i]
                while tok.i > self.sent.start and tok.idx > start:
                    tok = self.doc[tok.i - 1]
                if tok.idx < start and not _is_kanji(tok):
                    continue
                start = tok.idx
            title_text = doc_text(self.doc)[start:end]
            found.append(Mention("Title", start, end, title_text, title_text, end_tok, rule="title.lexicon"))
        return found

    # -- places -----------------------------------------------------------------------------
    def places(self) -> list[Mention]:
        found: list[Mention] = []
        toks = self.toks
        i = 0
        while i < len(toks):
            hit = None
            # Longest lexicon match over up to four tokens.
            for j in range(min(len(toks), i + 4), i, -1):
                surface = "".join(t.text for t in toks[i:j])
                info = self.lex.place(surface)
                if info is None:
                    continue
                if len(surface) == 1 and not self._title_follows(toks[j - 1].idx + 1):
                    continue
                hit = (j, info)
                break
            if hit:
                j, info = hit
                start, end = toks[i].idx, toks[j - 1].idx + len(toks[j - 1].text)
                found.append(Mention("Place", start, end, doc_text(self.doc)[start:end], info.name,
                                     _span_head(self.doc, toks[i].i, toks[j - 1].i + 1),
                                     kind=info.kind, part_of=info.part_of, rule="place.lexicon"))
                i = j
                continue
            tok = toks[i]
            if ((_tag(tok, "地名") or tok.ent_type_ in _PLACE_NER and tok.pos_ == "PROPN") and len(tok.text) > 1
                    and not _tag(tok, "人名") and not tok.text.endswith(self.lex.honorifics)):
                j = i + 1
                while j < len(toks) and _tag(toks[j], "地名"):
                    j += 1
                start, end = tok.idx, toks[j - 1].idx + len(toks[j - 1].text)
                surface = doc_text(self.doc)[start:end]
                found.append(Mention("Place", start, end, surface, surface,
                                     _span_head(self.doc, tok.i, toks[j - 1].i + 1), rule="place.tag"))
                i = j
                continue
            i += 1
        return found

    def _title_follows(self, char: int) -> bool:
        m = self.title_re.match(doc_text(self.doc), char)
        return m is not None

    # -- katakana name runs -----------------------------------------------------------------
    def kata_runs(self) -> list[tuple[int, int]]:
        """Token ranges [i, j) of katakana words joined by ・ (initials allowed inside)."""
        runs = []
        toks = self.toks
        i = 0
        while i < len(toks):
            if not _is_kata(toks[i]):
                i += 1
                continue
            j = i + 1
            while j < len(toks):
                if _is_kata(toks[j]) and toks[j - 1].idx + len(toks[j - 1].text) == toks[j].idx:
                    j += 1
                elif (toks[j].text in _DOTS and j + 1 < len(toks)
                      and (_is_kata(toks[j + 1]) or _INITIAL.match(toks[j + 1].text))):
                    j += 2
                else:
                    break
            runs.append((toks[i].i, toks[j - 1].i + 1))
            i = j
        return runs

    # -- organisations ----------------------------------------------------------------------
    def orgs(self, persons: list[Mention], titles: list[Mention]) -> list[Mention]:
        found: list[Mention] = []
        doc = self.doc
        text = doc_text(doc)
        # ダニエル・K・イノウエ・アジア太平洋安全保障研究センター: a name inside an organisation's name.
        person_ends = {p.end for p in persons if p.form != "title" and text[p.end:p.end + 1] not in _DOTS
                       and not _tag(self._token_ending_at(p.end), "地名")}
        for tok in self.toks:
            suffix = next((s for s in self.lex.org_suffixes if tok.text.endswith(s)), None)
            if suffix is None or any(t.start <= tok.idx < t.end for t in titles):
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < self.sent.end else None
            if (nxt is not None and nxt.text in self.lex.org_suffixes and nxt.pos_ in ("NOUN", "PROPN")
                    and not any(t.start <= nxt.idx < t.end for t in titles)):
                continue  # the organisation goes on (朝鮮労働党|中央委員会)
            start_i = tok.i
            while start_i > self.sent.start and doc[start_i].idx not in person_ends:
                prev = doc[start_i - 1]
                if (prev.pos_ not in ("NOUN", "PROPN", "SYM", "NUM") or prev.text in ("、", "。")
                        or not prev.text.strip()):
                    break
                if prev.text in _DOTS and start_i - 2 >= self.sent.start and not (
                        _is_kata(doc[start_i - 2]) or _INITIAL.match(doc[start_i - 2].text)):
                    break
                start_i -= 1
            start, end = doc[start_i].idx, tok.idx + len(tok.text)
            surface = doc_text(doc)[start:end]
            if len(surface) <= len(suffix) or surface in self.lex.titles:
                continue
            found.append(Mention("Organization", start, end, surface, surface, tok.i, rule="org.suffix"))
        for name in self.lex.organizations:
            for m in re.finditer(re.escape(name), self.sent.text):
                start = self.sent.start_char + m.start()
                found.append(Mention("Organization", start, start + len(name), name, name,
                                     self._head_at(start, start + len(name)), rule="org.gazetteer"))
        return found

    def _token_ending_at(self, char: int) -> Token:
        return self.doc[self.tok_at_end.get(char, self.sent.start)]

    def _head_at(self, start: int, end: int) -> int:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return _span_head(self.doc, span.start, span.end) if span is not None else self.sent.start


def _facility(doc: Doc, sent: Span) -> list[Mention]:
    found = []
    for tok in sent:
        if not tok.text.endswith(_FACILITY_SUFFIXES) and not any(
                doc_text(doc)[tok.idx:].startswith(s) and doc_text(doc)[tok.idx:tok.idx + len(s)] == s
                for s in _FACILITY_SUFFIXES):
            continue
        # The facility word may span tokens (宇宙|基地): find where the suffix ends.
        end = None
        for s in _FACILITY_SUFFIXES:
            for k in range(tok.i, min(sent.end, tok.i + 3)):
                piece = doc_text(doc)[tok.idx:doc[k].idx + len(doc[k].text)]
                if piece.endswith(s):
                    end = (k, doc[k].idx + len(doc[k].text))
                    break
            if end:
                break
        if end is None:
            continue
        start_i = tok.i
        while start_i > sent.start:
            prev = doc[start_i - 1]
            if prev.pos_ not in ("NOUN", "PROPN", "ADV") or not (_is_kata(prev) or _is_kanji(prev)):
                break
            start_i -= 1
        if start_i == tok.i and doc_text(doc)[tok.idx:end[1]] in _FACILITY_SUFFIXES:
            continue
        start = doc[start_i].idx
        surface = doc_text(doc)[start:end[1]]
        found.append(Mention("Place", start, end[1], surface, surface, end[0], kind="facility",
                             rule="place.facility"))
    return found


def find_mentions(doc: Doc, sent: Span, lex: Lexicon, published=None) -> SentenceMentions:
    """Find the people, organisations, places, titles and dates of one sentence."""
    f = _Finder(doc, sent, lex)
    out = SentenceMentions(sent)
    titles = f.titles()
    places = f.places() + _facility(doc, sent)
    persons: list[Mention] = []

    title_starts = {t.start: t for t in titles}

    def title_after(char: int) -> Mention | None:
        return title_starts.get(char)

    # Katakana runs: people, or places/organisations they belong to.
    for i, j in f.kata_runs():
        run = doc[i:j]
        start, end = run.start_char, run.end_char
        surface = run.text
        parts = [p for p in re.split("[・･=＝]", surface) if p]
        if lex.place(surface) is not None or all(lex.place(p) for p in parts):
            continue
        if len(parts) > 1 and lex.place(parts[0]) is not None:
            # ロシア・プーチン: a country, then the person.
            info = lex.place(parts[0])
            places.append(Mention("Place", start, start + len(parts[0]), parts[0], info.name, i,
                                  kind=info.kind, part_of=info.part_of, rule="place.lexicon"))
            cut = len(parts[0]) + 1
            start, surface = start + cut, surface[cut:]
            while i < j and doc[i].idx < start:
                i += 1
            if i >= j:
                continue
            run = doc[i:j]
        # ボロディミール・ゼレンスキーウクライナ大統領: a country glued to the name.
        if title_after(end):
            for cut in range(len(surface) - 2, 1, -1):
                if surface[cut - 1] not in _DOTS and lex.place(surface[cut:]) is not None:
                    info = lex.place(surface[cut:])
                    places.append(Mention("Place", start + cut, end, surface[cut:], info.name,
                                          _span_head(doc, i, j), kind=info.kind, part_of=info.part_of,
                                          rule="place.lexicon"))
                    end, surface = start + cut, surface[:cut]
                    break
        nxt = doc[j] if j < sent.end else None
        followed_by_title = title_after(end) is not None or any(
            p.start == end and title_after(p.end) for p in places)
        honorific = nxt is not None and nxt.text in lex.honorifics
        reading = nxt is not None and nxt.text in _OPEN
        person_tag = any(_tag(t, "人名") for t in run)
        place_tag = any(_tag(t, "地名") for t in run if t.text not in _DOTS)
        ner_person = sum(t.ent_type_ in _PERSON_NER for t in run) * 2 >= len(run)
        has_dot = any(c in _DOTS for c in surface)
        org_next = nxt is not None and any(nxt.text.startswith(s) for s in lex.org_suffixes) and not honorific
        if org_next:
            continue
        gazetteer = surface in lex.persons
        if gazetteer or followed_by_title or honorific:
            ok = True
        elif has_dot:
            ok = person_tag or ner_person
        else:
            ok = person_tag and not place_tag
        if not ok:
            if place_tag and not any(p.overlaps(Mention("", start, end, "", "", 0)) for p in places):
                places.append(Mention("Place", start, end, surface, surface, _span_head(doc, i, j),
                                      rule="place.katakana"))
            continue
        form = "full" if has_dot or gazetteer else "short"
        persons.append(Mention("Person", start, end, surface, surface, _span_head(doc, i, j), form=form,
                               rule="person.katakana"))
        del reading

    # Kanji names: Sudachi 人名 tags or an East Asian surname, 1–4 characters.
    toks = list(sent)
    k = 0
    while k < len(toks):
        tok = toks[k]
        starts_name = _is_kanji(tok) and (_tag(tok, "人名") or tok.text in lex.surnames
                                           or tok.text[0] in lex.surnames and tok.pos_ == "PROPN")
        if not starts_name or any(p.start <= tok.idx < p.end for p in places):
            k += 1
            continue
        m = k + 1
        length = len(tok.text)
        while m < len(toks) and _is_kanji(toks[m]) and toks[m].idx == toks[m - 1].idx + len(toks[m - 1].text):
            nxt = toks[m]
            if title_after(nxt.idx) or nxt.text in lex.honorifics or lex.place(nxt.text):
                break
            if not (_tag(nxt, "人名") or nxt.pos_ == "PROPN" or len(nxt.text) <= 2) or length + len(nxt.text) > 4:
                break
            length += len(nxt.text)
            m += 1
        # A one-character family name standing before a tagged given name (強|純男).
        if k > 0 and len(toks[k - 1].text) == 1 and _is_kanji(toks[k - 1]) and length <= 3 and (
                toks[k - 1].text in lex.surnames or _tag(tok, "人名-名")) and (
                k < 2 or not _is_kanji(toks[k - 2])):
            k -= 1
            length += 1
        start, end = toks[k].idx, toks[m - 1].idx + len(toks[m - 1].text)
        surface = doc_text(doc)[start:end]
        after = doc_text(doc)[end:end + 1]
        titled = title_after(end) is not None
        honor = after in ("氏",) or doc_text(doc)[end:end + 2] in lex.honorifics
        paren = after in _OPEN
        ner = any(t.ent_type_ in _PERSON_NER for t in toks[k:m])
        tagged = any(_tag(t, "人名") for t in toks[k:m])
        if len(surface) == 1:
            ok = titled or honor
            form = "short"
        elif len(surface) == 2 and not tagged:
            ok = honor or titled and surface[0] in lex.surnames
            form = "short" if honor else "full"
        else:
            ok = tagged and (titled or honor or paren or ner or surface[0] in lex.surnames) or (
                surface[0] in lex.surnames and (titled or paren or ner))
            form = "full"
        name = surface
        for h in lex.honorifics:
            if name.endswith(h) and len(name) > len(h):
                name, form = name[: -len(h)], ("short" if len(name) - len(h) <= 2 else form)
                ok = ok or len(name) >= 1 and (name[0] in lex.surnames or tagged)
        if ok and not any(p.overlaps(Mention("", start, end, "", "", 0)) for p in persons):
            persons.append(Mention("Person", start, end, surface, name,
                                   _span_head(doc, toks[k].i, toks[m - 1].i + 1), form=form,
                                   rule="person.kanji"))
        k = m

    _attach_titles(doc, persons, titles, places, [], lex.title_modifiers)
    attached = {id(p.title) for p in persons if p.title is not None}
    # Titles that stand for a person: 同大統領, ロシア国防相, 国防相率いる.
    for t in titles:
        if id(t) in attached or any(p.start <= t.start < p.end for p in persons):
            continue
        prev = doc_text(doc)[t.start - 1:t.start] if t.start > sent.start_char else ""
        if prev == "同":
            persons.append(Mention("Person", t.start - 1, t.end, "同" + t.text, t.text, t.head, form="title",
                                   title=t, rule="person.same-title"))
        elif doc_text(doc)[t.end:t.end + 2] == "率い" or doc_text(doc)[t.end:t.end + 3] == "が率い":
            persons.append(Mention("Person", t.start, t.end, t.text, t.text, t.head, form="title", title=t,
                                   rule="person.title-leads"))
        elif any(p.end + 1 == t.start and doc_text(doc)[p.end] == "の" for p in places) and \
                doc_text(doc)[t.end:t.end + 1] in ("は", "が") and not any(q.start == t.end for q in persons):
            # ロシアの国防相が訪朝して: a title standing for its holder, as subject.
            place = next(p for p in places if p.end + 1 == t.start)
            persons.append(Mention("Person", place.start, t.end, doc_text(doc)[place.start:t.end], t.text, t.head,
                                   form="title", title=t, affiliation=place, rule="person.place-no-title"))
        elif any(p.end == t.start for p in places):
            place = next(p for p in places if p.end == t.start)
            persons.append(Mention("Person", place.start, t.end, doc_text(doc)[place.start:t.end], t.text, t.head,
                                   form="title", title=t, affiliation=place, rule="person.place-title"))

    # Pronouns.
    for tok in sent:
        if tok.text in lex.pronouns or (tok.text == "同" and doc_text(doc)[tok.idx + 1:tok.idx + 2] == "氏"):
            text = tok.text if tok.text != "同" else "同氏"
            persons.append(Mention("Person", tok.idx, tok.idx + len(text), text, text, tok.i, form="pronoun",
                                   rule="person.pronoun"))

    # Gazetteer people no rule found.
    for name in lex.persons:
        for mt in re.finditer(re.escape(name), sent.text):
            start = sent.start_char + mt.start()
            if not any(p.start <= start < p.end for p in persons):
                persons.append(Mention("Person", start, start + len(name), name, name,
                                       f._head_at(start, start + len(name)), rule="person.gazetteer"))

    persons.sort(key=lambda p: p.start)
    orgs = [o for o in f.orgs(persons, titles) if not any(
        p.overlaps(o) and p.form != "title" and not (o.start <= p.start and p.end < o.end)
        for p in persons)]
    # An organisation swallows the places and names inside it (ロシア国防省, 朝鮮中央通信).
    places = [p for p in places if not any(o.start <= p.start and p.end <= o.end and o.end > p.end
                                           for o in orgs)]
    persons = [p for p in persons if not any(o.start <= p.start and p.end < o.end for o in orgs)]
    for p in persons:
        if p.form not in ("title", "pronoun"):
            p.title = p.affiliation = None
    _attach_titles(doc, persons, titles, places, orgs, lex.title_modifiers)
    _attach_readings(doc, persons)

    out.persons = persons
    out.places = sorted({(p.start, p.end): p for p in places}.values(), key=lambda p: p.start)
    out.orgs = sorted({(o.start, o.end): o for o in orgs}.values(), key=lambda o: o.start)
    out.titles = titles
    out.dates = find_dates(sent.text, sent.start_char, published)
    # Persons carry their title as part of the noun phrase: the head is the title's token.
    for p in persons:
        if p.title is not None and p.title.start >= p.end:
            p.head = max(p.head, p.title.head)
    return out


def _bridgeable(text: str, pos: int, stop: int, affiliations: list[Mention], modifiers: tuple[str, ...]) -> bool:
    """True when text[pos:stop] is only affiliations, title modifiers and a 駐X prefix (次期米, 駐朝ロシア)."""
    starts = {a.start: a.end for a in affiliations}
    while pos < stop:
        if pos in starts:
            pos = starts[pos]
            continue
        if text[pos] == "駐":
            nxt = min((a for a in starts if pos < a <= pos + 4), default=None)
            if nxt is not None:
                pos = nxt
                continue
            # 駐朝: the short place name the lexicon may not know
            pos += 2
            continue
        word = next((m for m in modifiers if text.startswith(m, pos) and pos + len(m) <= stop), None)
        if word:
            pos += len(word)
            continue
        return False
    return True


def _attach_titles(doc: Doc, persons: list[Mention], titles: list[Mention], places: list[Mention],
                   orgs: list[Mention], lex_modifiers: tuple[str, ...] = ()) -> None:
    """Give each person the title next to it and the organisation or place that title belongs to."""
    affiliations = sorted(places + orgs, key=lambda m: m.start)
    used: set[int] = set()

    def affiliation_between(lo: int, hi: int) -> Mention | None:
        inside = [a for a in affiliations if lo <= a.start and a.end <= hi
                  and doc_text(doc)[a.start - 1:a.start] != "駐"]
        return inside[-1] if inside else None

    def affiliation_before(char: int) -> Mention | None:
        # 「ロシアのプーチン大統領」「…センターのラミ・キム教授」: X の directly before.
        if doc_text(doc)[char - 1:char] not in ("の", "・"):
            return None
        cands = [a for a in affiliations if a.end == char - 1]
        return cands[-1] if cands else None

    for p in persons:
        if p.form in ("pronoun", "title"):
            continue
        # Name + [reading] + [affiliation] + title.
        pos = p.end
        if doc_text(doc)[pos:pos + 1] in _OPEN:
            close = min((doc_text(doc).find(c, pos) for c in _CLOSE if doc_text(doc).find(c, pos) != -1), default=-1)
            if close != -1 and close - pos < 30:
                pos = close + 1
        for t in titles:
            if t.start < pos or id(t) in used:
                continue
            if not _bridgeable(doc_text(doc), pos, t.start, affiliations, lex_modifiers):
                break
            p.title, p.affiliation = t, affiliation_between(pos, t.start)
            used.add(id(t))
            break
        if p.title is None:
            # Title directly before the name (広報担当者ジョン・カービー) or 「指導者、習近平」「大使のマクフォール氏」.
            for t in titles:
                if id(t) in used:
                    continue
                if t.end == p.start or (t.end + 1 == p.start and doc_text(doc)[t.end] in "、の"):
                    p.title = t
                    used.add(id(t))
                    p.affiliation = affiliation_between(t.start - 12, t.start) if doc_text(doc)[
                        t.start - 1:t.start] not in "、。" else None
                    start = t.start
                    while doc_text(doc)[start - 1:start] in ("元", "前", "駐") or any(
                            a.end == start for a in affiliations):
                        a = next((a for a in affiliations if a.end == start), None)
                        if a is None:
                            start -= 1
                            continue
                        if p.affiliation is None and doc_text(doc)[a.start - 1:a.start] != "駐":
                            p.affiliation = a
                        start = a.start
                    if p.affiliation is None:
                        p.affiliation = affiliation_before(start)
                    if p.affiliation is None and doc_text(doc)[start - 1:start] == "の":
                        # プーチン大統領の外交政策顧問ユーリ・ウシャコフ: the patron's side.
                        p.patron = next((q for q in persons if q is not p and start - 1 in (
                            q.end, q.title.end if q.title is not None else -1)), None)
                    break
        if p.title is not None and p.affiliation is None:
            p.affiliation = affiliation_before(p.start)
        if p.title is None and doc_text(doc)[p.end:p.end + 1] == "、":
            # 金正恩、北朝鮮国務委員長: apposition of a name and its title.
            t = next((t for t in titles if t.start > p.end and id(t) not in used), None)
            if t and _bridgeable(doc_text(doc), p.end + 1, t.start, affiliations, lex_modifiers) and not any(
                    q.start == t.end for q in persons):
                p.title, p.affiliation = t, affiliation_between(p.end + 1, t.start)
                used.add(id(t))
        if p.title is None and doc_text(doc)[p.end:p.end + 1] == "の":
            # ジョン・カービーの米国国家安全保障広報担当者: name の affiliation title.
            t = next((t for t in titles if t.start > p.end and id(t) not in used), None)
            affiliation = affiliation_between(p.end + 1, t.start) if t else None
            if t and affiliation and affiliation.start == p.end + 1 and _bridgeable(
                    doc_text(doc), p.end + 1, t.start, affiliations, lex_modifiers):
                p.title, p.affiliation = t, affiliation
                used.add(id(t))


def _attach_readings(doc: Doc, persons: list[Mention]) -> None:
    """X(Y): the name in parentheses right after a name is the same person's other spelling."""
    by_start = {p.start: p for p in persons}
    for p in list(persons):
        if doc_text(doc)[p.end:p.end + 1] in _OPEN and p.end + 1 in by_start:
            inner = by_start[p.end + 1]
            if doc_text(doc)[inner.end:inner.end + 1] in _CLOSE:
                p.reading = inner.name
                inner.reading = p.name
