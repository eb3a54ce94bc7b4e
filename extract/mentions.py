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
from dataclasses import dataclass, field, replace

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
_KATA_HEAD = re.compile(r"^[ァ-ヺー]+")
_CAPITAL_WORDS = frozenset({"首都", "州都", "首府"})
_VILLAGE = frozenset({"村"})
_OFFICE_HEADS = ("大臣", "長官", "次官")
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z][A-Z&]{1,5}(?![A-Za-z])")
_SAME_PLACE = re.compile(r"同(国|市|島|州|県|地|町|村)")
_SAME_PLACE_KIND = {"国": "country", "市": "city"}
_PLACE_PREFIX_STOPS = _CAPITAL_WORDS | {"空路", "陸路", "海路", "現地", "隣国", "同国", "各国", "全国", "旧", "現"}
_KANJI = re.compile(r"^[\u4e00-\u9fff々〆]+$")
_INITIAL = re.compile(r"^[A-ZＡ-Ｚ]$")
_DOTS = {"・", "･", "=", "＝"}
_OPEN = {"(", "（"}
_CLOSE = {")", "）"}
_PERSON_NER = {"Person"}
_PLACE_NER = {"Country", "City", "Province", "GPE_Other", "Region_Other", "Continental_Region"}
# Words before an organisation or facility that are not part of its name (初代外務部, 同社, 各駅).
_NAME_PREFIX_STOPS = frozenset({"初代", "歴代", "当時", "現", "元", "前", "新", "旧", "各", "同", "全", "両", "本",
                                "当", "その", "この", "同年", "翌年", "現地"})
# Kanji suffixes that may follow a person's name (名城信男ら, 金夫妻); any other (藤堂隊, 徳川家) makes
# the name part of a longer noun.
_NAME_SUFFIXES_OK = frozenset({"氏", "様", "君", "殿", "公", "等", "達", "夫妻", "夫人", "一家", "自身", "本人"})
# A title followed by one of these is part of another word (大統領府, 大使館, 代表団, 大統領選).
_TITLE_BLOCKERS = ("府", "館", "団", "選", "職", "候補", "級", "夫人", "令", "室", "経験", "就任",
                   "会", "官邸", "公邸")


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
        modifier: the name only qualifies the noun glued after it (東京オリンピック, ロシア側,
            プーチン政権): still a reference to the place or person, but no name of its own.
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
    modifier: bool = False
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
        """The names of this sentence: persons, places and organisations, without those that only
        modify a longer noun (東京 of 東京オリンピック, ロシア of ロシア代表団)."""
        return sorted((m for m in self.persons + self.places + self.orgs if not m.modifier), key=lambda m: m.start)


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
        self.title_re = lex.title_pattern
        self.tok_at_start = {t.idx: t.i for t in sent}
        self.tok_at_end = {t.idx + len(t.text): t.i for t in sent}

    # -- titles -----------------------------------------------------------------------------
    def titles(self) -> list[Mention]:
        """Titles from the lexicon, and ministers made with the suffix 相 (教育相, 教育・人材育成相).

        A title may share its token with what comes before it: a kanji modifier (政治局|長 → 政治局長),
        a katakana name (トランプ大統領) or a place (アメリカ大統領, 前|米大統領), and a reading in
        parentheses with what follows (国王(スルタン)). Places found inside titles are kept in
        ``inner_places``: they are the title's affiliation."""
        text, base = self.sent.text, self.sent.start_char
        full = doc_text(self.doc)
        found: list[Mention] = []
        self.inner_places: list[Mention] = []
        pos = 0
        while pos < len(text):
            m = self.title_re.search(text, pos)
            if not m:
                break
            start, end = base + m.start(), base + m.end()
            pos = m.start() + 1  # a rejected match may hide a title that starts inside it (裁判|所長|官)
            end_tok = self.tok_at_end.get(end)
            if end_tok is None:
                # 国王(スルタン): the parser glued the reading in parentheses to the title's token.
                tok = self._token_containing(end - 1)
                if tok is None or full[end:end + 1] not in _OPEN or tok.idx + len(tok.text) <= end:
                    continue
                end_tok = tok.i
            rest = full[end:end + 2]
            if rest.startswith(_TITLE_BLOCKERS):
                continue
            if start not in self.tok_at_start:
                tok = self._token_containing(start)
                if tok is None:
                    continue
                prefix = full[tok.idx:start]
                if self.lex.place(prefix) is not None:
                    self.inner_places.append(self._inner_place(tok.idx, start, tok.i))  # アメリカ大統領
                elif _is_kanji(tok):
                    start = tok.idx  # 政治局|長: the token is a modifier of the title
                elif not _KATA.match(prefix):
                    continue  # トランプ大統領 keeps its start: the name is found by the katakana rule
            if "abbr" in self.title_re.groupindex and m.group("abbr"):
                a = base + m.start("abbr")
                self.inner_places.append(self._inner_place(a, a + 1, end_tok))
                if a == start:
                    start += 1  # 米|国防長官: a leading country is the affiliation; 前米大統領 keeps it
            if full[start:end].endswith(_OFFICE_HEADS) and start in self.tok_at_start:
                start = self._office_start(self.tok_at_start[start])
            title_text = full[start:end]
            found.append(Mention("Title", start, end, title_text, title_text, end_tok, rule="title.lexicon"))
            pos = m.end()
        found += self._minister_titles(found)
        return _compound_titles(found)

    def _office_start(self, i: int) -> int:
        """外交|通商|大臣, 経済|産業|大臣: the nouns naming a ministry belong to its minister's title, up to
        a place (ロシア国防大臣), a body (防衛庁長官), a name or anything but a kanji word of two or more
        characters (金永|日|外務次官 keeps its 日)."""
        doc, lex = self.doc, self.lex
        while i > self.sent.start:
            prev = doc[i - 1]
            if not (_is_kanji(prev) and prev.pos_ == "NOUN" and len(prev.text) > 1) or lex.place(prev.text) or (
                    _tag(prev, "人名") or prev.text.endswith(lex.org_suffixes) or prev.text in _NAME_PREFIX_STOPS):
                break
            i -= 1
        return doc[i].idx

    def _minister_titles(self, known: list[Mention]) -> list[Mention]:
        """Ministers named by the suffix 相 after any noun (教育相, 内相; 教育・人材育成|相), which no
        list can hold; words such as 真相 (``not_titles``) are no ministers."""
        full, lex = doc_text(self.doc), self.lex
        found = []
        for tok in self.toks:
            if any(t.start <= tok.idx < t.end for t in known):
                continue
            if tok.text == "相" and _tag(tok, "接尾辞"):
                start_i = tok.i
                while start_i > self.sent.start and (
                        _is_kanji(self.doc[start_i - 1]) and self.doc[start_i - 1].pos_ in ("NOUN", "PROPN")
                        or self.doc[start_i - 1].text in _DOTS and start_i - 2 >= self.sent.start
                        and _is_kanji(self.doc[start_i - 2])):
                    start_i -= 1
                if start_i == tok.i:
                    continue
                start = self.doc[start_i].idx
            elif (len(tok.text) >= 2 and tok.text.endswith("相") and _is_kanji(tok) and tok.pos_ == "NOUN"
                  and tok.text not in lex.not_titles):
                start = tok.idx
            else:
                continue
            end = tok.idx + len(tok.text)
            if full[end:end + 2].startswith(_TITLE_BLOCKERS):
                continue
            found.append(Mention("Title", start, end, full[start:end], full[start:end], tok.i, rule="title.minister"))
        return found

    def _token_containing(self, char: int) -> Token | None:
        return next((t for t in self.toks if t.idx <= char < t.idx + len(t.text)), None)

    def _inner_place(self, start: int, end: int, head: int) -> Mention:
        surface = doc_text(self.doc)[start:end]
        info = self.lex.place(surface)
        return Mention("Place", start, end, surface, info.name if info else surface, head,
                       kind=info.kind if info else None, part_of=info.part_of if info else None,
                       rule="place.in-title")

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
                    and not _tag(tok, "人名") and not tok.text.endswith(self.lex.honorifics)
                    and tok.text not in self.lex.visit_words):  # 訪朝 is a trip, though tagged as a place
                j = i + 1
                while j < len(toks) and _tag(toks[j], "地名"):
                    j += 1
                start, end = tok.idx, toks[j - 1].idx + len(toks[j - 1].text)
                surface = doc_text(self.doc)[start:end]
                found.append(Mention("Place", start, end, surface, surface,
                                     _span_head(self.doc, tok.i, toks[j - 1].i + 1), rule="place.tag"))
                i = j
                continue
            if _is_kata(tok) and i + 1 < len(toks) and toks[i + 1].text in _VILLAGE and not _tag(tok, "人名"):
                # パナバ|村: a foreign name and 村 (not a word of its own, 高|村 is a family name) is a village.
                start, end = tok.idx, toks[i + 1].idx + len(toks[i + 1].text)
                found.append(Mention("Place", start, end, doc_text(self.doc)[start:end], doc_text(self.doc)[start:end],
                                     toks[i + 1].i, rule="place.village"))
                i += 2
                continue
            i += 1
        capitals = self._capitals(found)
        # 州都バンダ・アチェ: a capital's name swallows the place read inside it (アチェ).
        found = [p for p in found if not any(c.start <= p.start and p.end <= c.end for c in capitals)]
        return found + capitals + self._same_places()

    def _same_places(self) -> list[Mention]:
        """同国, 同市, 同島: the country, city or island last named; the article resolves them
        (``name`` is the word until then, ``kind`` the kind of place it asks for)."""
        found = []
        base = self.sent.start_char
        for m in _SAME_PLACE.finditer(self.sent.text):
            start, end = base + m.start(), base + m.end()
            if start in self.tok_at_start and end in self.tok_at_end:
                found.append(Mention("Place", start, end, m.group(), m.group(), self.tok_at_end[end],
                                     kind=_SAME_PLACE_KIND.get(m.group(1)), rule="place.same"))
        return found

    def _capitals(self, places: list[Mention]) -> list[Mention]:
        """ガーナの首都アクラ: the name after 首都 is a city of the country before it."""
        found: list[Mention] = []
        full = doc_text(self.doc)
        for n, tok in enumerate(self.toks):
            if tok.text not in _CAPITAL_WORDS or n + 1 >= len(self.toks):
                continue
            i = n + 1 + (self.toks[n + 1].text in _DOTS)  # 首都・チュニス
            j = i
            while j < len(self.toks) and (_is_kata(self.toks[j]) or self.toks[j].text in _DOTS and j > i):
                j += 1
            country = next((p for p in places if p.end == tok.idx - 1 and full[p.end] == "の"), None)
            known = next((p for p in places if p.start == self.toks[i].idx), None)
            if known is not None and known.part_of is None and country is not None:
                known.kind, known.part_of = known.kind or "city", country.name
            if j == i or known is not None:
                continue
            start, end = self.toks[i].idx, self.toks[j - 1].idx + len(self.toks[j - 1].text)
            found.append(Mention("Place", start, end, full[start:end], full[start:end],
                                 _span_head(self.doc, self.toks[i].i, self.toks[j - 1].i + 1), kind="city",
                                 part_of=country.name if country else None, rule="place.capital"))
        return found

    def _title_follows(self, char: int) -> bool:
        m = self.title_re.match(doc_text(self.doc), char)
        return m is not None

    # -- katakana name runs -----------------------------------------------------------------
    def kata_runs(self, title_starts: set[int] = frozenset()) -> list[tuple[int, int, int]]:
        """Katakana words joined by ・ (initials allowed inside): token range [i, j) and the end
        character, which falls inside the last token when the parser glued a title to the name
        (トランプ大統領)."""
        def kata_end(tok: Token) -> int | None:
            if _is_kata(tok):
                # ボルロー|エネルギー相: a katakana title (エネルギー相) may start inside the name's token.
                inner = [s for s in title_starts if tok.idx < s < tok.idx + len(tok.text)]
                return min(inner) if inner else tok.idx + len(tok.text)
            m = _KATA_HEAD.match(tok.text)
            return tok.idx + m.end() if m and tok.idx + m.end() in title_starts else None

        runs = []
        toks = self.toks
        i = 0
        while i < len(toks):
            if kata_end(toks[i]) is None:
                i += 1
                continue
            j = i + 1
            # A title glued to the last name part (トランプ|大統領) ends the run.
            while j < len(toks) and kata_end(toks[j - 1]) in (None, toks[j - 1].idx + len(toks[j - 1].text)):
                if kata_end(toks[j]) is not None and toks[j - 1].idx + len(toks[j - 1].text) == toks[j].idx:
                    j += 1
                elif (toks[j].text in _DOTS and j + 1 < len(toks)
                      and (kata_end(toks[j + 1]) is not None or _INITIAL.match(toks[j + 1].text))):
                    j += 2
                else:
                    break
            last = toks[j - 1]
            runs.append((toks[i].i, last.i + 1, kata_end(last) or last.idx + len(last.text)))
            i = j
        return runs

    # -- organisations and facilities -------------------------------------------------------
    def _extend_back(self, i: int, stops: set[int] = frozenset()) -> int:
        """The first token of the name that ends with token ``i``: nouns back to a particle, a date, a
        modifier such as 初代, or a character offset in ``stops`` (where a person's name ends)."""
        doc, first = self.doc, self.sent.start
        start_i = i
        while start_i > first and doc[start_i].idx not in stops:
            prev = doc[start_i - 1]
            if (prev.pos_ not in ("NOUN", "PROPN", "SYM", "NUM") and not prev.tag_.startswith("名詞")
                    or prev.text in ("、", "。")
                    or not prev.text.strip() or prev.text in _NAME_PREFIX_STOPS):
                break
            if prev.pos_ == "SYM" and prev.text not in _DOTS:
                break  # 1972年7月11日-北海道民生部
            if prev.text in _DOTS and not (start_i - 2 >= first and (
                    _is_kata(doc[start_i - 2]) or _INITIAL.match(doc[start_i - 2].text))):
                break
            if prev.pos_ == "NUM":
                if start_i - 2 >= first and doc[start_i - 2].text == "第":
                    start_i -= 2  # 第5軍団, 歩兵第231連隊
                    continue
                break
            if start_i - 2 >= first and doc[start_i - 2].pos_ == "NUM" and "助数詞" in prev.tag_:
                break  # 2019年|香港: a date or a count, not part of the name
            start_i -= 1
        return start_i

    def _has_proper(self, i: int, j: int) -> bool:
        """Whether tokens [i, j) hold a proper noun, a place, a foreign word or an ordinal (第一汽車):
        an ending after common nouns only (子会社, 人工芝広場) names nothing."""
        return any(_is_proper(tok, self.lex) for tok in self.doc[i:j])

    def orgs(self, persons: list[Mention], titles: list[Mention]) -> list[Mention]:
        found: list[Mention] = []
        doc, lex = self.doc, self.lex
        text = doc_text(doc)
        # ダニエル・K・イノウエ・アジア太平洋安全保障研究センター: a name inside an organisation's name.
        person_ends = {p.end for p in persons if p.form != "title" and text[p.end:p.end + 1] not in _DOTS
                       and not _tag(self._token_ending_at(p.end), "地名")}
        for tok in self.toks:
            if not tok.text.endswith(lex.org_suffixes) or any(t.start <= tok.idx < t.end for t in titles):
                continue
            suffix = next(s for s in lex.org_suffixes if tok.text.endswith(s))
            if any(tok.text.endswith(x) and len(x) > len(suffix) for x in lex.facility_suffixes):
                continue  # 神社 is a shrine, not a 社
            nxt = doc[tok.i + 1] if tok.i + 1 < self.sent.end else None
            if (nxt is not None and nxt.text.endswith(lex.org_suffixes) and nxt.pos_ in ("NOUN", "PROPN")
                    and not any(t.start <= nxt.idx < t.end for t in titles)):
                continue  # the organisation goes on (朝鮮労働党|中央委員会)
            start_i = self._extend_back(tok.i, person_ends)
            start, end = doc[start_i].idx, tok.idx + len(tok.text)
            surface = text[start:end]
            if len(surface) <= len(suffix) or surface in lex.titles:
                continue
            if not self._has_proper(start_i, tok.i + 1) and (suffix not in lex.org_suffixes_any or start_i == tok.i):
                continue  # 子会社, 美術部, 従軍: common words; 国防|省, 人民|軍 name bodies of state
            found.append(Mention("Organization", start, end, surface, surface, tok.i, rule="org.suffix"))
        found += [a for a in self.acronyms(titles) if not any(a.overlaps(o) for o in found)]
        if lex.organization_pattern is not None:
            for m in lex.organization_pattern.finditer(self.sent.text):
                start, end = self.sent.start_char + m.start(), self.sent.start_char + m.end()
                found.append(Mention("Organization", start, end, m.group(), m.group(), self._head_at(start, end),
                                     rule="org.gazetteer"))
        return found

    def acronyms(self, titles: list[Mention]) -> list[Mention]:
        """JOC会長, メルケルCDU党首, UNMEEの…報道官: a capitalised acronym right before a title, or before
        の and a title within a few characters, is the organisation the title belongs to."""
        text = doc_text(self.doc)
        found = []
        for m in _ACRONYM.finditer(self.sent.text):
            start, end = self.sent.start_char + m.start(), self.sent.start_char + m.end()
            if start not in self.tok_at_start or end not in self.tok_at_end:
                continue
            titled = any(t.start == end or text[end:end + 1] == "の" and end < t.start <= end + 25
                         and "、" not in text[end:t.start] for t in titles)
            if titled:
                found.append(Mention("Organization", start, end, m.group(), m.group(), self.tok_at_end[end],
                                     rule="org.acronym"))
        return found

    def facilities(self) -> list[Mention]:
        """Named facilities and areas: a proper name before a facility ending (ボストチーニ宇宙基地)."""
        found: list[Mention] = []
        doc, lex = self.doc, self.lex
        text = doc_text(doc)
        for tok in self.toks:
            if not tok.text.endswith(lex.facility_suffixes):
                continue
            suffix = next(s for s in lex.facility_suffixes if tok.text.endswith(s))
            whole = tok.text == suffix
            proper = _tag(tok, "固有名詞")
            if not whole and (len(suffix) == 1 and not (proper and suffix in lex.facility_glued) or "サ変" in tok.tag_):
                continue  # 開港, 名城, 中山: a word that merely ends in the character
            nxt = doc[tok.i + 1] if tok.i + 1 < self.sent.end else None
            if nxt is not None and nxt.text.endswith(lex.facility_suffixes) and nxt.pos_ in ("NOUN", "PROPN"):
                continue  # the name goes on (宇宙|基地)
            start_i = self._extend_back(tok.i)
            if start_i == tok.i and (whole or _tag(tok, "地名")):
                continue  # a bare 駅, or a place name that happens to end in 港 (香港)
            if not self._has_proper(start_i, tok.i + (0 if whole else 1)) and not proper:
                continue
            start, end = doc[start_i].idx, tok.idx + len(tok.text)
            if lex.place(text[start:end]) is not None:
                continue  # ロシア連邦: the lexicon knows it
            found.append(Mention("Place", start, end, text[start:end], text[start:end], tok.i, kind="facility",
                                 rule="place.facility"))
        return found

    def _token_ending_at(self, char: int) -> Token:
        return self.doc[self.tok_at_end.get(char, self.sent.start)]

    def _head_at(self, start: int, end: int) -> int:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return _span_head(self.doc, span.start, span.end) if span is not None else self.sent.start


def find_mentions(doc: Doc, sent: Span, lex: Lexicon, published=None) -> SentenceMentions:
    """Find the people, organisations, places, titles and dates of one sentence."""
    f = _Finder(doc, sent, lex)
    out = SentenceMentions(sent)
    titles = f.titles()
    places = f.places() + f.facilities()
    places += [q for q in f.inner_places if not any(q.overlaps(p) for p in places)]
    persons: list[Mention] = []

    title_starts = {t.start: t for t in titles}
    acronyms = f.acronyms(titles)

    def title_after(char: int) -> Mention | None:
        return title_starts.get(char)

    # Katakana runs: people, or places/organisations they belong to.
    kata_orgs: list[Mention] = []
    for i, j, end in f.kata_runs(set(title_starts)):
        run = doc[i:j]
        start = run.start_char
        surface = doc_text(doc)[start:end]
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
        # ベネディクト16世, ヨハネ・パウロ2世: a regnal number belongs to the name.
        regnal = j + 1 < sent.end and doc[j].pos_ == "NUM" and doc[j + 1].text == "世" and end == doc[j].idx
        if regnal:
            end = doc[j + 1].idx + 1
            surface = doc_text(doc)[start:end]
            j += 2
        # エリツィン・ロシア前大統領: a country after the name, then its title.
        country_after = len(parts) > 1 and lex.place(parts[-1]) is not None and title_after(end) is not None
        if country_after:
            cut = len(surface) - len(parts[-1])
            info = lex.place(parts[-1])
            places.append(Mention("Place", start + cut, end, parts[-1], info.name, _span_head(doc, i, j),
                                  kind=info.kind, part_of=info.part_of, rule="place.lexicon"))
            end, surface = start + cut - 1, surface[:cut - 1]
        # ボロディミール・ゼレンスキーウクライナ大統領: a country glued to the name (not a short one that
        # may end a name, タイのスラキアート・サティラタイ副首相).
        if title_after(end):
            for cut in range(len(surface) - 3, 1, -1):
                if surface[cut - 1] not in _DOTS and lex.place(surface[cut:]) is not None:
                    info = lex.place(surface[cut:])
                    places.append(Mention("Place", start + cut, end, surface[cut:], info.name,
                                          _span_head(doc, i, j), kind=info.kind, part_of=info.part_of,
                                          rule="place.lexicon"))
                    end, surface = start + cut, surface[:cut]
                    break
        nxt = doc[j] if j < sent.end else None
        followed_by_title = country_after or title_after(end) is not None or any(
            p.start == end and title_after(p.end) for p in places + acronyms) or _body_then_title(
            doc_text(doc), end, titles, lex)
        # カザフスタン大統領ヌルスルタン・ナザルバエフ: a title right before a name of several parts.
        preceded_by_title = any(t.end == start for t in titles) and any(c in _DOTS for c in surface)
        honorific = nxt is not None and nxt.text in lex.honorifics
        reading = nxt is not None and nxt.text in _OPEN
        person_tag = any(_tag(t, "人名") for t in run)
        place_tag = any(_tag(t, "地名") for t in run if t.text not in _DOTS)
        ner_person = sum(t.ent_type_ in _PERSON_NER for t in run) * 2 >= len(run)
        has_dot = any(c in _DOTS for c in surface)
        org_next = (nxt is not None and nxt.text.startswith(lex.org_suffixes) and not honorific
                    and not followed_by_title)
        if org_next:
            continue
        gazetteer = surface in lex.persons
        if surface.startswith(("ハリケーン・", "サイクロン・", "トロピカル・")):
            continue  # ハリケーン・ウィルマ: a storm, not a person
        if not has_dot and place_tag and not person_tag and followed_by_title and not (gazetteer or honorific):
            ok = False  # マレーシア|首相: the title's country, not a person
        elif gazetteer or followed_by_title or honorific or regnal or preceded_by_title:
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
        if has_dot and _tag(run[0], "地名") and not (gazetteer or followed_by_title or honorific):
            # カンザスシティ・ロイヤルズ, パリ・サンジェルマン: a city and a name are a team or a company.
            kata_orgs.append(Mention("Organization", start, end, surface, surface, _span_head(doc, i, j),
                                     rule="org.katakana"))
            continue
        form = "full" if has_dot or gazetteer or regnal else "short"
        persons.append(Mention("Person", start, end, surface, surface, _span_head(doc, i, j), form=form,
                               rule="person.katakana"))
        del reading

    # Kanji names: Sudachi 人名 tags or an East Asian surname; a tagged surname and given name up to six
    # characters (松友|美佐紀), other names up to four (金正|恩).
    toks = list(sent)
    text = doc_text(doc)
    k = 0
    while k < len(toks):
        tok = toks[k]
        given_next = (k + 1 < len(toks) and _tag(toks[k + 1], "人名-名") and _is_kanji(toks[k + 1])
                      and toks[k + 1].idx == tok.idx + len(tok.text))
        starts_name = _is_kanji(tok) and (
            _tag(tok, "人名") or tok.text in lex.surnames or tok.text[0] in lex.surnames and tok.pos_ == "PROPN"
            or _tag(tok, "地名") and given_next)  # 長野|久義: a surname Sudachi reads as a place
        facility_end = next((x for x in lex.facility_suffixes if tok.text.endswith(x)), "") if len(tok.text) > 1 else ""
        if starts_name and (len(facility_end) > 1 or facility_end in lex.facility_glued) and not (
                given_next and _tag(tok, "人名")):
            starts_name = False  # 安養寺: a temple, though 安養寺 is also a family name (小野寺|五典 is a name)
        in_place = any(p.start <= tok.idx < p.end for p in places)
        if not starts_name or in_place and not given_next:
            k += 1
            continue
        m = k + 1
        length = len(tok.text)
        while m < len(toks) and _is_kanji(toks[m]) and toks[m].idx == toks[m - 1].idx + len(toks[m - 1].text):
            nxt = toks[m]
            if (_tag(nxt, "接尾辞") and len(nxt.text) == 1 and tok.text in lex.surnames and length < 3
                    and m + 1 < len(toks) and (toks[m + 1].text in lex.honorifics or title_after(toks[m + 1].idx))):
                length += 1  # 李|克|強|氏: the last character of a given name read as a suffix
                m += 1
                continue
            if title_after(nxt.idx) or nxt.text in lex.honorifics or lex.place(nxt.text) or _tag(nxt, "接尾辞"):
                break  # 董|事|長, 藤堂|隊: a suffix makes a longer noun, not a longer name
            if _tag(nxt, "人名-名") and m == k + 1 and length + len(nxt.text) <= 6:
                length += len(nxt.text)
                m += 1
                continue
            if not (_tag(nxt, "人名") or nxt.pos_ == "PROPN" or len(nxt.text) == 1) or length + len(nxt.text) > 4:
                break  # 金正|恩 goes on; 小田|船長 does not
            length += len(nxt.text)
            m += 1
        # A one-character family name standing before a tagged given name (強|純男).
        if k > 0 and len(toks[k - 1].text) == 1 and _is_kanji(toks[k - 1]) and length <= 3 and (
                toks[k - 1].text in lex.surnames or _tag(tok, "人名-名")) and toks[k - 1].text not in lex.kinship and (
                k < 2 or not _is_kanji(toks[k - 2])) and not any(
                p.start <= toks[k - 1].idx < p.end for p in places):
            k -= 1
            length += 1
        start, end = toks[k].idx, toks[m - 1].idx + len(toks[m - 1].text)
        surface = text[start:end]
        after = text[end:end + 1]
        titled = title_after(end) is not None
        honor = after in ("氏",) or text[end:end + 2] in lex.honorifics
        paren = after in _OPEN
        ner = any(t.ent_type_ in _PERSON_NER for t in toks[k:m])
        tagged = any(_tag(t, "人名") for t in toks[k:m])
        # 姓 + 名 as Sudachi tags them (多田|悦子), or a surname standing as its own token (崔|善|姫);
        # a longer word that merely starts with a surname character (安養寺) is neither.
        full_name = any(_tag(a, "人名-姓") and _tag(b, "人名-名")
                        for a, b in zip(toks[k:m - 1], toks[k + 1:m], strict=True))
        surname_first = toks[k].text in lex.surnames or (
            surface[0] in lex.surnames and _tag(toks[k], "人名") and not _tag(toks[k], "人名-姓"))
        suffix_after = m < len(toks) and _is_kanji(toks[m]) and _tag(toks[m], "接尾辞") and not titled and (
            toks[m].text not in _NAME_SUFFIXES_OK)
        if len(surface) == 1:
            ok = titled or honor
            form = "short"
        elif len(surface) == 2 and not tagged:
            ok = honor or titled and surface[0] in lex.surnames
            form = "short" if honor else "full"
        else:
            ok = tagged and (titled or honor or paren or ner or surname_first or full_name) or (
                surname_first and (titled or paren or ner))
            # 鳩山氏, 鳩山首相: a family name alone is the short form of a full name given elsewhere.
            form = "short" if m == k + 1 and _tag(toks[k], "人名-姓") else "full"
        ok = ok and not suffix_after
        name = surface
        for h in lex.honorifics:
            if name.endswith(h) and len(name) > len(h):
                name, form = name[: -len(h)], ("short" if len(name) - len(h) <= 2 else form)
                ok = ok or len(name) >= 1 and (name[0] in lex.surnames or tagged)
        if ok and not any(p.overlaps(Mention("", start, end, "", "", 0)) for p in persons):
            persons.append(Mention("Person", start, end, surface, name,
                                   _span_head(doc, toks[k].i, toks[m - 1].i + 1), form=form,
                                   rule="person.kanji"))
            # 奈良|竜樹, 長友|仍世: the surname Sudachi read as a place is the person's.
            places = [p for p in places if not (start <= p.start and p.end <= end)]
        k = m

    _attach_titles(doc, persons, titles, places, [], lex.title_modifiers, lex.org_suffixes_any)
    attached = {id(p.title) for p in persons if p.title is not None}
    # Titles that stand for a person: 同大統領, ロシア国防相, 国防相率いる.
    for t in titles:
        if id(t) in attached or any(p.start <= t.start < p.end for p in persons):
            continue
        prev = doc_text(doc)[t.start - 1:t.start] if t.start > sent.start_char else ""
        before_prev = doc_text(doc)[t.start - 2:t.start - 1] if t.start - 1 > sent.start_char else ""
        if prev == "同" and not _KANJI.match(before_prev):  # 共同|記者 is no 同 + 記者
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
            # ムセヴェニ・ウガンダ大統領, マリ・アルカティリ・東ティモール首相: a katakana name, ・, then the
            # country and the title (person.name-place-title), whatever the name was read as.
            # (Not after a particle: 『…ヒズボラにはノー・米国務長官』 is a headline's "no", then who said it.)
            kata = re.search(r"(?:^|[、。「『（(\s])([ァ-ヺー]+(?:・[ァ-ヺー]+)*・)$",
                             doc_text(doc)[max(sent.start_char, place.start - 30):place.start])
            if kata is not None and lex.place(kata.group(1)[:-1]) is None and not any(
                    q.start < place.start - 1 and q.end > place.start - len(kata.group(1)) for q in persons):
                start = place.start - len(kata.group(1))
                name = kata.group(1)[:-1]
                places[:] = [q for q in places if not (start <= q.start and q.end <= place.start - 1)]
                persons.append(Mention("Person", start, place.start - 1, name, name, t.head, form="full", title=t,
                                       affiliation=place, rule="person.name-place-title"))
                continue
            country = next((c for c in places if c.end + 1 == place.start and doc_text(doc)[c.end] == "の"
                            and c.kind == "country"), None)
            # 社民党の福島党首, 自民党の石川幹事長: after a party or body and の, likewise.
            body = re.search(r"[\u4e00-\u9fffァ-ヺー]{1,10}(" + "|".join(map(re.escape, lex.org_suffixes)) + ")の$",
                             doc_text(doc)[max(sent.start_char, place.start - 12):place.start])
            # 岡田前代表: a title glued with 前/元/新 to a word Sudachi alone read as a place is a former (new)
            # holder's, named by family name (a country's, ロシア前大統領, comes from the lexicon).
            former = t.text[:1] in ("前", "元", "新") and doc_text(doc)[place.end:t.start] == ""
            if place.rule == "place.tag" and _KANJI.match(place.text) and (
                    country is not None or body is not None or former):
                # 日本の金田外務副大臣: after its country, a word Sudachi read as a place is a family name.
                places.remove(place)
                persons.append(Mention("Person", place.start, place.end, place.text, place.text, t.head,
                                       form="short", title=t, affiliation=country, rule="person.surname-title"))
                continue
            persons.append(Mention("Person", place.start, t.end, doc_text(doc)[place.start:t.end], t.text, t.head,
                                   form="title", title=t, affiliation=place, rule="person.place-title"))
        elif doc_text(doc)[t.end:t.end + 1] in ("は", "が") and (
                not prev or prev in "、。」』）) 　" or "ぁ" <= prev <= "ゖ" and prev != "の"):
            # 外務省によると副大臣は…会談し: a title alone as the topic stands for the person who last
            # bore it (resolution drops it when nobody did).
            persons.append(Mention("Person", t.start, t.end, t.text, t.text, t.head, form="title", title=t,
                                   rule="person.bare-title"))

    # Pronouns.
    for tok in sent:
        if tok.text in lex.pronouns or (tok.text == "同" and doc_text(doc)[tok.idx + 1:tok.idx + 2] == "氏"):
            text = tok.text if tok.text != "同" else "同氏"
            persons.append(Mention("Person", tok.idx, tok.idx + len(text), text, text, tok.i, form="pronoun",
                                   rule="person.pronoun"))

    # Gazetteer people no rule found.
    if lex.person_pattern is not None:
        for mt in lex.person_pattern.finditer(sent.text):
            start, end = sent.start_char + mt.start(), sent.start_char + mt.end()
            if not any(p.start <= start < p.end for p in persons):
                persons.append(Mention("Person", start, end, mt.group(), mt.group(), f._head_at(start, end),
                                       rule="person.gazetteer"))

    persons.sort(key=lambda p: p.start)
    # A facility swallows the place names inside it (東京宝塚劇場, 平壌国際空港).
    facilities = [p for p in places if p.rule == "place.facility"]
    places = [p for p in places if not any(q.start <= p.start and p.end <= q.end and (q.start, q.end) != (
        p.start, p.end) for q in facilities)]
    orgs = [o for o in f.orgs(persons, titles) + kata_orgs if not any(
        p.overlaps(o) and p.form != "title" and not (o.start <= p.start and p.end < o.end)
        for p in persons)]
    # An organisation swallows the places and names inside it (ロシア国防省, 朝鮮中央通信).
    places = [p for p in places if not any(o.start <= p.start and p.end <= o.end and o.end > p.end
                                           for o in orgs)]
    persons = [p for p in persons if not any(o.start <= p.start and p.end < o.end for o in orgs)]
    persons, places, orgs = _with_ginza(doc, sent, lex, persons, places, orgs, titles)
    for p in persons:
        if p.form not in ("title", "pronoun"):
            p.title = p.affiliation = None
    persons = _split_pairs(doc, persons, f)
    _attach_titles(doc, persons, titles, places, orgs, lex.title_modifiers, lex.org_suffixes_any)
    _attach_readings(doc, persons)

    _mark_modifiers(doc, sent, lex, places + persons)
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


def _compound_titles(found: list[Mention]) -> list[Mention]:
    """外務大臣|政務官, 総理|特使: a title right after another is the head of one compound title (the
    parliamentary secretary of the foreign minister, the prime minister's envoy)."""
    out: list[Mention] = []
    for t in sorted(found, key=lambda m: m.start):
        prev = out[-1] if out else None
        if prev is not None and prev.end == t.start and t.rule == prev.rule == "title.lexicon":
            text = prev.text + t.text
            out[-1] = Mention("Title", prev.start, t.end, text, text, t.head, rule="title.lexicon")
        else:
            out.append(t)
    return out


def _body_then_title(text: str, end: int, titles: list[Mention], lex: Lexicon) -> bool:
    """ナルイシキン|対外情報庁|長官: a state body in kanji, then a title, right after a name."""
    for t in titles:
        body = text[end:t.start]
        if 1 < len(body) <= 12 and _KANJI.fullmatch(body) and body.endswith(lex.org_suffixes):
            return True
    return False


def _mark_modifiers(doc: Doc, sent: Span, lex: Lexicon, mentions: list[Mention]) -> None:
    """A place or katakana name glued to the noun after it modifies that noun (東京|オリンピック,
    千葉|シーサイドバス, 中華人民共和国|北京市, ジョン・C・ステニス|宇宙センター): mark it ``modifier``.
    A title (ロシア|大統領), a suffix (カナダ|人, プーチン|氏) or a verbal noun taking the place as its
    object (北朝鮮|訪問) leaves the mention a name of its own."""
    text = doc_text(doc)
    tok_at = {t.idx: t for t in sent}
    for m in mentions:
        if m.rule not in ("place.tag", "place.lexicon", "person.katakana") or m.form in ("title", "pronoun"):
            continue
        nxt = tok_at.get(m.end)
        if (nxt is None or nxt.pos_ not in ("NOUN", "PROPN", "NUM") or _tag(nxt, "接尾辞") or "サ変" in nxt.tag_
                or nxt.text in _DOTS or nxt.text in lex.honorifics or lex.title_pattern.match(text, nxt.idx)):
            continue
        m.modifier = True


def _ginza_wins(doc: Doc, lex: Lexicon, g: Mention, rival: Mention) -> bool:
    """Whether GiNZA's entity ``g`` replaces kankei's overlapping mention ``rival``.

    Measured on the ner-wikipedia train split: where the two overlap without agreeing, kankei's
    names, organisation and facility endings are right more often than GiNZA's entity (GiNZA cuts
    katakana names at ・ and types news agencies as people). A bare place word from the tags or the
    lexicon loses to a GiNZA name that covers it and goes on with a name of its own
    (アメリカ合衆国ハワイ準州マウイ島, 日本ダンロップ), not with a common word (日本全国, ソウル経由).
    """
    if rival.rule not in ("place.tag", "place.lexicon") or g.type == "Person":
        return False
    if not (g.start <= rival.start and rival.end <= g.end) or (g.start, g.end) == (rival.start, rival.end):
        return False
    if rival.rule == "place.tag":
        return True
    span = doc.char_span(g.start, g.end)
    return span is not None and any(
        (t.idx < rival.start or t.idx >= rival.end) and _names_something(t, lex) for t in span)


def _names_something(tok: Token, lex: Lexicon) -> bool:
    """A token that makes a noun phrase a name: a proper noun, a foreign word, a number, a place, a
    suffix (千葉|県), or an organisation or facility ending."""
    return (_is_proper(tok, lex) or tok.pos_ == "NUM" or _tag(tok, "接尾辞")
            or tok.text.endswith(lex.org_suffixes) or tok.text.endswith(lex.facility_suffixes))


def _is_proper(tok: Token, lex: Lexicon) -> bool:
    """A proper noun, a katakana or Latin word, a place the lexicon knows, or 第 of an ordinal (第一汽車)."""
    return (tok.pos_ == "PROPN" or _tag(tok, "固有名詞") or _is_kata(tok) or tok.text == "第"
            or tok.text.isascii() and tok.text.isalnum() or lex.place(tok.text) is not None)


def _ginza_type(ent: Span, lex: Lexicon) -> tuple[str | None, bool]:
    """The kankei type of a GiNZA entity, and whether kankei's endings retyped it: an organisation or
    facility ending decides over the label (朝鮮中央通信 as Person, 第5軍団 as Ordinal_Number,
    東京大学 as School)."""
    kind = GINZA_TYPES.get(ent.label_)
    text = ent.text
    org_end = next((x for x in lex.org_suffixes if text.endswith(x)), "") if text.endswith(lex.org_suffixes) else ""
    fac_end = (next((x for x in lex.facility_suffixes if text.endswith(x)), "")
               if text.endswith(lex.facility_suffixes) else "")
    longest = max(len(org_end), len(fac_end))
    if longest and len(text) > longest:
        by_ending = "Organization" if len(org_end) >= len(fac_end) else "Place"
        if by_ending != kind:
            return by_ending, True
    return kind, False


def _with_ginza(doc: Doc, sent: Span, lex: Lexicon, persons: list[Mention], places: list[Mention],
                orgs: list[Mention], titles: list[Mention] = ()) -> tuple[list[Mention], list[Mention], list[Mention]]:
    """Add GiNZA's organisations no rule found, and GiNZA's names that beat the rules' place words.

    Measured on the ner-wikipedia train split, GiNZA's entities that no rule overlaps are worth
    keeping for organisations (57% exact) but not for people (25%: スパーリング) or places (22%), and
    GiNZA never beats a rule's person, organisation or facility (``_ginza_wins``).
    """
    named = [m for m in persons if m.form not in ("title", "pronoun")] + places + orgs
    beaten: set[int] = set()
    added: list[Mention] = []
    for ent in sent.ents:
        kind, retyped = _ginza_type(ent, lex)
        modifier = ent.text in lex.title_modifiers and not (
            # 国連の潘基文事務総長: a body named on its own, before の and a name, is one (国連事務総長 and
            # 国家安全保障の広報担当者 are not).
            kind == "Organization" and doc_text(doc)[ent.end_char:ent.end_char + 1] == "の"
            and not any(t.start == ent.end_char + 1 for t in titles))
        if kind is None or kind == "Person" or modifier or ent.text in lex.titles:
            continue  # 国家安全保障 of 国家安全保障の広報担当者 qualifies a title; it is no organisation
        if kind == "Place" and not any(_is_proper(t, lex) for t in ent):
            continue  # 公立中学校, 秋祭り: common nouns name nothing
        if not retyped:
            # 首都アスマラ, 空路エリトリア: words of where or how before a place name are no part of it
            # (中央アジア and 国立極地研究所 keep theirs).
            first = ent.start
            while first < ent.end - 1 and doc[first].text in _PLACE_PREFIX_STOPS:
                first += 1
            # 日本科学未来館館長: GiNZA's organisation swallows the title after it.
            last = ent.end
            title_end = next((t for t in titles if ent.start_char < t.start and t.end == ent.end_char), None)
            if title_end is not None and title_end.start in {tok.idx for tok in ent}:
                last = next(tok.i for tok in ent if tok.idx == title_end.start)
            if first >= last:
                continue
            ent = Span(doc, first, last, label=ent.label_)
        g = Mention(kind, ent.start_char, ent.end_char, ent.text, ent.text, _span_head(doc, ent.start, ent.end),
                    rule=f"ginza.{ent.label_}" + ("+ending" if retyped else ""))
        rivals = [m for m in named if m.overlaps(g) and id(m) not in beaten]
        if any((m.start, m.end, m.type) == (g.start, g.end, g.type) for m in rivals):
            continue
        if not rivals and kind == "Place" or not all(_ginza_wins(doc, lex, g, m) for m in rivals):
            continue
        beaten.update(id(m) for m in rivals)
        if kind == "Place":
            info = lex.place(g.text)
            g.kind = info.kind if info else ("facility" if ent.label_ in _GINZA_FACILITY else None)
            g.part_of = info.part_of if info else None
        added.append(g)
    persons = [m for m in persons if id(m) not in beaten]
    places = [m for m in places if id(m) not in beaten] + [g for g in added if g.type == "Place"]
    orgs = [m for m in orgs if id(m) not in beaten] + [g for g in added if g.type == "Organization"]
    return persons, places, orgs


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
                   orgs: list[Mention], lex_modifiers: tuple[str, ...] = (), bodies: frozenset[str] = frozenset()
                   ) -> None:
    """Give each person the title next to it and the organisation or place that title belongs to."""
    affiliations = sorted(places + orgs, key=lambda m: m.start)
    used: set[int] = set()

    def affiliation_between(lo: int, hi: int) -> Mention | None:
        inside = [a for a in affiliations if lo <= a.start and a.end <= hi
                  and doc_text(doc)[a.start - 1:a.start] != "駐"]
        return inside[-1] if inside else None

    def inside(t: Mention) -> Mention | None:
        # 前米大統領, アメリカ大統領: the country written inside the title.
        found = [a for a in affiliations if t.start <= a.start and a.end <= t.end]
        return found[-1] if found else None

    def affiliation_before(char: int) -> Mention | None:
        # 「ロシアのプーチン大統領」「…センターのラミ・キム教授」: X の directly before.
        if doc_text(doc)[char - 1:char] not in ("の", "・"):
            return None
        end = char - 1
        if doc_text(doc)[end - 1:end] in _CLOSE:
            # 大韓民国(韓国)の全斗煥大統領: the name before another spelling in parentheses.
            opening = max(doc_text(doc).rfind(o, 0, end) for o in _OPEN)
            if opening != -1 and end - opening < 20:
                end = opening
        cands = [a for a in affiliations if a.end in (end, char - 1)]
        return cands[-1] if cands else None

    def affiliation_of_apposition(char: int) -> Mention | None:
        # アイルランドの政治家、リアム・ラウラー元下院議員: X の + a common noun + 、 before the name.
        m = re.search(r"の([\u4e00-\u9fff]{1,6})、$", doc_text(doc)[max(0, char - 12):char])
        if m is None or any(t.end == char - 1 for t in titles):
            return None
        return affiliation_before(char - len(m.group()) + 1)

    for p in persons:
        if p.form in ("pronoun", "title"):
            continue
        # Name + [reading] + [affiliation] + title.
        pos = p.end
        if doc_text(doc)[pos:pos + 1] in _DOTS and any(a.start == pos + 1 for a in affiliations):
            pos += 1  # エリツィン・ロシア前大統領
        if doc_text(doc)[pos:pos + 1] in _OPEN:
            close = min((doc_text(doc).find(c, pos) for c in _CLOSE if doc_text(doc).find(c, pos) != -1), default=-1)
            if close != -1 and close - pos < 30:
                pos = close + 1
        for t in titles:
            if t.start < pos or id(t) in used:
                continue
            if not _bridgeable(doc_text(doc), pos, t.start, affiliations, lex_modifiers):
                glued = _glued_modifier(doc, p, pos, t, affiliations, bodies)
                if glued is not None:
                    p.title = glued
                    used.add(id(t))
                break
            p.title, p.affiliation = t, affiliation_between(pos, t.start)
            used.add(id(t))
            break
        if p.title is None:
            # Title directly before the name (広報担当者ジョン・カービー) or 「指導者、習近平」「大使のマクフォール氏」
            # 「スポークスマンであるナヴァロ=ヴァルス枢機卿」.
            for t in titles:
                if id(t) in used:
                    continue
                if t.end == p.start or (t.end + 1 == p.start and doc_text(doc)[t.end] in "、の") or (
                        doc_text(doc)[t.end:p.start] in ("である", "の")):
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
            # バチカンのスポークスマンであるナヴァロ=ヴァルス枢機卿: the affiliation of a title in apposition.
            # ハンガリーの首相ジュルチャーニ・フェレンツ首相: a title before the name as well.
            appositive = next((t for t in titles
                               if t is not p.title and t.end <= p.start
                               and doc_text(doc)[t.end:p.start] in ("である", "")), None)
            p.affiliation = affiliation_before(p.start) or inside(p.title) or (
                affiliation_before(appositive.start) if appositive is not None else None
            ) or affiliation_of_apposition(p.start)
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
    _attach_shared_titles(doc, persons, titles, used, affiliation_before)


def _glued_modifier(doc: Doc, p: Mention, pos: int, t: Mention, affiliations: list[Mention],
                    bodies: frozenset[str] = frozenset()) -> Mention | None:
    """河村建夫|選対|委員長: after a full name, a short kanji word no list knows, glued to a title, is part
    of that title (the office's department); the title with it is the name's. Not a place or a body
    (those are affiliations; 新倉修|大学院|教授 is a name misread into a body), nor a name or a kana word."""
    gap = doc_text(doc)[pos:t.start]
    if (p.form != "full" or t.rule != "title.lexicon" or not 1 <= len(gap) <= 4 or not _KANJI.match(gap)
            or any(pos < a.end and a.start < t.start for a in affiliations)
            or any(gap.endswith(b) for b in bodies)):
        return None
    toks = [tok for tok in doc if pos <= tok.idx < t.start]
    if not toks or toks[0].idx != pos or any(
            tok.pos_ not in ("NOUN",) or _tag(tok, "人名") or _tag(tok, "地名") for tok in toks):
        return None
    text = doc_text(doc)[pos:t.end]
    return Mention("Title", pos, t.end, text, text, t.head, rule="title.glued-modifier")


def _attach_shared_titles(doc: Doc, persons: list[Mention], titles: list[Mention], used: set[int],
                          affiliation_before) -> None:
    """ロシアのプーチン氏と、アメリカのオバマ氏の両大統領: 両 + title gives the title to each of the
    names listed before it, each with its own affiliation."""
    text = doc_text(doc)
    for t in titles:
        if id(t) in used or text[t.start - 2:t.start] != "の両":
            continue
        pos, named = t.start - 2, []
        for p in sorted((p for p in persons if p.form == "short" or p.form == "full"), key=lambda p: -p.start):
            end = p.end + (1 if text[p.end:p.end + 1] == "氏" else 0)
            if end != pos or p.title is not None:
                break
            named.append(p)
            gap = re.search(r"(?:と、?|、)(?:[^、。]{1,8}の)?$", text[max(0, p.start - 14):p.start])
            if gap is None:
                break
            pos = p.start - len(gap.group())
        if len(named) > 1:
            for p in named:
                p.title, p.affiliation = t, affiliation_before(p.start)
            used.add(id(t))


def _split_pairs(doc: Doc, persons: list[Mention], f: _Finder) -> list[Mention]:
    """メルケル・シュレーダー両氏, プーチン・オバマ両大統領: names joined by ・ before 両 (both) are two
    (or three) people, not one full name."""
    text = doc_text(doc)
    out: list[Mention] = []
    for p in persons:
        parts = p.text.split("・")
        if (p.form not in ("full", "short") or not 2 <= len(parts) <= 3 or any(len(x) < 2 for x in parts)
                or not text.startswith("両", p.end) or p.text != p.name):
            out.append(p)
            continue
        start = p.start
        for x in parts:
            head = p.head if start + len(x) == p.end else f._head_at(start, start + len(x))
            out.append(replace(p, start=start, end=start + len(x), text=x, name=x, head=head, form="short"))
            start += len(x) + 1
    return out


def _attach_readings(doc: Doc, persons: list[Mention]) -> None:
    """X(Y): the name in parentheses right after a name is the same person's other spelling."""
    by_start = {p.start: p for p in persons}
    for p in list(persons):
        if doc_text(doc)[p.end:p.end + 1] in _OPEN and p.end + 1 in by_start:
            inner = by_start[p.end + 1]
            if doc_text(doc)[inner.end:inner.end + 1] in _CLOSE:
                p.reading = inner.name
                inner.reading = p.name
