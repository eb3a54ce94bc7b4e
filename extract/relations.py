"""Relations read from GiNZA's dependency tree and Japanese trigger words.

Each rule starts from a trigger token (訪問, 到着, 会談, 面会, 率いる …) and collects its arguments from
the mentions whose syntactic head attaches to it, with the particle deciding the role: は/が subject,
を/に/へ destination or counterpart, と partner, の for nominal events (崔善姫外相のモスクワ訪問).
Relative clauses (平壌に到着したプーチン大統領) give the noun they modify as the subject; a trigger
without a subject borrows the one of the predicate it is subordinate to (AはXを訪問し、Yと会談した).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kankei.extract.dates import DateMention
from kankei.extract.mentions import Mention, SentenceMentions
from kankei.extract.nlp import doc_text

__all__ = ["Candidate", "SentenceRelations", "find_relations", "topic_of", "VISIT_TRIGGERS", "MEET_TRIGGERS"]

VISIT_TRIGGERS = frozenset({"訪問", "訪れる", "到着", "入り", "歴訪", "公式訪問", "国賓訪問", "外遊", "来訪",
                            "飛ぶ", "旅行", "移動", "来る", "訪ねる", "滞在", "訪", "渡る", "入る", "視察",
                            "訪問先", "外遊先", "滞在先", "登山", "入山"})
# Verbs of motion that say nothing of a trip unless a place is named (協議に入った, 手に入る); 視察 of a
# place is going to see it (現地パナバ村を視察した), of anything else not (軍事演習を視察); climbing a
# mountain (富士山に登山中の, 富士山に入山した) is a trip to it.
_PLACE_REQUIRED = frozenset({"来る", "入る", "視察", "訪問先", "外遊先", "滞在先", "登山", "入山"})
# 訪問先のワシントンで (one word for "the place visited"): the place after の is where the trip went.
_TRIP_PLACE_WORDS = ("訪問先", "外遊先", "滞在先")
# Visit words that take a person as their object too (ブッシュ大統領を訪問し): then they are a meeting.
VISIT_PERSON_TRIGGERS = frozenset({"訪問", "訪ねる", "表敬訪問", "訪れる"})
_WITH = ("とともに", "と共に", "と一緒に")
MEET_TRIGGERS = frozenset({"会談", "首脳会談", "面会", "会う", "会見", "対面", "抱擁", "握手", "出迎える",
                           "迎える", "出迎え", "会合", "対話", "面談", "接見", "歓談", "協議", "懇談", "会食", "再会"})
DEPART_TRIGGERS = frozenset({"出発", "離れる", "帰国", "離陸", "後に", "向かう"})
ACCOMPANY_TRIGGERS = frozenset({"同行", "随行", "同伴"})
# Taking someone along (ロバーツ氏を伴い, 妻を連れて): the one taken is in the subject's party.
ESCORT_VERBS = frozenset({"伴う", "連れる"})
# Meeting words whose object, when the sentence names none, is the visitor (金正恩総書記が出迎えた).
GREET_TRIGGERS = frozenset({"出迎える", "迎える", "出迎え"})
# Greetings received from someone (Bの出迎えを受けた, 見送りを受け, 歓迎を受けた).
_RECEIVED = frozenset({"出迎え", "見送り", "歓迎", "接見", "表敬"})
# Sitting in on a meeting (会談には…が同席した): the seed gold counts no meeting for those sitting in.
SIT_IN_TRIGGERS = frozenset({"同席", "陪席"})
_TRAVEL_FACILITIES = ("空港", "飛行場", "駅")
DELEGATION_NOUNS = ("代表団", "一行", "特使団", "使節団", "訪問団", "随行団")
_SUBJECT = ("は", "が", "も")
_PARTNER = ("と", "に", "を", "との", "とも", "には", "とは")
_PLANNED = ("予定", "見通し", "見込み", "計画", "方針", "意向", "調整", "検討", "可能性", "準備", "だろう", "でしょう",
            "へ")
_CLAUSE_NOUNS = frozenset({"こと", "の", "際", "時", "とき", "後", "前", "ため", "直後", "直前", "翌日", "中", "間",
                           "上", "場合", "ところ", "うち", "以来", "ほか", "予定", "見込み", "見通し", "方針", "意向"})
_PLANNED_NEAR = ("近く", "近い将来", "来年", "来月", "あす", "明日")


@dataclass
class Candidate:
    """A relation found in a sentence, before entities are resolved to names."""

    relation: str
    subject: Mention
    object: Mention
    trigger: int
    rule: str
    confidence: float
    date: DateMention | None = None
    dates: list[DateMention] = field(default_factory=list)
    modality: str = "actual"
    title: str | None = None


@dataclass
class SentenceRelations:
    candidates: list[Candidate] = field(default_factory=list)
    # Delegations seen: (leader mention, member mentions, trigger token of its visit or -1)
    delegations: list[tuple[Mention, list[Mention], int]] = field(default_factory=list)


def _np_end(m: Mention) -> int:
    end = m.end
    if m.title is not None and m.title.start >= m.start:
        end = max(end, m.title.end)
    return end


_PARTICLES = ("によって", "によると", "とともに", "と共に", "と一緒に", "との", "とは", "とも", "には", "では",
              "への", "での", "から", "まで", "は", "が", "を", "に", "と", "の", "で", "へ", "も", "ら", "や", "、")
# After a name: …さん一家, …夫妻 (still the same people), and the plural ら/など, possibly with the noun
# they make (ら外国首脳が, をはじめとする当局者と): the case particle after them is the name's role.
_NP_TAIL = re.compile(r"(?:一家|夫妻)?(?:(?:ら|など|等|たち|といった)(?:[\u4e00-\u9fff]{1,6}(?=[はがをにとの]))?"
                      r"|をはじめ(?:とする)?[\u3041-\u3096\u4e00-\u9fff]{0,8}?(?=(?:ら|など)?(?:と|に|は|が|を))"
                      r"|の[0-9０-９一二三四五六七八九十両]+人(?=[はがをにと]))?")


# Professions and roles written right after a name like a title, but that hold no post (no HOLDS_POSITION):
# the particle after them is the name's role.
_ROLE = re.compile(r"(?:投手|捕手|内野手|外野手|選手|騎手|棋士|力士|弁護士|医師|作家|俳優|女優|歌手)"
                   r"(?=ら|と|は|が|を|に|の|も|、)")
_BOTH = re.compile(r"両[\u4e00-\u9fff\u30a0-\u30ff]{1,6}?(?=ら|と|は|が|を|に|の|も|、)")


def _name_end(doc: Doc, m: Mention) -> int:
    """Where a mention's noun phrase ends: after its title, honorific and a parenthesis."""
    end = _np_end(m)
    full = doc_text(doc)
    for honorific in ("さん", "氏", "様", "君"):
        if full.startswith(honorific, end):
            end += len(honorific)
            break
    role = _ROLE.match(full, end)  # 浦田弁護士は, 佐々木投手は: a role noun that is no title
    if role is not None:
        end = role.end()
    both = _BOTH.match(full, end)  # メルケル・シュレーダー両氏, プーチン・オバマ両大統領: both of them
    if both is not None:
        end = both.end()
    if full[end:end + 1] in ("(", "（"):
        close = min((i for i in (full.find(")", end), full.find("）", end)) if i != -1), default=-1)
        if close != -1 and close - end < 20:
            end = close + 1
    return end


def _phrase_end(doc: Doc, m: Mention) -> int:
    """Where a mention's noun phrase ends past a plural tail (プーチン大統領ら, …ら外国首脳)."""
    end = _name_end(doc, m)
    tail = _NP_TAIL.match(doc_text(doc), end)
    return max(end, tail.end()) if tail is not None else end


def _particle(doc: Doc, m: Mention) -> str:
    """The particle(s) right after a mention's noun phrase (は, が, を, に, と, との, には …), also past a
    plural (プーチン大統領らと, スラキアート副首相ら外国首脳が, メスフィン外相をはじめとする当局者と)."""
    end = _phrase_end(doc, m)
    text = doc_text(doc)[end:end + 4]
    for p in _PARTICLES:
        if text.startswith(p):
            return p
    return ""


_PLURALS = frozenset({"ら", "など", "等", "たち", "一家", "夫妻", "一行"})
_HONORIFICS = frozenset({"氏", "さん", "様", "君"})
# Between two names of one enumeration (A、B / AとB / A、作家のB / Aと、ローマ教皇B).
# (…松田昌士会長やプロ野球・加藤良三コミッショナー: an affiliation joined by ・ too.)
_LINK = re.compile(r"^(?:、|,|，|・|と、?|や|及び|および|並びに)(?:[^、。はがをにでへ]{1,12}?[の・])?$")


def _lemma(tok: Token) -> str:
    return tok.lemma_ or tok.text


def _is_trigger(tok: Token, words: frozenset[str]) -> bool:
    return _lemma(tok) in words or tok.text in words


LIGHT_VERBS = frozenset({"行う", "する", "開く", "持つ", "実施", "開催", "臨む", "終える", "始める", "開始",
                         # インド訪問を短縮した, 会談を続けた: the event happened, cut short or prolonged.
                         "短縮", "切り上げる", "延長", "続ける", "終了"})


def _anchors(tok: Token) -> list[Token]:
    """The trigger and, for an event noun, the verb carrying its arguments (会談を行う, 会談で…招待し)."""
    anchors = [tok]
    if tok.dep_ == "compound" and tok.head.i != tok.i:
        anchors.append(tok.head)  # ロシア大統領の訪朝|準備
    elif (tok.dep_ in ("obj", "nsubj") and _lemma(tok.head) in LIGHT_VERBS) or (
            tok.dep_ == "obl" and any(c.text == "で" for c in tok.children) and tok.head.i != tok.i):
        anchors.append(tok.head)
    return anchors


def _attached(doc: Doc, m: Mention, tok: Token) -> bool:
    """The mention's head depends on ``tok`` (directly, or through a compound noun of it)."""
    h = doc[m.head]
    if h.i == tok.i:
        return False
    head = h.head
    if (head.text in _PLURALS or head.text in _HONORIFICS) and head.i != tok.i:
        head = head.head  # メドベージェフ大統領|ら|と会談, 李|氏|とも会談: the plural or honorific carries the role
    if head.i == tok.i:
        return True
    # AやB、Cといった幹部に対して, A・B両大統領は: the noun of the plural tail (or of 両…) carries the role.
    if m.end <= head.idx < _phrase_end(doc, m):
        head = head.head
        if head.i == tok.i:
            return True
    # 首脳|会談, 北朝鮮|訪問: compounds that are part of the trigger noun phrase.
    return head.dep_ == "compound" and head.head.i == tok.i


def _modifies_noun(tok: Token) -> bool:
    """The trigger heads a clause modifying a noun (平壌を訪問した|プーチン大統領). GiNZA also says so of a
    predicate in the continuative form before a noun (平壌を訪問し|金正恩総書記と会談した), which goes on to
    the next predicate instead: a Japanese relative clause ends in the attributive form, never in し/て.
    Nor does one reach over a line end (…会談した|\nラブロフ外相が, in text without 。)."""
    if tok.dep_ != "acl" or any(t.is_space for t in tok.doc[min(tok.i, tok.head.i):max(tok.i, tok.head.i)]):
        return False
    last = _last_word(tok)
    return not (last.text in ("て", "で") or any("連用形" in form for form in last.morph.get("Inflection")))


def _last_word(tok: Token) -> Token:
    """The predicate's last word: 訪問|し|て|い|た ends in た."""
    last = tok
    for nxt in tok.doc[tok.i + 1:]:
        if nxt.dep_ not in ("aux", "mark", "fixed") or not tok.is_ancestor(nxt):
            break
        last = nxt
    return last


def _noun_after(tok: Token) -> Token | None:
    """訪朝した|中国の李鴻忠…副委員長: a predicate in the attributive form right before a noun phrase modifies
    it, wherever GiNZA hung it; the head noun of that phrase."""
    last = _last_word(tok)
    if last is tok or not any("連体形" in form for form in last.morph.get("Inflection")) or last.i + 1 >= len(tok.doc):
        return None
    noun = tok.doc[last.i + 1]
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    while noun.dep_ in ("nmod", "compound") and noun.head.i > noun.i:
        noun = noun.head
    return noun


def _is_relative(tok: Token) -> bool:
    """A relative clause (…面会する際), but not one that is the sentence's predicate noun
    (Xは…面会したこともある人物だ), where the topic is the clause's subject too."""
    if not _modifies_noun(tok):
        return False
    noun = tok.head
    if noun.text in _CLAUSE_NOUNS:
        return False  # …面会したこと, …会談した際: a clause, not a description of a noun
    return not (noun.dep_ == "ROOT" and any(c.dep_ == "cop" for c in noun.children))


# Verbs whose object is a trip still to come (訪欧を予定しており, 日本訪問を計画している).
_PLAN_VERBS = frozenset({"予定", "計画", "検討", "準備"})


def _plans(tok: Token) -> bool:
    """An event noun that is the object of a planning verb (訪欧を予定し)."""
    return tok.dep_ == "obj" and tok.head.i != tok.i and _lemma(tok.head) in _PLAN_VERBS


def _part_of_trip(tok: Token) -> bool:
    """バチカン訪問を含む訪欧: a visit that is a stop of a longer trip (含む a trip word), whose traveller
    is that trip's."""
    verb = tok.head
    return (tok.dep_ == "obj" and _lemma(verb) in ("含む", "含める") and verb.dep_ == "acl" and verb.head.i != verb.i
            and verb.head.pos_ == "NOUN" and "サ変" in verb.head.tag_)


def _purpose(tok: Token) -> bool:
    """ウガンダへの公式訪問のため…飛行中, 中国訪問のために…乗っていた: a visit noun that is the purpose of
    the predicate the ため phrase depends on (a trip on the way, not yet made)."""
    full = doc_text(tok.doc)
    return tok.pos_ == "NOUN" and full.startswith("のため", tok.idx + len(tok.text)) and tok.head.text == "ため"


# A predicate told as not happening (目的地に到着せず, 訪問しなかった, 会談できなかった).
_NEGATED = re.compile(r"^(?:せ|し|さ|わ|れ|でき|され)?(?:ず|ない|なかっ|ません)")


def _negated(tok: Token) -> bool:
    return tok.pos_ == "VERB" and bool(_NEGATED.match(doc_text(tok.doc)[tok.idx + len(tok.text):]))


def _light_object(tok: Token) -> bool:
    """党首会談を行い、…決定した: a meeting noun that is the object of a light verb is the event of that
    verb's clause, whose subject GiNZA may hang on a later predicate."""
    return (tok.dep_ == "obj" and tok.pos_ == "NOUN" and _is_trigger(tok, MEET_TRIGGERS)
            and _lemma(tok.head) in LIGHT_VERBS)


def _clause_tokens(tok: Token) -> list[Token]:
    """The trigger and the predicates it is subordinate to, nearest first (for subjects); a trip
    noun planned (訪欧を予定し) or part of a trip (バチカン訪問を含む訪欧) climbs to the plan's verb."""
    chain = [tok]
    cur = tok
    while (cur.dep_ in ("advcl", "conj", "acl", "ccomp", "xcomp", "compound", "obl", "nmod", "fixed")
           or _plans(cur) or _part_of_trip(cur) or _light_object(cur)) and cur.head.i != cur.i and len(chain) < 6:
        cur = cur.head
        chain.append(cur)
    return chain


# A trigger told in the past (会見したことと…計画している, 訪れた) reports what happened, whatever
# plan the rest of the sentence mentions.
_PAST = re.compile(r"^(?:し|を行っ|を開い|っ|い)?た(?:こと|の|が|。|、|と|際|後)"
                   # 観光で訪れており、…帰国する予定だった: a trip under way is made, whatever comes next.
                   r"|^(?:し)?て(?:おり|いる|いた)")


def _modality(doc: Doc, sent: Span, tok: Token) -> str:
    if _PAST.match(doc_text(doc)[tok.idx + len(tok.text):sent.end_char]):
        return "actual"
    # Look from the trigger to the end of its clause (the auxiliaries and what follows).
    after = doc_text(doc)[tok.idx:min(sent.end_char, tok.idx + 40)]
    stop = min((after.find(p) for p in ("。", "が、", "し、") if after.find(p) > 0), default=len(after))
    window = after[:stop + 2]
    if any(w in window for w in _PLANNED if w != "へ") or window.rstrip("」 ").endswith("へ"):
        return "planned"
    before = doc_text(doc)[max(sent.start_char, tok.idx - 25):tok.idx]
    if any(w in before for w in _PLANNED_NEAR) or _nonpast(doc, sent, tok):
        return "planned"
    # Xとは14日の会談で…説明する: an event noun is as planned as the verb it is the setting of.
    if tok.pos_ == "NOUN" and len(_anchors(tok)) > 1 and tok.dep_ == "obl" and _nonpast(doc, sent, tok.head):
        return "planned"
    # …ハノイに移動し、…誇示する予定です: a plan at the end of the sentence covers the predicates chained to it.
    cur = tok
    while cur.dep_ in ("advcl", "conj") and cur.head.i != cur.i:
        cur = cur.head
    if cur.dep_ == "ROOT" and cur is not tok:
        # Only the sentence's own ending (…誇示する予定です), not a noun in it (…意向を示し、…).
        tail = doc_text(doc)[max(cur.idx, sent.end_char - 12):sent.end_char]
        final = sent.end_char - (cur.idx + len(cur.text)) <= 6  # the root really ends the sentence
        if any(w in tail for w in _PLANNED if w != "へ") or final and _nonpast(doc, sent, cur):
            return "planned"
    return "actual"


# A predicate in the non-past that ends its clause (会談するほか, 訪問すると発表, …を訪れる。) tells of
# something still to come; a past (会談した), a progressive (訪問している) or a subordinate form
# (会談する際) does not.
_NONPAST_TAIL = re.compile(r"^(?:を(?:行|おこな)|を開|を持)?(?:う|く|つ|います|きます|ちます|する|します)?"
                           r"(?=ほか|、?と(?![もの共一])|。|」|$|予定|方針|見通し|意向|考え|計画|ことにな)")


def _nonpast(doc: Doc, sent: Span, tok: Token) -> bool:
    full = doc_text(doc)
    end = tok.idx + len(tok.text)
    tail = full[end:sent.end_char]
    m = _NONPAST_TAIL.match(tail)
    if m is None:
        return False
    # Either an auxiliary or verb ending was read (会談|する, 会談|を行う), or the trigger is a verb in
    # its dictionary form (訪れる, 会う).
    return m.end() > 0 or tok.pos_ == "VERB" and tok.text == tok.lemma_ and tok.text[-1] in "うくぐすつぬぶむる"


def _dates_a_noun(tok: Token, d: DateMention) -> bool:
    """東京五輪の2016年開催への誘致: a date glued to another event noun (開催, 設立) dates that noun, not
    the trigger's event (19日会談を行った dates the 会談)."""
    nxt = next((t for t in tok.doc if t.idx == d.end), None)
    return nxt is not None and nxt.i != tok.i and nxt.pos_ == "NOUN" and "サ変" in nxt.tag_


# 会談は / 訪問したのは / 訪れたことは: the event is the topic and the rest of the sentence says when.
_TOPICAL = re.compile(r"^(?:し|する|した|して|れ|れた|った|た)?(?:の|こと)?(?:は|が、)")


def _event_dates(dates: list[DateMention], subject: Mention, tok: Token, persons: list[Mention],
                 sent_start: int = 0) -> list[DateMention]:
    """The dates of an event: those in the subject's own stretch of the sentence (金正日は2001年、2002年、
    2011年に、金正恩は2019年と2023年に…訪れている), else the nearest before the trigger, else the first."""
    usable = [d for d in dates if (d.value or d.anchor == "same") and d.anchor != "range-end"
              and not _dates_a_noun(tok, d)]
    if not usable:
        return []
    # (A subject carried over from the sentence before has no stretch of this one.)
    if subject.type == "Person" and sent_start <= subject.start < tok.idx:
        nxt = min((p.start for p in persons if p.start > subject.end), default=tok.idx)
        own = [d for d in usable if subject.end <= d.start and d.end <= min(nxt, tok.idx)]
        if own:
            return own
    before = [d for d in usable if d.end <= tok.idx]
    if before:
        return before[-1:]
    # A date after the trigger belongs to a later clause, unless the event is the topic
    # (会談は2019年4月以来…, プーチン大統領の今回の訪問は、9月に…).
    rest = doc_text(tok.doc)[tok.idx + len(tok.text):tok.idx + len(tok.text) + 8]
    if _TOPICAL.match(rest):
        return usable[:1]
    # 訪問中のX副長官が27日語った, 訪問している…外相は1日: a trip still under way when the sentence's event
    # happened was under way on its date.
    ongoing = rest.startswith(("している", "していた")) and _modifies_noun(tok)
    if rest.startswith(("中の", "中だった", "中で")) or ongoing:
        return usable[:1]
    # 韓国を訪問し、11月27日に…面会した: a date of the next conjunct dates the chain it closes.
    if tok.dep_ == "advcl":
        for d in usable:
            span = tok.doc.char_span(d.start, d.end, alignment_mode="expand")
            if span is not None and span.root.head.i == tok.head.i:
                return [d]
    return []


class _Reader:
    def __init__(self, doc: Doc, sm: SentenceMentions, place_words: dict[str, str], topic: Mention | None = None):
        self.doc, self.sm, self.sent = doc, sm, sm.sent
        self.topic = topic
        self.place_words = place_words
        self.persons = [p for p in sm.persons]
        self.places = sm.places
        self.out = SentenceRelations()
        self.invited: set[int] = set()  # triggers of visits someone was invited to make
        self.planned: set[int] = set()  # triggers of visits that are a purpose (…訪問のため): still to come
        self.groups = self._enumerations()

    def _enumerations(self) -> dict[int, list[Mention]]:
        """id(person) → the people enumerated with it (A、B、Cらは), who share the last one's role.

        Names are linked by 、/と/や, with an affiliation or description before the next name
        (、作家の立松和平さん). When the list ends in a plural (ら, など) a longer stretch may come
        between two names (…金高哲さん一家、加藤良三駐米日本大使らは), but no case particle."""
        full = doc_text(self.doc)
        people = sorted((p for p in self.persons if p.form != "pronoun"), key=lambda p: p.start)
        runs: list[list[Mention]] = []
        for p in people:
            if runs and self._linked(runs[-1][-1], p, full):
                runs[-1].append(p)
            else:
                runs.append([p])
        groups: dict[int, list[Mention]] = {}
        for run in runs:
            last = run[-1]
            plural = _NP_TAIL.match(full, _name_end(self.doc, last))
            loose = plural is not None and plural.end() > _name_end(self.doc, last)
            # A loose link holds only when the list ends in a plural: split the run where it does not.
            kept = [run[0]]
            for prev, p in zip(run, run[1:], strict=False):
                if self._linked(prev, p, full, loose=False) or loose:
                    kept.append(p)
                else:
                    kept = [p]
            if len(kept) > 1:
                for p in kept:
                    groups[id(p)] = kept
        return groups

    def _linked(self, a: Mention, b: Mention, full: str, loose: bool = True) -> bool:
        end = _name_end(self.doc, a)
        tail = re.match(r"(?:一家|夫妻)", full[end:])
        end += tail.end() if tail else 0
        start = b.start
        if b.title is not None and b.title.end <= b.start and full[b.title.end:b.start] in ("", "の"):
            start = b.title.start  # ローマ教皇ベネディクト16世
        gap = full[end:start]
        # Aとユネスコ親善大使のB: the words before B's title read as its affiliation.
        if _LINK.match(gap) or start != b.start and _LINK.match(full[end:b.start]):
            return True
        return loose and gap[:1] in ("、", "と") and len(gap) <= 40 and not re.search(r"[。はがを]|から|まで", gap[1:])

    def particle(self, m: Mention) -> str:
        """The case role of a mention: its own particle, or that of the enumeration it belongs to."""
        group = self.groups.get(id(m))
        return _particle(self.doc, group[-1] if group else m)

    def with_group(self, found: list[Mention]) -> list[Mention]:
        out = list(found)
        for m in found:
            out += [q for q in self.groups.get(id(m), []) if all(q is not x for x in out)]
        return sorted(out, key=lambda q: q.start)

    def args(self, tok: Token, pool: list[Mention], particles: tuple[str, ...]) -> list[Mention]:
        anchors = _anchors(tok)
        found = [m for m in pool if any(_attached(self.doc, m, a) for a in anchors)
                 and self.particle(m) in particles]
        return self.with_group(found) if pool is self.persons else found

    def relative_head(self, tok: Token, pool: list[Mention]) -> list[Mention]:
        """平壌に到着したロシアのプーチン大統領: the noun a relative clause modifies."""
        if tok.head.text in ("中", "予定") and tok.head.dep_ in ("acl", "nmod") and tok.head.i != tok.i:
            # ラングーンを訪問中だった…全斗煥大統領, 訪米中の日本の安倍晋三首相, 訪問予定だったローマ教皇
            tok = tok.head
        if not _modifies_noun(tok) and not (tok.text == "中" and tok.dep_ == "nmod"):
            noun = _noun_after(tok) if tok.dep_ in ("advcl", "acl") else None
            if noun is None or noun.text in _CLAUSE_NOUNS:
                return []
            return [m for m in pool if tok.i < m.head <= noun.i and (
                m.head == noun.i or noun.is_ancestor(self.doc[m.head]))]
        target = tok.head
        # 訪問中だった大韓民国の全斗煥大統領: the clause may hang on the person's affiliation (Xの).
        heads = {target.i} | ({target.head.i} if target.dep_ == "nmod" and target.head.i != target.i else set())
        if target.text in _HONORIFICS:
            heads |= {c.i for c in target.children if c.i < target.i}  # 同行した宇佐美|さん: the name before it
        found = [m for m in pool if m.head in heads]
        if found:
            return found
        # ロシアを訪問している北朝鮮の崔|善|姫外相: or deeper inside the noun phrase; the first name up it.
        cur = target
        for _ in range(4):
            if cur.dep_ not in ("nmod", "compound") or cur.head.i <= cur.i:
                break
            cur = cur.head
            found = [m for m in pool if m.head == cur.i]
            if found:
                return found
        return []

    def _same_clause(self, m: Mention, tok: Token) -> bool:
        """No predicate stands between the mention and the trigger (アメリカへ6日間の予定で出発した)."""
        between = [t for t in self.sent if m.end <= t.idx < tok.idx]
        return all(t.pos_ not in ("VERB", "AUX", "ADJ") and t.text not in ("、", "。") for t in between)

    def companions(self, tok: Token, subjects: list[Mention]) -> list[Mention]:
        """AがB、Cらとともに訪れる: B and C go with A (attached to the trigger, or between A and it)."""
        if not subjects:
            return []
        found = [m for m in self.persons if self.particle(m) in _WITH and all(m is not x for x in subjects) and (
            any(_attached(self.doc, m, a) for a in _anchors(tok))
            or subjects[-1].end <= m.start and _np_end(m) <= tok.idx)]
        return self.with_group(found)

    def subjects(self, tok: Token, exclude: list[Mention] | None = None) -> list[Mention]:
        # A relative clause describes the noun it modifies (訪朝したロシアの…国防相): that is the subject,
        # even when a が-phrase before it belongs to the outer clause.
        rel = self.relative_head(tok, self.persons)
        if rel:
            return self.with_partners(rel)
        # プーチンを北朝鮮訪問に招待した: the one invited is the one who would visit.
        if tok.head.i != tok.i and _lemma(tok.head) in ("招待", "招く", "招請") and any(
                c.text == "に" for c in tok.children):
            invited = self.args(tok.head, self.persons, ("を",))
            if invited:
                self.invited.add(tok.i)
                return invited
        # A relative clause's subject is inside it, marked が: do not climb out of it (but a clause on the
        # place visited, 訪問していたウクライナで, is the outer subject's trip).
        relative = _is_relative(tok) and not any(p.head == tok.head.i for p in self.places)
        chain = [tok] if relative else _clause_tokens(tok)
        for k, pred in enumerate(chain):
            if pred is not tok and _is_relative(pred):
                if pred.text in ("含む", "含める") and _part_of_trip(chain[k - 1]):
                    continue  # バチカン訪問を含む訪欧: on to the trip's own subject
                if chain[k - 1].text == "ため" and _purpose(chain[max(0, k - 2)]):
                    # 中国訪問のために…首相が乗っていた旅客機: the が-subject of the clause the purpose is of.
                    found = [p for p in self.args(pred, self.persons, ("が",)) if p.start < pred.idx]
                    if found:
                        return self.with_partners(found)
                break
            # Japanese subjects come before their predicate: a later が belongs to a later clause.
            limit = max(a.idx for a in _anchors(pred))
            found = [p for p in self.args(pred, self.persons, ("が", "も") if relative else _SUBJECT)
                     if p.start < limit]
            if found:
                return self.with_partners(found)
            # Aが…訪問し、Bと面会した: the subject of an earlier conjunct carries over, also from further up
            # a chain of them (Aは…を訪問し、会見を行い、Bと握手をした).
            earlier = [c for a in _anchors(pred) for c in a.children]
            seen = 0
            while earlier and seen < 8:
                before = earlier.pop(0)
                if not (before.dep_ == "advcl" and before.i < pred.i and before.i != tok.i):
                    continue
                seen += 1
                found = [p for p in self.args(before, self.persons, _SUBJECT) if p.start < before.idx]
                if found:
                    return self.with_partners(found)
                earlier += [c for a in _anchors(before) for c in a.children]
        # Nominal event: プーチン大統領の北朝鮮訪問 / 崔善姫外相のモスクワ訪問 / AとBの会談
        owners = self.args(tok, self.persons, ("の",))
        if owners:
            return self.with_partners(owners)
        # The topic: the nearest person before the trigger marked は, else が (parses often attach it
        # elsewhere). Inside a relative clause only a が-subject can belong to the trigger.
        trip_of_topic = doc_text(self.doc).startswith(("先の", "中、"), tok.idx + len(tok.text)) or (
            tok.text in _TRIP_PLACE_WORDS)
        if tok.pos_ == "NOUN" and tok.dep_ in ("obl", "nmod", "compound", "obj") and not trip_of_topic:
            # An event noun with no owner (訪朝中に…) says nothing about who; but Xは外遊先のベルリンで,
            # Xはモスクワを訪問中、… are the topic's own trip.
            return []
        exclude = exclude or []
        before = [p for p in self.persons if _np_end(p) <= tok.idx and all(p is not e for e in exclude)]
        markers = ("が",) if relative else ("は", "が")
        for marker in markers:
            topic = [p for p in before if self.particle(p) == marker]
            if topic:
                # …ドイツへ出発した…、夫の高城剛氏も同日ロンドンへ出発: a も-subject after the topic is nearer.
                also = [p for p in before if self.particle(p) == "も" and p.start > topic[-1].start]
                return self.with_partners((also or topic)[-1:])
        # 大島国連大使は…両国を訪問した。7日は…当局者と会談し、8日は…アスマラに入り: a sentence with
        # no subject of its own goes on about the topic of the sentence before.
        if (self.topic is not None and not relative and tok.pos_ == "VERB"
                and not any(self.particle(p) in _SUBJECT for p in self.persons if p.start < tok.idx)
                and not self._own_subject(tok)):
            return [self.topic]
        return []

    def _own_subject(self, tok: Token) -> bool:
        """この援助隊は…出発した: a noun marked は/が before the trigger is the sentence's own subject
        (a time, 7日は, is not)."""
        for t in self.sent:
            if t.i >= tok.i:
                break
            if t.text in ("は", "が") and t.pos_ == "ADP" and t.head.pos_ in ("NOUN", "PROPN", "PRON") and not (
                    "助数詞" in t.head.tag_ or "副詞可能" in t.head.tag_ or t.head.ent_type_ in ("Date", "Time")
                    # 官邸には夕方戻り: a place or time marked には/では/とは is no subject
                    or t.i > 0 and t.doc[t.i - 1].text in ("に", "で", "と", "へ", "から", "まで")):
                return True
        return False

    def with_partners(self, found: list[Mention]) -> list[Mention]:
        """AとBは: A is attached to B with と; both are subjects (and so is everyone enumerated with them)."""
        found = self.with_group(found)
        heads = {m.head for m in found}
        first = min((m.start for m in found), default=0)
        # Only a partner before them (AとBは); Aが…Bと協議する makes B the other side.
        extra = [p for p in self.persons if p not in found and _particle(self.doc, p) == "と"
                 and self.doc[p.head].head.i in heads and p.start < first]
        return found + extra

    def destination(self, tok: Token) -> Mention | None:
        if tok.text in self.place_words or _lemma(tok) in self.place_words:
            return Mention("Place", tok.idx, tok.idx + len(tok.text), tok.text,
                           self.place_words.get(tok.text) or self.place_words[_lemma(tok)], tok.i,
                           rule="place.visit-word")
        full = doc_text(self.doc)
        after = tok.idx + len(tok.text)
        if full.startswith("先の", after) or tok.text in _TRIP_PLACE_WORDS and full.startswith("の", after):
            # 外遊先のベルリン, 亡命先のロンドン, 訪問先のワシントン: the place after 先の is where the trip goes.
            there = [p for p in self.places if p.start == after + (1 if tok.text in _TRIP_PLACE_WORDS else 2)]
            if there:
                return there[0]
        found = self.args(tok, self.places, ("を", "に", "へ", "には", "への", "まで"))
        # X入り / X訪問 written as one noun phrase (平壌入り)
        found = found or [p for p in self.places if p.end == tok.idx]
        # タシュケントを訪問中の…副長官が語った: GiNZA may hang the place on the main verb, but a place
        # marked を/に/へ right before the visit word is its destination.
        found = found or [p for p in self.places if p.end + 1 == tok.idx and full[p.end] in "をにへ"]
        # 訪問していたウクライナで: a visit clause describing the place it went to.
        if not found and _modifies_noun(tok):
            found = [p for p in self.places if p.head == tok.head.i and p.start > tok.idx]
        # 平壌の訪問 / 北京国賓訪問: a place in the event noun's own phrase (not in that of the verb it
        # anchors: 外国訪問で、ロシアの大統領らと会談する names the partner's country).
        found = found or [p for p in self.places if _attached(self.doc, p, tok) and (
            _particle(self.doc, p) in ("の", "") or self.doc[p.head].dep_ == "compound")]
        return found[-1] if found else None

    # -- rules -------------------------------------------------------------------------------
    def departures(self) -> None:
        """平壌を出発する / 平壌の空港から帰国の途についた: who leaves a place had been there; and
        アメリカへ出発した / テヘランに向けて出発し: who sets out for a place goes there."""
        full = doc_text(self.doc)
        for tok in self.sent:
            if not _is_trigger(tok, DEPART_TRIGGERS):
                continue
            towards = [p for p in self.places if p.end <= tok.idx and (
                _particle(self.doc, p) == "へ" and (_attached(self.doc, p, tok) or self._same_clause(p, tok))
                or re.match(r"(?:に|へ)向(?:け|かっ|かい)", full[p.end:p.end + 4])
                and self.doc[p.head].head.head.i == tok.i
                # 南極へ向かう予定, 北京に向かった: heading for a place is going there.
                or _lemma(tok) == "向かう" and _particle(self.doc, p) in ("へ", "に") and _attached(self.doc, p, tok))]
            if towards and _lemma(tok) == "向かう" and self._other_subject(tok):
                continue  # 戦車…が南オセチアに向かった, 東京に向かう車中: something else is heading there
            if towards:
                for v in self.subjects(tok):
                    self.out.candidates.append(Candidate("VISITED", v, towards[-1], tok.i, "visit.departure-to", 0.6))
                continue
            origin = self.args(tok, self.places, ("を", "から"))
            visitors = self.subjects(tok)
            delegation = None if visitors else self._delegation_subject(tok)
            for place in origin[-1:]:
                for v in visitors:
                    self.out.candidates.append(Candidate("VISITED", v, place, tok.i, "visit.departure", 0.6))
                if delegation is not None:
                    self.out.candidates.append(Candidate("VISITED", delegation, place, tok.i, "visit.departure", 0.5))

    def _other_subject(self, tok: Token) -> bool:
        """Something that is no one named is the subject of ``tok``: a noun marked が/は between the
        nearest person before it and it (…大統領が出したとする戦車…150両が南オセチアに向かった), or the
        noun a relative clause on it describes (東京に向かう車中)."""
        if _is_relative(tok) and not self.relative_head(tok, self.persons):
            return True
        before = [p for p in self.persons if _np_end(p) <= tok.idx]
        lo = _name_end(self.doc, before[-1]) if before else self.sent.start_char
        for t in self.sent:
            if lo <= t.idx < tok.idx and t.dep_ == "nsubj" and not any(
                    p.start <= t.idx < _name_end(self.doc, p) + 2 for p in self.persons):
                return True
        return False

    def visits(self) -> None:
        for tok in self.sent:
            if not (_is_trigger(tok, VISIT_TRIGGERS) or tok.text in self.place_words):
                continue
            if _lemma(tok) in _PLACE_REQUIRED and not self.destination(tok):
                continue
            if _negated(tok):
                continue  # 目的地に到着せず: no arrival
            dest = self.destination(tok)
            if dest is None and _is_trigger(tok, VISIT_PERSON_TRIGGERS) and self.args(tok, self.persons, ("を",)):
                continue  # ブッシュ大統領を訪問し: a call on a person, read as a meeting
            visitors = self.subjects(tok)
            delegation = self._delegation_subject(tok)
            rule = "visit.trigger"
            if not visitors and delegation is None:
                continue
            if _purpose(tok) and not _is_trigger(tok.head.head, VISIT_TRIGGERS):
                # …訪問のため飛行中だった: the visit is what the trip is for (visit.purpose), not yet made;
                # but 日本訪問のため到着した is the visit under way.
                rule = "visit.purpose"
                self.planned.add(tok.i)
            with_them = self.companions(tok, visitors)
            for v in visitors + with_them:
                if dest is not None:
                    self.out.candidates.append(Candidate("VISITED", v, dest, tok.i, rule, 0.8))
                else:
                    # Destination given earlier in the article (…代表団を率いて到着した).
                    self.out.candidates.append(Candidate("VISITED", v, v, tok.i, "visit.implicit-place", 0.6))
            for c in with_them:
                for v in visitors[:1]:
                    self.out.candidates.append(Candidate("ACCOMPANIED", c, v, tok.i, "accompany.together", 0.7))
            if delegation is not None and dest is not None:
                self.out.candidates.append(Candidate("VISITED", delegation, dest, tok.i, "visit.delegation", 0.7))

    def _delegation_subject(self, tok: Token) -> Mention | None:
        """代表団が訪朝した: a delegation (not a person) visits; its members are resolved later."""
        text = doc_text(self.doc)
        preds = _clause_tokens(tok)
        preds += [c for p in list(preds) for c in p.children if c.dep_ == "advcl" and c.i < p.i]
        for pred in preds:
            for child in pred.children:
                if child.dep_ not in ("nsubj", "obl", "nmod", "dislocated"):
                    continue
                end = child.idx + len(child.text)
                if not text[max(0, end - 4):end].endswith(DELEGATION_NOUNS):
                    continue
                after = text[end:end + 3].lstrip("」』")
                if after[:1] in _SUBJECT:
                    side = next((p.name for p in self.places if child.idx - 12 <= p.start < end), "")
                    return Mention("Delegation", child.idx, end, child.text, side, child.i, rule="delegation")
        return None

    def _received(self, tok: Token) -> bool:
        """Aは…Bの出迎え(見送り、歓迎)を受けた: A was greeted by B, a meeting of the two (meet.received)."""
        if not (tok.dep_ == "obj" and _lemma(tok.head) == "受ける" and tok.text in _RECEIVED):
            return False
        hosts = [p for p in self.persons if self.particle(p) == "の" and _attached(self.doc, p, tok)]
        guests = [g for g in self.subjects(tok.head) if all(g is not h for h in hosts)]
        for g in guests:
            for h in hosts:
                self.out.candidates.append(Candidate("MET", g, h, tok.i, "meet.received", 0.7))
        return True

    def _joined(self, tok: Token, met: list[Mention]) -> bool:
        """Aと面会し、B官房長官も席に加わった: who joins a meeting told before in the sentence meets each
        of its participants (meet.joined); sitting in (同席) is not joining (see SIT_IN_TRIGGERS)."""
        if _lemma(tok) != "加わる":
            return False
        place = [c for c in tok.children if c.dep_ == "obl" and (c.text == "席" or _is_trigger(c, MEET_TRIGGERS))
                 and any(g.text == "に" for g in c.children)]
        if not place or not met:
            return True
        for j in self.args(tok, self.persons, _SUBJECT):
            for m in met:
                if m is not j:
                    self.out.candidates.append(Candidate("MET", j, m, tok.i, "meet.joined", 0.6))
        return True

    def _topic_of_talks(self, tok: Token, others: list[Mention]) -> list[Mention]:
        """小沢氏は2日夜、…福田康夫首相との党首会談で…約束をした: talks with a partner (Bとの) and no
        subject of their own are the talks of the person the sentence is about, marked は before the
        partner with no other person between them."""
        partners = [p for p in others if _particle(self.doc, p) == "との"]
        if not partners:
            return []
        first = min(p.start for p in partners)
        before = [p for p in self.persons if _name_end(self.doc, p) <= first and all(p is not o for o in others)]
        if not before or self.particle(before[-1]) != "は":
            return []
        return [before[-1]]

    def meetings(self) -> None:
        met: list[Mention] = []  # the participants of the meetings told so far in the sentence
        for tok in self.sent:
            if self._received(tok) or self._joined(tok, met):
                continue
            calls = _is_trigger(tok, VISIT_PERSON_TRIGGERS)
            if not (_is_trigger(tok, MEET_TRIGGERS) or calls) or _negated(tok):
                continue  # 会談しなかった, 会わずに: no meeting
            if tok.pos_ == "NOUN" and _is_trigger(tok.head, SIT_IN_TRIGGERS):
                continue  # 会談には…が同席した: the meeting sat in on, not a new one among those sitting in
            # ブッシュ大統領を訪問し: visiting a person is meeting them.
            # 外相会談で、AはBへ申し入れた: in the talks (the setting of what A did), the one A addressed
            # with へ is the other side.
            partner = _PARTNER + ("へ",) if tok.pos_ == "NOUN" and tok.dep_ == "obl" else _PARTNER
            others = self.args(tok, self.persons, ("を",) if calls else partner)
            if calls and not others:
                continue
            # Yとの会談: the partner modifies the event noun.
            others += [p for p in self.persons if _particle(self.doc, p) == "との"
                       and self.doc[p.head].head.i == tok.i and p not in others]
            subj = self.subjects(tok, exclude=others)
            subj += [c for c in self.companions(tok, subj) if all(c is not o for o in others)]
            if not subj and tok.pos_ == "NOUN":
                subj = self._topic_of_talks(tok, others)
            if not subj and others and tok.pos_ == "NOUN" and tok.dep_ == "obl":
                # 会談では…安倍総理から、…幹部に対して示された: in the talks, who spoke (から) to the other side.
                subj = [p for p in self.args(tok, self.persons, ("から",)) if all(p is not o for o in others)]
            if not subj:
                delegation = self._delegation_subject(tok)
                if delegation is not None:
                    subj = [delegation]
            if subj and not others and tok.pos_ == "VERB":
                # AはBを抱擁した, where the parse hung B elsewhere: the nearest を/に/と person before the verb.
                between = [p for p in self.persons if subj[-1].end <= p.start and _np_end(p) <= tok.idx
                           and _particle(self.doc, p) in ("を", "に", "と", "とも")]
                others = between[-1:]
            others = [p for p in others if all(p is not q for q in subj)]
            following = doc_text(self.doc)[tok.idx:tok.idx + 6]
            rule = "meet.passive" if "られ" in following or "れた" in following[:4] else "meet.trigger"
            # AとBが会談した: they met each other; A、Bらが Cと面会した: each of them met C, not each other.
            pairs = [(a, b) for a in subj for b in others] if others else [
                (a, b) for i, a in enumerate(subj) for b in subj[i + 1:]]
            for a, b in pairs:
                self.out.candidates.append(Candidate("MET", a, b, tok.i, rule, 0.8 if len(pairs) == 1 else 0.6))
                met += [m for m in (a, b) if all(m is not x for x in met)]
            if pairs and rule == "meet.trigger":
                # 崔善姫外相はモスクワでラブロフ外相と会談した: talks at a place; whoever is from another
                # country went there (the article decides, from their affiliations).
                for place in self.args(tok, self.places, ("で",))[-1:]:
                    for who in {id(m): m for pair in pairs for m in pair}.values():
                        if who.type == "Person":
                            self.out.candidates.append(Candidate("VISITED", who, place, tok.i, "visit.met-in", 0.5))
            if subj and not _is_trigger(tok, GREET_TRIGGERS) and rule == "meet.trigger":
                # …国際空港で乗客の家族と面会した: who meets someone at an airport or a station went there (not
                # the host who greets a guest there; a meeting in a ministry's building is no trip).
                for place in self.args(tok, self.places, ("で",))[-1:]:
                    if place.kind == "facility" and place.text.endswith(_TRAVEL_FACILITIES):
                        for a in subj:
                            if a.type == "Person":
                                self.out.candidates.append(Candidate("VISITED", a, place, tok.i, "visit.met-at", 0.5))
            if (not pairs and len(subj) == 1 and _is_trigger(tok, GREET_TRIGGERS)
                    and not any(c.dep_ == "obj" for c in tok.children)):
                # 空港では金正恩総書記が出迎えた: one greets the guest the article is about (object = subject
                # stands for "the last visitor", resolved by the article reader); 記念日を迎え greets no one.
                self.out.candidates.append(Candidate("MET", subj[0], subj[0], tok.i, "meet.greets-visitor", 0.6))

    def delegations(self) -> None:
        text = doc_text(self.doc)
        for tok in self.sent:
            lemma = _lemma(tok)
            if lemma == "率いる" or tok.text.startswith("率い"):
                leader = self._leader_of(tok)
                if leader is None:
                    continue
                members = self._enumeration_before("含む")
                self.out.delegations.append((leader, members, _visit_head(tok)))
                for m in members:
                    self.out.candidates.append(Candidate("ACCOMPANIED", m, leader, tok.i, "accompany.led-delegation",
                                                         0.85))
            elif lemma in ESCORT_VERBS and self.args(tok, self.persons, ("を",)):
                # AはBを伴い(連れて)、…に臨んだ: B goes along with A, as a member of A's party.
                leader = self._leader_of_escort(tok)
                members = [p for p in self.args(tok, self.persons, ("を",)) if leader is None or p is not leader]
                if leader is None or not members:
                    continue
                self.out.delegations.append((leader, members, _visit_head(tok)))
                for m in members:
                    self.out.candidates.append(Candidate("ACCOMPANIED", m, leader, tok.i, "accompany.escort", 0.75))
            elif tok.text == "団長" and text[tok.idx - 1:tok.idx] == "を":
                leader = next((p for p in self.persons if _np_end(p) == tok.idx - 1), None)
                if leader is not None:
                    self.out.delegations.append((leader, [], _visit_head(tok)))
            elif lemma in ("含む", "含める") and text[tok.idx:tok.idx + 3].startswith("含まれ"):
                # 代表団にXが含まれていた: members of a delegation named before.
                where = max((text.rfind(n + "に", self.sent.start_char, tok.idx) for n in DELEGATION_NOUNS),
                            default=-1)
                if where == -1:
                    continue
                members = [p for p in self.persons if where < p.start and _np_end(p) <= tok.idx
                           and _particle(self.doc, p) in ("が", "も")]
                if members:
                    self.out.delegations.append((None, members, -1))  # type: ignore[arg-type]
            elif _is_trigger(tok, ACCOMPANY_TRIGGERS):
                subj = self.subjects(tok)
                leaders = self.args(tok, self.persons, ("に", "と"))
                for s in subj:
                    for lead in leaders:
                        self.out.candidates.append(Candidate("ACCOMPANIED", s, lead, tok.i, "accompany.trigger", 0.8))
                    if not leaders:
                        self.out.delegations.append((None, [s], -1))  # type: ignore[arg-type]

    def _leader_of(self, tok: Token) -> Mention | None:
        # X率いる / Xが率いる / Xは…を率いて
        before = [p for p in self.persons if _np_end(p) in (tok.idx, tok.idx - 1)]
        if before:
            return before[-1]
        subj = self.subjects(tok)
        return subj[0] if subj else None

    def _leader_of_escort(self, tok: Token) -> Mention | None:
        """The one who takes someone along: the subject of 伴う or of the predicate it leads to."""
        subj = self.subjects(tok)
        return subj[0] if subj else None

    def _enumeration_before(self, verb: str) -> list[Mention]:
        text = doc_text(self.doc)
        pos = text.find("を" + verb, self.sent.start_char, self.sent.end_char)
        if pos == -1:
            pos = text.find("を" + verb[:-1], self.sent.start_char, self.sent.end_char)
        if pos == -1:
            return []
        members = []
        for p in reversed([p for p in self.persons if _np_end(p) <= pos]):
            end = _np_end(p)
            gap = text[end:pos] if not members else text[end:members[-1].start]
            if gap not in ("", "、", "と", "や", "，", ",") and end != pos:
                break
            members.append(p)
            pos = p.start
        return list(reversed(members))


_SERVE_VERBS = frozenset({"務める", "歴任", "勤める"})
_SERVED_AS = re.compile(r"^(?:など)?(?:を|も)$")


def _serves_as(reader: _Reader) -> None:
    """Aは…コロンビア特別州連邦高等裁判所判事を務めている / 同氏は…郵政改革担当相なども務めた: a title held
    as the object of 務める is the subject's, with the body or place written right before it (without
    one the article decides: a Japanese official's country, or the country the article is about)."""
    text = doc_text(reader.doc)
    titled = {id(p.title) for p in reader.persons if p.title is not None}
    for tok in reader.sent:
        if not _is_trigger(tok, _SERVE_VERBS):
            continue
        held = [t for t in reader.sm.titles if id(t) not in titled and t.end < tok.idx
                and _SERVED_AS.match(text[t.end:tok.idx])]
        if not held:
            continue
        t = held[-1]
        # 日本銀行副総裁を務めた藤原作弥氏: a clause on the name after it says who held the title.
        last = _last_word(tok)
        after = last.idx + len(last.text)
        described = [p for p in reader.persons if p.start == after and p.form != "pronoun"]
        nxt = reader.doc[last.i + 1] if last.i + 1 < reader.sent.end else None
        if (not described and any("連体形" in f for f in last.morph.get("Inflection")) and nxt is not None
                and nxt.pos_ in ("NOUN", "PROPN") and nxt.text not in _CLAUSE_NOUNS):
            continue  # a clause on a noun that is no one named (…を務めるつもり, …を務めた経験); not …務めたほか
        holders = described or [p for p in reader.subjects(tok) if p.type == "Person"]
        bodies = reader.places + reader.sm.orgs
        body = next((b for b in bodies if b.end == t.start or b.end == t.start - 1 and text[b.end] == "の"), None)
        for p in holders[:1]:
            reader.out.candidates.append(Candidate("HOLDS_POSITION", p, body or p, tok.i, "position.serves-as", 0.6,
                                                   title=t.text))


def _visit_head(tok: Token) -> int:
    """The visit trigger a delegation belongs to (…代表団を率いて到着した → 到着)."""
    cur = tok
    for _ in range(4):
        if _is_trigger(cur, VISIT_TRIGGERS):
            return cur.i
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return cur.i if _is_trigger(cur, VISIT_TRIGGERS) else -1


def topic_of(doc: Doc, sm: SentenceMentions) -> Mention | None:
    """The person a sentence is about: its first person marked は (彼は, 大島国連大使は)."""
    return next((p for p in sm.persons if _particle(doc, p) == "は"), None)


def find_relations(doc: Doc, sm: SentenceMentions, place_words: dict[str, str],
                   topic: Mention | None = None) -> SentenceRelations:
    """All relation candidates of one sentence, with their date and modality; ``topic`` is the person
    the sentence before was about, the subject of a sentence that names none."""
    reader = _Reader(doc, sm, place_words, topic)
    reader.visits()
    reader.departures()
    reader.meetings()
    reader.delegations()
    _serves_as(reader)
    for c in reader.out.candidates:
        tok = doc[c.trigger]
        c.modality = "planned" if c.trigger in reader.invited | reader.planned else _modality(doc, sm.sent, tok)
        if c.rule == "visit.departure":
            c.modality = "actual"  # アメリカ合衆国を離れる予定: who is to leave a place is there now
        # The members of an enumeration share the dates after its last name (A、B、Cらは28日…).
        group = reader.groups.get(id(c.subject))
        c.dates = _event_dates(sm.dates, group[-1] if group else c.subject, tok, sm.persons, sm.sent.start_char)
        c.date = c.dates[0] if c.dates else None
    return reader.out
