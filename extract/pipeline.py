"""Articles → facts: parse, find mentions, resolve, read relations, and attach provenance."""

from __future__ import annotations

import itertools
import math
import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.tokens import Doc

from kankei.articles import ReadReport, read_articles
from kankei.errors import CorpusReadError
from kankei.extract.dates import DateMention
from kankei.extract.lexicon import Lexicon, load_lexicon
from kankei.extract.mentions import Mention, SentenceMentions, find_mentions
from kankei.extract.nlp import BATCH_SIZE, doc_text, load_nlp, parse_chunks, sentences
from kankei.extract.relations import Candidate, SentenceRelations, find_relations, topic_of
from kankei.extract.resolve import PersonEntity, is_kanji_name, person_key, resolve_persons
from kankei.normalize import entity_key
from kankei.types import Article, Entity, EntityRef, Evidence, Fact, MentionRecord

__all__ = ["ArticleResult", "extract_article", "extract_articles", "extract_corpus", "entity_spans"]


@dataclass
class ArticleResult:
    """What one article yields: its facts, its entities, and name pairs learnt from readings."""

    article: str
    facts: list[Fact] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)
    # Titled mentions whose affiliation the article never states: (person, title, evidence).
    unplaced: list[tuple[EntityRef, str, Evidence]] = field(default_factory=list)
    error: str | None = None


@dataclass
class _State:
    """What reading an article remembers from one sentence to the next."""

    last_visit: dict[str, tuple[EntityRef, list[DateMention]]] = field(default_factory=dict)
    last_visitor: tuple[Mention, EntityRef] | None = None  # who the article last said went somewhere
    recent_days: list[tuple[int, DateMention]] = field(default_factory=list)  # explicit full dates seen
    leader: EntityRef | None = None  # the delegation being talked about
    members: list[EntityRef] = field(default_factory=list)
    leaders: list[tuple[Mention, EntityRef]] = field(default_factory=list)
    sentence: int = 0  # the sentence being read
    visit_told: dict[str, int] = field(default_factory=dict)  # person id → sentence of their last_visit


@dataclass
class _Sentence:
    doc: Doc
    offset: int
    mentions: SentenceMentions
    relations: SentenceRelations

    def evidence(self) -> Evidence:
        s = self.mentions.sent
        return Evidence(s.text, self.offset + s.start_char, self.offset + s.end_char)


class _ArticleReader:
    def __init__(self, article: Article, docs: list[tuple[Doc, int]], lex: Lexicon):
        self.article, self.lex = article, lex
        self.sentences: list[_Sentence] = []
        for doc, offset in docs:
            topic = None  # the person the previous sentence was about (never across chunks: offsets differ)
            for sent in sentences(doc):
                sm = find_mentions(doc, sent, lex, article.published)
                rel = find_relations(doc, sm, lex.visit_words, topic)
                # A sentence that names nobody keeps the person the article was about (佐々木投手は…入団。
                # …復帰した。8月3日、…社長と会談し).
                topic = topic_of(doc, sm) or (topic if not sm.persons else None)
                self.sentences.append(_Sentence(doc, offset, sm, rel))
        self._resolve_same_places()
        persons = [p for s in self.sentences for p in s.mentions.persons]
        # Offsets differ per chunk; mention identity is what resolution keys on.
        self.person_of = resolve_persons(persons, lex)
        self._dates_seen: list[tuple[int, DateMention]] = []
        self.inherited: dict[int, Mention] = {}  # id(PersonEntity) → affiliation from a delegation leader
        self.unplaced: list[tuple[EntityRef, str, Evidence]] = []

    def _resolve_same_places(self) -> None:
        """同島に渡り: 同国/同市/同島 stand for the last country, city or island the article named."""
        seen: list[Mention] = []
        for s in self.sentences:
            for m in sorted(s.mentions.places, key=lambda m: m.start):
                if m.rule != "place.same":
                    if not m.modifier or m.kind == "country":
                        seen.append(m)
                    continue
                suffix = m.text[1:]
                target = next((x for x in reversed(seen) if (
                    x.kind == m.kind if m.kind else suffix == "地" or x.name.endswith(suffix))), None)
                if target is not None:
                    m.name, m.kind, m.part_of = target.name, target.kind, target.part_of
                    m.rule = "place.same-resolved"

    # -- entities ------------------------------------------------------------------------------
    def ref(self, m: Mention, offset: int) -> EntityRef | None:
        if m.type == "Person":
            ent = self.person_of.get(id(m))
            if ent is None:
                return None
            name = self.lex.canonical(ent.name)
            if len(name) < 2:
                return None
            return EntityRef(f"Person:{person_key(name)}", name, "Person", m.text, offset + m.start,
                             offset + m.end)
        if m.type == "Place":
            if m.rule == "place.same":
                return None  # 同国 with no country named before it
            info = self.lex.place(m.name)
            name = info.name if info else m.name
            return EntityRef(f"Place:{entity_key(name)}", name, "Place", m.text, offset + m.start, offset + m.end,
                             kind=info.kind if info else m.kind, part_of=info.part_of if info else m.part_of)
        if m.type == "Organization":
            name = self.lex.canonical(m.name)
            return EntityRef(f"Organization:{entity_key(name)}", name, "Organization", m.text, offset + m.start,
                             offset + m.end)
        return None

    # -- facts ---------------------------------------------------------------------------------
    def facts(self) -> list[Fact]:
        """Every fact of the article, read sentence by sentence with the article's running state."""
        out: list[Fact] = []
        state = _State()
        for n, s in enumerate(self.sentences):
            state.sentence = n
            self._anchor_days(n, s, state.recent_days)
            ev = s.evidence()
            # Delegations first: a visit in the same sentence may be the delegation's.
            out.extend(self._delegations(s, state, ev))
            pending: list[tuple[Candidate, EntityRef, EntityRef]] = []
            # A visit whose place comes from earlier (…到着) after the sentence's own places (…に向けて出発し).
            for c in sorted(s.relations.candidates, key=lambda c: c.object is c.subject):
                if c.relation == "VISITED":
                    if c.rule == "visit.met-in" and not self._foreign_to(c.subject, c.object, s):
                        continue
                    pending.extend(self._visits(c, s, state))
                    continue
                subj = self._subject(c, s, state)
                if c.relation == "HOLDS_POSITION":
                    out.extend(self._served(c, s, subj))
                    continue
                if c.object is c.subject:  # 空港では金正恩総書記が出迎えた: the guest the article brought in
                    if subj is not None and state.last_visitor is not None:
                        guest = state.last_visitor[1]  # greeted on the day he came
                        pending.append((replace(c, dates=c.dates or state.last_visit[guest.id][1]), subj, guest))
                    continue
                obj = self.ref(c.object, s.offset)
                if subj is not None and obj is not None and subj.id != obj.id:
                    if c.relation == "MET" and not c.dates:
                        c = replace(c, dates=self._trip_dates(s, state, subj, obj))
                    pending.append((c, subj, obj))
            for c, subj, obj in pending:
                for date in self._dates(c, s) or [None]:
                    out.append(self._fact(c.relation, subj, obj, ev, c.rule, c.confidence, date,
                                          self._after_publication(date, c.modality)))
            out.extend(self._positions(s))
        out.extend(self._hosts(out))
        out.extend(self._article_country(out))
        return _dedupe(out)

    def _article_country(self, facts: list[Fact]) -> list[Fact]:
        """ガンヌーシ首相 in an article about Tunisia: a national office given without a country is in the
        country the article is about, when one country clearly dominates it (named at least twice, and
        twice as often as any other; cities count for their country). Not for those the article sends
        there (a visitor to a country is its guest, not its official), nor for names in another script
        than the country's people's."""
        counts: dict[str, int] = {}
        for s in self.sentences:
            for m in s.mentions.places:
                country = self._country(self.ref(m, s.offset)) if m.rule != "place.same" else None
                # Japan is where the news is told (日本時間, 日本人の安否), not what it is about; Japan's
                # own officials are placed by _japanese_official.
                if country is not None and country.kind == "country" and country.name != "日本":
                    counts[country.name] = counts.get(country.name, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < 2 or len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
            return []
        name = ranked[0][0]
        info = self.lex.place(name)
        country = EntityRef(f"Place:{entity_key(name)}", name, "Place", "", -1, -1,
                            kind=info.kind if info else "country")
        guests = {f.subject.id for f in facts if f.relation == "VISITED" and self._country(f.object).name == name}
        kanji_country = name in _KANJI_NAME_COUNTRIES
        out = []
        for person, title, ev in list(self.unplaced):
            # 金正恩総書記 in a report dominated by Russia is no Russian official: the script of a name tells.
            if (title.endswith(_NATIONAL_TITLES) and person.id not in guests
                    and is_kanji_name(person.name) == kanji_country):
                self.unplaced.remove((person, title, ev))
                out.append(self._fact("HOLDS_POSITION", person, country, ev, "position.article-country", 0.4, None,
                                      "actual", title=title))
        return out

    def _hosts(self, facts: list[Fact]) -> list[Fact]:
        """韓国を訪問し、…尹錫悦大統領と面会した: a titled person whose affiliation the article never
        states, met by a visitor in the sentence of the visit, holds the title in the country visited."""
        out = []
        for person, title, ev in list(self.unplaced):
            visited = None
            for met in (f for f in facts if f.relation == "MET" and f.evidence == ev and person.id in (
                    f.subject.id, f.object.id)):
                other = met.object if met.subject.id == person.id else met.subject
                # (Not a visit read from the place of the talks themselves: both sides may have travelled.)
                # (Nor the place someone then left for: …の見送りを受け、ベトナムへ出発した.)
                places = [f.object for f in facts if f.relation == "VISITED" and f.evidence == ev
                          and f.subject.id == other.id and f.rule not in ("visit.met-in", "visit.departure-to")]
                # …副長官はタシュケントでカリモフ大統領と会談した: the meeting is at a place the visitor's trip,
                # told earlier, went to.
                places = places or [f.object for f in facts if f.relation == "VISITED" and f.subject.id == other.id
                                    and f.rule != "visit.met-in" and f.object.text
                                    and f.object.text + "で" in ev.sentence]
                been_there = any(f.relation == "VISITED" and f.evidence == ev and f.subject.id == person.id
                                 for f in facts)
                # Not a facility: a base or an airport the article cannot place is no one's office.
                countries = [c for c in map(self._country, places) if c.kind != "facility"]
                if countries and not been_there:
                    visited = countries[0]
                    break
            if visited is None:
                continue
            self.unplaced.remove((person, title, ev))
            out.append(self._fact("HOLDS_POSITION", person, visited, ev, "position.host", 0.5, None, "actual",
                                  title=title))
        return out

    def _country(self, place: EntityRef) -> EntityRef:
        """The country a place lies in, as far as the lexicon knows (平壌 → 北朝鮮), else the place."""
        name, seen = place.name, set()
        info = self.lex.place(name)
        if info is None and place.part_of and place.kind != "country":
            name, info = place.part_of, self.lex.place(place.part_of)  # ガーナの首都アクラ
        while info is not None and info.part_of and info.kind != "country" and name not in seen:
            seen.add(name)
            name = info.part_of
            info = self.lex.place(name)
        if name == place.name:
            return place
        return EntityRef(f"Place:{entity_key(name)}", name, "Place", "", -1, -1,
                         kind=info.kind if info else None, part_of=info.part_of if info else None)

    def _subject(self, c: Candidate, s: _Sentence, state: _State) -> EntityRef | None:
        """The candidate's subject; a delegation (特使団が…) stands for the leader of its side."""
        if c.subject.type != "Delegation":
            return self.ref(c.subject, s.offset)
        return self._leader_by_side(c.subject.name) or state.leader

    def _delegations(self, s: _Sentence, state: _State, ev: Evidence) -> list[Fact]:
        out = []
        for leader_m, member_ms, _visit in s.relations.delegations:
            members = [r for r in (self.ref(m, s.offset) for m in member_ms) if r is not None]
            if leader_m is not None:
                leader = self.ref(leader_m, s.offset)
                if leader is None:
                    continue
                state.leaders.append((leader_m, leader))
                state.leader, state.members = leader, members
                self._take_side(leader_m, member_ms)
                continue
            # Members named apart (代表団にXが含まれていた): the latest leader from the member's side; with no
            # delegation told, the trip the article just reported (…を訪問した。ラブロフ外相が同行した).
            leader = self._leader_for(member_ms, state.leaders) or state.leader
            rule = "accompany.delegation-member"
            if leader is None and state.last_visitor is not None:
                leader, rule = state.last_visitor[1], "accompany.last-trip"
            if leader is None:
                continue
            state.leader, state.members = leader, state.members + members
            known = state.leaders + ([state.last_visitor] if state.last_visitor else [])
            told = [m for m, ref in known if ref.id == leader.id]
            if told:
                self._take_side(told[-1], member_ms)
            members = [member for member in members if member.id != leader.id]
            out.extend(self._fact("ACCOMPANIED", member, leader, ev, rule, 0.6 if rule.endswith("trip") else 0.7,
                                  None, "actual") for member in members)
            if leader.id in state.last_visit:  # a delegation's members went where it went
                dest, dates = state.last_visit[leader.id]
                out.extend(self._fact("VISITED", member, dest, ev, "visit.with-leader", 0.5, date, "actual")
                           for member in members for date in dates or [None])
        return out

    def _take_side(self, leader_m: Mention, member_ms: list[Mention]) -> None:
        """Members take their leader's side for their titles (ラブロフ外相 in Putin's delegation)."""
        affiliation = self.affiliation_of(leader_m)
        for m in member_ms:
            ent = self.person_of.get(id(m))
            if affiliation is not None and ent is not None:
                self.inherited.setdefault(id(ent), affiliation)

    def _visits(self, c: Candidate, s: _Sentence, state: _State) -> list[tuple[Candidate, EntityRef, EntityRef]]:
        subj = self._subject(c, s, state)
        if c.subject.type == "Delegation":
            # 代表団が訪朝した: the leader and every member known so far went.
            dest = self.ref(c.object, s.offset)
            if subj is not None and subj != state.leader:
                state.leader, state.members = subj, []
            if dest is None:
                return []
            lowered = replace(c, confidence=c.confidence - 0.1)
            return [(lowered, who, dest) for who in filter(None, [state.leader, *state.members])]
        if subj is None:
            return []
        if c.object is c.subject:
            # …代表団を率いて到着した: the destination is where the person was last said to arrive.
            if subj.id not in state.last_visit:
                return []
            dest, dates = state.last_visit[subj.id]
            c = replace(c, dates=c.dates or dates)
        else:
            dest = self.ref(c.object, s.offset)
        if dest is None or dest.type != "Place":
            return []
        before = state.last_visit.get(subj.id)
        # An undated mention (…まで来て) says less about where the person is than a dated one, and an
        # earlier trip told in passing (2000年7月以来24年ぶり) is not the one the article follows.
        if before is None or c.dates and _latest(c.dates) >= _latest(before[1]):
            state.last_visit[subj.id] = (dest, c.dates)
            state.visit_told[subj.id] = state.sentence
            state.last_visitor = (c.subject, subj)
        found = [(c, subj, dest)]
        # Members of a delegation this person leads, named in this sentence, went too.
        if state.leader is not None and state.leader.id == subj.id and s.relations.delegations:
            member_visit = replace(c, rule="visit.delegation-member", confidence=c.confidence - 0.1)
            found.extend((member_visit, member, dest) for member in state.members)
        return found

    def _foreign_to(self, person: Mention, place: Mention, s: _Sentence) -> bool:
        """Whether the person is an official of another country than the one the place is in (as the
        article states their affiliation): then being there is a trip."""
        affiliation = self.affiliation_of(person)
        where = self.ref(place, s.offset)
        if affiliation is None or affiliation.type != "Place" or where is None:
            return False
        home = self.ref(affiliation, s.offset)
        if home is None:
            return False
        home, there = self._country(home), self._country(where)
        return home.kind == "country" and there.kind == "country" and home.name != there.name

    def _served(self, c: Candidate, s: _Sentence, subj: EntityRef | None) -> list[Fact]:
        """A title held as the object of 務める (position.serves-as): at the body written with it, else a
        Japanese official's country."""
        if subj is None or c.title is None:
            return []
        ev = s.evidence()
        if c.object is not c.subject:
            obj = self.ref(c.object, s.offset)
            return [] if obj is None else [self._fact("HOLDS_POSITION", subj, obj, ev, c.rule, c.confidence, None,
                                                      "actual", title=c.title)]
        if _japanese_official(subj.name, c.title, self.lex):
            japan = self.lex.place("日本")
            return [self._fact("HOLDS_POSITION", subj, EntityRef(
                f"Place:{entity_key('日本')}", "日本", "Place", "", -1, -1, kind=japan.kind if japan else None),
                ev, c.rule, c.confidence, None, "actual", title=c.title)]
        return []  # (ボンゴ大統領が生涯大統領を務める: the article's country would be a guess)

    def _trip_dates(self, s: _Sentence, state: _State, *people: EntityRef) -> list[DateMention]:
        """タシュケントを訪問中の…副長官が27日語った。…副長官はタシュケントで…大統領と会談した: a meeting the
        sentence gives no date, of someone whose dated trip was told in the two sentences before, or at the
        place that trip went to, took place on that trip (not when the sentence tells of leaving or coming
        home)."""
        if s.mentions.dates or any(_lemma_in(t, _LEAVING) for t in s.mentions.sent):
            return []
        here = {ref.name for ref in (self.ref(m, s.offset) for m in s.mentions.places) if ref is not None}
        for who in people:
            told = state.visit_told.get(who.id)
            if told is None or not state.last_visit[who.id][1]:
                continue
            dest, dates = state.last_visit[who.id]
            if 0 < state.sentence - told <= 2 or dest.name in here:
                return dates
        return []

    def _dates(self, c: Candidate, s: _Sentence) -> list[DateMention]:
        if c.modality != "planned":
            return c.dates
        if not c.dates:
            return self._soon(s, c)
        # A planned trip in 10月 of a September article is next month's, not last year's.
        return [replace(d, value=d.forward) if d.forward and d.anchor in ("", "day") else d for d in c.dates]

    def _after_publication(self, date: DateMention | None, modality: str) -> str:
        """An event dated after the article was published has not happened yet: it is planned."""
        pub = self.article.published
        if date is None or date.value is None or pub is None or modality == "planned":
            return modality
        return "planned" if date.value[:len(pub.isoformat())] > pub.isoformat()[:len(date.value)] else modality

    def _soon(self, s: _Sentence, c: Candidate) -> list[DateMention]:
        """近く…訪問する: a trip announced as imminent is dated to the month of publication."""
        pub = self.article.published
        tok = s.doc[c.trigger]
        before = doc_text(s.doc)[max(s.mentions.sent.start_char, tok.idx - 25):tok.idx]
        if pub is None or "近く" not in before:
            return []
        return [DateMention(tok.idx, tok.idx, "近く", f"{pub.year:04d}-{pub.month:02d}", "month", "soon")]

    def _anchor_days(self, n: int, s: _Sentence, recent: list[tuple[int, DateMention]]) -> None:
        """A bare day (16日) follows the month the article was just talking about (2024年1月15日から…),
        when one was named in this or the two sentences before; otherwise the publication month.
        同日 takes the date last mentioned."""
        dates = s.mentions.dates
        last_seen = self._dates_seen
        for i, d in enumerate(dates):
            if d.anchor == "same":
                # 同日 / 同月 / 同年: the date last mentioned, at the precision asked for.
                size = {"day": 10, "month": 7, "year": 4}[d.precision or "day"]
                before = [x for x in dates[:i] if x.value and len(x.value) >= size] or [
                    x for k, x in last_seen if n - k <= 3 and x.value and len(x.value) >= size]
                if before:
                    dates[i] = replace(d, value=before[-1].value[:size], anchor="same-anchored")
                continue
            if d.anchor == "day" and recent and n - recent[-1][0] <= 2 and recent[-1][1].value:
                year, month = int(recent[-1][1].value[:4]), int(recent[-1][1].value[5:7])
                day = int("".join(ch for ch in d.text if ch.isdigit()) or 0)
                value = f"{year:04d}-{month:02d}-{day:02d}" if 1 <= day <= 31 else None
                pub = self.article.published
                # A day after publication only when the month was named in the same sentence
                # (6月15日夜に出発し、16日午前に到着: the next day, still to come).
                same_sentence = recent[-1][0] == n and recent[-1][1].start < d.start
                if value and (pub is None or value <= pub.isoformat() or same_sentence):
                    dates[i] = replace(d, value=value, anchor="day-anchored")
            elif d.value and d.anchor == "" and d.precision == "day":
                recent.append((n, d))
        last_seen.extend((n, d) for d in dates if d.value)
        for c in s.relations.candidates:
            c.dates = [next((x for x in dates if x.start == d.start), d) for d in c.dates]
            c.date = c.dates[0] if c.dates else None

    def _leader_by_side(self, side: str) -> EntityRef | None:
        """The leader of the article's delegation from ``side`` (ウクライナ特使団 → its leader)."""
        if not side:
            return None
        for s in self.sentences:
            for leader_m, _members, _visit in s.relations.delegations:
                aff = self.affiliation_of(leader_m) if leader_m is not None else None
                if aff is not None and aff.name == side:
                    return self.ref(leader_m, s.offset)
        return None

    def affiliation_of(self, m: Mention) -> Mention | None:
        """The organisation or place a person's titles belong to, from any mention in the article."""
        if m.affiliation is not None:
            return m.affiliation
        ent = self.person_of.get(id(m))
        if ent is None:
            return None
        found = [x.affiliation for x in ent.mentions if x.affiliation is not None]
        return found[0] if found else self.inherited.get(id(ent))

    def _leader_for(self, members: list[Mention], leaders: list[tuple[Mention, EntityRef]]) -> EntityRef | None:
        sides = {self.affiliation_of(m).name for m in members if self.affiliation_of(m) is not None}
        for leader_m, leader in reversed(leaders):
            side = self.affiliation_of(leader_m)
            if not sides or side is None or side.name in sides:
                return leader
        return leaders[-1][1] if leaders else None

    def _positions(self, s: _Sentence) -> list[Fact]:
        out = []
        for m in s.mentions.persons:
            if m.title is None or m.form in ("title", "pronoun"):
                continue
            subj = self.ref(m, s.offset)
            if subj is None:
                continue
            ent = self.person_of.get(id(m))
            affiliation = m.affiliation or self._known_affiliation(ent, m.title.text)
            if affiliation is None and m.patron is not None:
                affiliation = self.affiliation_of(m.patron)
            if affiliation is None and ent is not None:
                affiliation = self.inherited.get(id(ent))
            if affiliation is None and _japanese_official(subj.name, m.title.text, self.lex, s.doc, m):
                # 小泉純一郎首相, 安倍晋三官房長官: Japanese news leave Japan's own officials unplaced.
                japan = self.lex.place("日本")
                out.append(self._fact("HOLDS_POSITION", subj, EntityRef(
                    f"Place:{entity_key('日本')}", "日本", "Place", "", -1, -1, kind=japan.kind if japan else None),
                    s.evidence(), "position.japanese-official", 0.6, None, "actual", title=m.title.text))
                continue
            if affiliation is None:
                self.unplaced.append((subj, m.title.text, s.evidence()))
                continue
            obj = self.ref(affiliation, s.offset)
            if obj is None:
                continue
            rule = "position.apposition" if m.affiliation is not None else "position.article-affiliation"
            out.append(self._fact("HOLDS_POSITION", subj, obj, s.evidence(), rule,
                                  0.85 if m.affiliation is not None else 0.6, None, "actual", title=m.title.text))
        return out

    def _known_affiliation(self, ent: PersonEntity | None, title: str) -> Mention | None:
        if ent is None:
            return None
        for x in ent.mentions:
            if x.affiliation is not None and x.title is not None and (
                    x.title.text.endswith(title) or title.endswith(x.title.text)):
                return x.affiliation
        return None

    def _fact(self, relation: str, subj: EntityRef, obj: EntityRef, ev: Evidence, rule: str, confidence: float,
              date, modality: str, title: str | None = None) -> Fact:
        return Fact(
            article=self.article.id, relation=relation, subject=_in_sentence(subj, ev), object=_in_sentence(obj, ev),
            evidence=ev, rule=rule,
            confidence=round(max(0.0, min(1.0, confidence)), 2), modality=modality,
            date=date.value if date else None, date_precision=date.precision if date else None,
            date_text=date.text if date else None, title=title, article_info=self.article.info())

    def entities(self) -> list[Entity]:
        found: dict[str, tuple[EntityRef, set[str], list[MentionRecord]]] = {}
        for s in self.sentences:
            for m in s.mentions.entities():
                ref = self.ref(m, s.offset)
                if ref is None:
                    continue
                ref0, aliases, records = found.setdefault(ref.id, (ref, set(), []))
                if m.form not in ("pronoun", "title"):
                    aliases.add(m.name)
                    if m.reading:
                        aliases.add(m.reading)
                records.append(MentionRecord(self.article.id, m.text, s.offset + m.start, s.offset + m.end))
        return [Entity(ref.id, ref.name, ref.type, ref.kind, tuple(sorted(aliases - {ref.name})), tuple(records))
                for ref, aliases, records in found.values()]

    def aliases(self) -> list[tuple[str, str]]:
        return [(m.name, m.reading) for s in self.sentences for m in s.mentions.persons
                if m.reading and m.form == "full"]


# Offices of a state (not of a party, a company or a newspaper): the country is their affiliation.
_NATIONAL_TITLES = ("大統領", "首相", "相", "大臣", "長官", "主席", "国王", "総書記", "国務委員長", "司令官")
# Countries whose people Japanese news write in kanji (金正恩, 習近平); everyone else's are in katakana.
_KANJI_NAME_COUNTRIES = frozenset({"日本", "中国", "台湾", "香港", "マカオ", "韓国", "北朝鮮"})
# Titles of a national government that Japanese news give Japan's own officials without naming Japan.
_JAPANESE_GOVERNMENT_TITLES = ("首相", "総理", "総理大臣", "大臣", "長官", "相", "次官", "政務官", "大使")


def _in_sentence(ref: EntityRef, ev: Evidence) -> EntityRef:
    """A mention from another sentence (a destination told earlier) is inferred here: no offsets, so
    provenance never points outside the fact's own sentence."""
    if ref.start < 0 or ev.start <= ref.start <= ref.end <= ev.end:
        return ref
    return replace(ref, text="", start=-1, end=-1)


# Words of a trip ending: a meeting told with them may be after the trip.
_LEAVING = frozenset({"帰国", "出発", "離れる", "帰る", "帰任", "後に"})


def _lemma_in(tok, words: frozenset[str]) -> bool:
    return (tok.lemma_ or tok.text) in words or tok.text in words


def _latest(dates: list[DateMention]) -> str:
    """The latest ISO date of a list ("" when none is known): ISO strings of any precision sort by time."""
    return max((d.value for d in dates if d.value), default="")


def _japanese_official(name: str, title: str, lex: Lexicon, doc: Doc | None = None, m: Mention | None = None
                       ) -> bool:
    """A Japanese name with a national government title. Chinese and Korean names have two or three kanji
    and a one-character family name from a short list (王毅, 李克強, 金大中); so a name is Japanese with
    four or more kanji (小泉純一郎), with a family name of two or more (高村外務大臣, as Sudachi tags it),
    or of two or three kanji not starting with such a family name (大野長官, 菅義偉)."""
    if not is_kanji_name(name) or not title.endswith(_JAPANESE_GOVERNMENT_TITLES):
        return False
    first = doc.char_span(m.start, m.end, alignment_mode="expand")[0] if doc is not None and m is not None else None
    two_kanji_surname = first is not None and "人名-姓" in first.tag_ and len(first.text) >= 2
    return len(name) >= 4 or two_kanji_surname or len(name) in (2, 3) and name[0] not in lex.surnames


def _dedupe(facts: list[Fact]) -> list[Fact]:
    seen: set[tuple] = set()
    out = []
    for f in facts:
        if f.relation == "HOLDS_POSITION" and f.subject.name == f.object.name:
            continue  # 御手洗会長: a family name read as a place is no affiliation of its own bearer
        k = f.key()
        if k not in seen:
            seen.add(k)
            out.append(f)
    return out


def extract_article(article: Article, docs: list[tuple[Doc, int]] | None = None,
                    lex: Lexicon | None = None) -> ArticleResult:
    """Extract the facts of one article (parsing it unless ``docs`` are given)."""
    lex = lex or load_lexicon()
    if docs is None:
        docs = next(parse_chunks([article.text]))
    reader = _ArticleReader(article, docs, lex)
    facts = reader.facts()
    return ArticleResult(article.id, facts, reader.entities(), reader.aliases(), reader.unplaced)


# -- many articles -----------------------------------------------------------------------------------

_worker_lex: Lexicon | None = None
BATCH = BATCH_SIZE  # articles parsed together; smaller GiNZA batches cost a quarter more CPU time
# A process that parses keeps every new word, reading and morphological analysis it meets in spaCy's
# vocabulary (about 6 MB per 100 articles at first, slowing down): no process parses more than
# RECYCLE_AFTER tasks of BATCH articles. Longer runs parse in pool workers replaced after that many, even
# with one worker; a replacement costs one model load (about 4 s). None: never replace, always in-process.
RECYCLE_AFTER: int | None = 100


def _init_worker(lex: Lexicon) -> None:
    global _worker_lex
    _worker_lex = lex
    load_nlp()


def _extract_one(article: Article, docs: list[tuple[Doc, int]] | None = None) -> ArticleResult:
    try:
        return extract_article(article, docs, lex=_worker_lex)
    except Exception as e:  # one bad article must not stop the run
        return ArticleResult(article.id, error=f"{type(e).__name__}: {e}")


def _work(batch: list[Article]) -> list[ArticleResult]:
    try:
        parsed = list(parse_chunks([a.text for a in batch]))
    except Exception:
        # Parse one by one so that only the article that breaks the parser fails.
        return [_extract_one(a) for a in batch]
    return [_extract_one(a, docs) for a, docs in zip(batch, parsed, strict=True)]


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_articles(articles: Iterable[Article], *, workers: int = 1, lex: Lexicon | None = None,
                     on_result: Callable[[ArticleResult], None] | None = None) -> list[ArticleResult]:
    """Extract many articles (``workers`` processes, batches of articles per parse), then unify
    entities across them."""
    lex = lex or load_lexicon()
    results: list[ArticleResult] = []
    life = RECYCLE_AFTER * BATCH if RECYCLE_AFTER else None
    rest = iter(articles)
    head = list(itertools.islice(rest, life + 1)) if life else list(rest)
    if workers <= 1 and (life is None or len(head) <= life):
        _init_worker(lex)
        batches: Iterator[list[ArticleResult]] = map(_work, _batches(head, BATCH))
        pool = None
    else:
        ctx = mp.get_context("spawn")
        pool = ctx.Pool(workers, initializer=_init_worker, initargs=(lex,), maxtasksperchild=RECYCLE_AFTER)
        # Short corpora in smaller tasks, so that every worker gets at least two.
        size = BATCH if life and len(head) > life else max(1, min(BATCH, math.ceil(len(head) / (2 * workers))))
        batches = pool.imap(_work, _batches(itertools.chain(head, rest), size))
    try:
        for batch in batches:
            for r in batch:
                results.append(r)
                if on_result:
                    on_result(r)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return unify(results)


def unify(results: list[ArticleResult]) -> list[ArticleResult]:
    """One id per person across articles: names linked by a reading anywhere (金正恩 = キム・ジョンウン)."""
    canonical: dict[str, tuple[str, str]] = {}  # person id → (id, name) of the kanji form
    for r in results:
        for a, b in r.aliases:
            kanji, other = (a, b) if is_kanji_name(a) else (b, a)
            if not is_kanji_name(kanji):
                continue
            canonical[f"Person:{person_key(other)}"] = (f"Person:{person_key(kanji)}", kanji)

    def fix(ref: EntityRef) -> EntityRef:
        target = canonical.get(ref.id)
        return replace(ref, id=target[0], name=target[1]) if target else ref

    for r in results:
        r.facts = [replace(f, subject=fix(f.subject), object=fix(f.object)) for f in r.facts]
        r.facts = _dedupe(r.facts)
        r.entities = [replace(e, id=canonical[e.id][0], name=canonical[e.id][1]) if e.id in canonical else e
                      for e in r.entities]
    _place_from_corpus(results, fix)
    return results


def _place_from_corpus(results: list[ArticleResult], fix: Callable[[EntityRef], EntityRef]) -> None:
    """A title the article gives without saying where (プーチン大統領) takes the affiliation other
    articles of the run state for the same person and title (ロシアのプーチン大統領)."""
    known: dict[tuple[str, str], Fact] = {}
    for r in results:
        for f in r.facts:
            if f.relation == "HOLDS_POSITION" and f.title and f.rule == "position.apposition":
                known.setdefault((f.subject.id, f.title), f)
    for r in results:
        have = {(f.subject.id, f.title) for f in r.facts if f.relation == "HOLDS_POSITION"}
        for person, title, evidence in r.unplaced:
            person = fix(person)
            source = known.get((person.id, title))
            if source is None or (person.id, title) in have:
                continue
            have.add((person.id, title))
            info = next((f.article_info for f in r.facts), source.article_info)
            r.facts.append(Fact(article=r.article, relation="HOLDS_POSITION", subject=person,
                                object=replace(source.object, text="", start=-1, end=-1), evidence=evidence,
                                rule="position.corpus-affiliation", confidence=0.5, title=title,
                                article_info=info))


def extract_corpus(paths: Iterable[str | Path], workers: int = 1,
                   on_problem: Callable[[CorpusReadError], None] | None = None,
                   report: ReadReport | None = None) -> list[Fact]:
    """Read every article under ``paths`` and return their facts (the gazetteers beside them apply)."""
    paths = [Path(p) for p in paths]
    folders = [p if p.is_dir() else p.parent for p in paths]
    lex = load_lexicon(folders)
    articles = read_articles(paths, on_problem=on_problem, report=report)
    results = extract_articles(articles, workers=workers, lex=lex)
    return [f for r in results for f in r.facts]


def entity_spans(texts: Iterable[str], lex: Lexicon | None = None) -> Iterator[list[tuple[int, int, str]]]:
    """For each text, the (start, end, type) of every Person, Organization and Place name kankei finds.

    Person spans cover the name only (プーチン of プーチン大統領); titles standing for a person and
    pronouns are not names and are left out. Used to score mention finding on NER data.
    """
    lex = lex or load_lexicon()
    for docs in parse_chunks(texts):
        spans: list[tuple[int, int, str]] = []
        for doc, offset in docs:
            for sent in sentences(doc):
                sm = find_mentions(doc, sent, lex)
                for m in sm.entities():
                    if m.type == "Person" and m.form in ("title", "pronoun") or m.rule.startswith("place.same"):
                        continue  # 同大統領, 彼女, 同国 refer to a name; they are none
                    end = m.end
                    if m.type == "Person" and m.name != m.text and m.text.startswith(m.name):
                        end = m.start + len(m.name)  # 金正恩氏 → 金正恩
                    spans.append((offset + m.start, offset + end, m.type))
        yield sorted(set(spans))
