"""Synthetic facts at scale: realistic kankei facts JSONL for the load and query benchmarks.

The shape is measured, not invented: the relation mix (and the object types per relation), the name lengths
per entity type, the sentence lengths, facts per sentence, date precisions, modality, rules with their
confidences, titles, place kinds and ``part_of`` shares all come from a *profile* file — by default
``tests/data/facts_seed.jsonl`` (the seed corpus's facts); ``--profile`` takes any facts file, e.g. the output
of ``kankei extract corpus/``.

What is synthetic is who appears where. Entities are drawn with a Zipf-like skew (a few people are in very
many articles, as in real news) and every entity appears at least once. Each article has a small cast: its
main person visits its main place, others accompany or meet them, and people hold stable positions (one
title and country per person, mostly), so events, delegations and hosts form as they do in real output.

The default size is the issue's: 1,000,000 facts over 100,000 people, 10,000 places (200 of them countries),
5,000 organisations and 200,000 articles; ``--facts N`` scales all of them proportionally. Output is
deterministic for a given ``--seed`` and profile, valid against ``docs/facts.schema.json`` and readable by
``kankei.facts_io.read_facts``.

Usage (from the repository root):
    python bench/synth.py --out bench/data/facts-1m.jsonl             # the full size (about 1 GB, ~1 min)
    python bench/synth.py --facts 10000 --out bench/data/facts-10k.jsonl
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from kankei.normalize import entity_key

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PROFILE = ROOT / "tests" / "data" / "facts_seed.jsonl"

FULL = {"facts": 1_000_000, "people": 100_000, "places": 10_000, "organizations": 5_000, "articles": 200_000}
COUNTRY_SHARE = 0.02  # 200 of the 10,000 places are countries: about as many as there are
ZIPF_OFFSET = 10  # weight 1/(rank + offset): the most frequent person is in about 1% of the mentions
POSITION_STABLE = 0.9  # how often a person's position is the one they always hold

# Characters the names are built from: katakana for transliterated names, kanji for East Asian names
# and place names (no ・, ー or ヴ inside a part: entity_key drops or folds them, which would merge names).
KATAKANA = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
    "ガギグゲゴザジズゼゾダデドバビブベボパピプペポ"
)
KANJI = (
    "金李朴崔鄭姜趙尹張林韓呉申徐権黄安宋柳洪全高文孫梁裴白許南沈盧河郭成車朱禹具羅"
    "田中山川本村井上野原北東西平京州城海島江陽"
)
ORG_ENDINGS = ("省", "委員会", "通信", "新聞", "研究所", "センター", "党", "軍", "院", "府", "協会", "大学")
FILLER = "政府は声明でこれを明らかにしたと伝えられ関係者によると両国の協力が議論されたという見通しである"


@dataclass
class Profile:
    """Empirical distributions measured from a facts file (each a list to sample uniformly from)."""

    relations: list[str]
    object_types: dict[str, list[str]]
    name_lengths: dict[str, list[int]]
    western_share: float
    short_mention_share: float
    inferred_share: float
    sentence_lengths: list[int]
    facts_per_sentence: list[int]
    precisions: dict[str, list[str | None]]
    planned_share: dict[str, float]
    rules: dict[str, list[tuple[str, float]]]
    titles: list[str]
    country_share: float
    place_kinds: list[str | None]
    org_part_of_share: float
    article_title_lengths: list[int]
    source: str = ""

    def summary(self) -> dict[str, Any]:
        """The measured figures, for the results JSON."""
        relations = Counter(self.relations)
        return {
            "from": self.source,
            "relation_mix": {r: round(n / len(self.relations), 4) for r, n in sorted(relations.items())},
            "mean_name_length": {
                t: round(sum(v) / len(v), 2) for t, v in sorted(self.name_lengths.items()) if v
            },
            "mean_sentence_length": round(sum(self.sentence_lengths) / len(self.sentence_lengths), 1),
        }


def measure(path: Path) -> Profile:
    """Read ``path`` (facts JSONL) and measure the distributions the generator samples from."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        raise click.UsageError(f"{path}: no facts to measure a profile from")
    names: dict[str, set[str]] = defaultdict(set)
    refs = [r[side] for r in rows for side in ("subject", "object")]
    for ref in refs:
        # Transliterated (A・B) and East Asian person names differ in length: measure them apart.
        style = ":western" if ref["type"] == "Person" and "・" in ref["name"] else ""
        names[ref["type"] + style].add(ref["name"])
    persons = names["Person"] | names["Person:western"]
    sentences = Counter((r["article"], r["evidence"]["start"]) for r in rows)
    places = [ref for ref in refs if ref["type"] == "Place"]
    orgs = [ref for ref in refs if ref["type"] == "Organization"]
    by_relation: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_relation[row["relation"]].append(row)
    return Profile(
        relations=[r["relation"] for r in rows],
        object_types={rel: [r["object"]["type"] for r in rs] for rel, rs in by_relation.items()},
        name_lengths={t: sorted(len(n) for n in ns) for t, ns in names.items()},
        western_share=sum("・" in n for n in persons) / max(1, len(persons)),
        short_mention_share=sum(0 < len(ref["text"]) < len(ref["name"]) for ref in refs) / len(refs),
        inferred_share=sum(ref["start"] < 0 for ref in refs) / len(refs),
        sentence_lengths=sorted(len(r["evidence"]["sentence"]) for r in rows),
        facts_per_sentence=sorted(sentences.values()),
        precisions={rel: [r["date_precision"] for r in rs] for rel, rs in by_relation.items()},
        planned_share={rel: sum(r["modality"] == "planned" for r in rs) / len(rs) for rel, rs in by_relation.items()},
        rules={rel: [(r["rule"], float(r["confidence"])) for r in rs] for rel, rs in by_relation.items()},
        titles=[r["title"] for r in rows if r["relation"] == "HOLDS_POSITION" and r["title"]] or ["大統領"],
        country_share=sum(p["kind"] == "country" for p in places) / max(1, len(places)),
        place_kinds=[p["kind"] for p in places if p["kind"] != "country"] or ["city"],
        org_part_of_share=sum(o["part_of"] is not None for o in orgs) / max(1, len(orgs)),
        article_title_lengths=sorted(
            len(r["article_info"]["title"] or "") for r in rows if (r.get("article_info") or {}).get("title")
        )
        or [30],
        source=str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path),
    )


@dataclass(frozen=True)
class Sizes:
    facts: int
    people: int
    places: int
    organizations: int
    articles: int

    @classmethod
    def scaled(cls, facts: int) -> Sizes:
        """The issue's proportions at ``facts`` facts (at least what one article with one fact needs)."""
        ratio = facts / FULL["facts"]
        return cls(
            facts=facts,
            people=max(4, round(FULL["people"] * ratio)),
            places=max(3, round(FULL["places"] * ratio)),
            organizations=max(1, round(FULL["organizations"] * ratio)),
            articles=max(1, min(facts, round(FULL["articles"] * ratio))),
        )


@dataclass
class Entity:
    id: str
    name: str
    type: str
    short: str  # the short form articles may use (a Western person's family name)
    kind: str | None = None
    part_of: str | None = None
    title: str | None = None  # a person's usual position ...
    affiliation: Entity | None = None  # ... and where


class Skewed:
    """Draw from a list with weight 1/(rank + ZIPF_OFFSET); ``cover()`` walks a shuffled copy so that every
    item is used at least once over a run."""

    def __init__(self, items: Sequence[Entity], rng: random.Random):
        self.items = list(items)
        self._cum = list(itertools.accumulate(1 / (rank + ZIPF_OFFSET) for rank in range(len(self.items))))
        self._order = list(range(len(self.items)))
        rng.shuffle(self._order)
        self._next = 0
        self.rng = rng

    def draw(self) -> Entity:
        x = self.rng.random() * self._cum[-1]
        return self.items[min(bisect.bisect_left(self._cum, x), len(self.items) - 1)]

    def cover(self) -> Entity:
        item = self.items[self._order[self._next % len(self._order)]]
        self._next += 1
        return item


class NameMaker:
    """Unique names of a given length; uniqueness is checked on entity_key, the key kankei merges on."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen: set[str] = set()

    def _chars(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(max(1, n)))

    def make(self, kind: str, length: int, western: bool = False) -> tuple[str, str]:
        """(name, short form) of about ``length`` characters, new by entity_key."""
        for attempt in itertools.count():
            n = length + attempt // 20  # a crowded length: grow until names are free
            if kind == "Person" and western and n >= 5:
                given = max(2, (n - 1) // 2)
                name_parts = (self._chars(KATAKANA, given), self._chars(KATAKANA, n - 1 - given))
                name, short = "・".join(name_parts), name_parts[1]
            elif kind == "Organization":
                ending = self.rng.choice(ORG_ENDINGS)
                name = self._chars(KANJI + KATAKANA, n - len(ending)) + ending
                short = name
            else:
                alphabet = KANJI if kind == "Person" or self.rng.random() < 0.5 else KATAKANA
                name = short = self._chars(alphabet, n)
            key = entity_key(name)
            if key and key not in self.seen:
                self.seen.add(key)
                return name, short
        raise AssertionError("unreachable")


@dataclass
class World:
    """The entities every article draws from."""

    people: Skewed
    countries: Skewed
    places: Skewed
    organizations: Skewed
    titles: list[str] = field(default_factory=list)


def _id(kind: str, name: str) -> str:
    return f"{kind}:{entity_key(name)}"


def build_world(sizes: Sizes, profile: Profile, rng: random.Random) -> World:
    names = NameMaker(rng)
    n_countries = max(1, min(sizes.places - 1, round(sizes.places * COUNTRY_SHARE)))
    countries = []
    for _ in range(n_countries):
        name, short = names.make("Place", rng.choice(profile.name_lengths.get("Place", [3])))
        countries.append(Entity(_id("Place", name), name, "Place", short, kind="country"))
    country_pick = Skewed(countries, rng)
    places = []
    for _ in range(sizes.places - n_countries):
        name, short = names.make("Place", rng.choice(profile.name_lengths.get("Place", [3])))
        parent = country_pick.draw()
        places.append(
            Entity(_id("Place", name), name, "Place", short, kind=rng.choice(profile.place_kinds), part_of=parent.name)
        )
    organizations = []
    for _ in range(sizes.organizations):
        name, short = names.make("Organization", rng.choice(profile.name_lengths.get("Organization", [10])))
        part_of = country_pick.draw().name if rng.random() < profile.org_part_of_share else None
        organizations.append(Entity(_id("Organization", name), name, "Organization", short, part_of=part_of))
    org_pick = Skewed(organizations, rng)
    people = []
    for _ in range(sizes.people):
        western = rng.random() < profile.western_share
        lengths = profile.name_lengths.get("Person:western" if western else "Person") or [6]
        name, short = names.make("Person", rng.choice(lengths), western)
        holds_position = rng.choice(profile.object_types.get("HOLDS_POSITION", ["Place"]))
        affiliation = org_pick.draw() if holds_position == "Organization" else country_pick.draw()
        title = rng.choice(profile.titles)
        people.append(Entity(_id("Person", name), name, "Person", short, title=title, affiliation=affiliation))
    return World(Skewed(people, rng), country_pick, Skewed(places + countries, rng), org_pick, profile.titles)


class ArticleWriter:
    """One article's facts: a cast, sentences with real offsets, dates relative to the publication date."""

    def __init__(self, number: int, world: World, profile: Profile, rng: random.Random):
        self.rng, self.world, self.profile = rng, world, profile
        self.id = f"synth_{number:07d}"
        self.published = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(25 * 365))
        self.cursor = rng.randrange(20, 200)  # the headline and lead come before the first sentence
        self.main = world.people.cover()
        self.cast = [self.main]
        self.place = world.places.cover()
        title_length = rng.choice(profile.article_title_lengths)
        title = (self.main.short + "、" + self.place.name + FILLER)[:title_length]
        self.info = {"title": title, "source": f"通信社{rng.randrange(40):02d}", "url": None,
                     "published": self.published.isoformat()}

    def _person(self, *, other_than: Entity | None = None) -> Entity:
        """A cast member; now and then someone new joins the cast."""
        others = [p for p in self.cast if p is not other_than]
        if others and self.rng.random() >= 0.4:
            return self.rng.choice(others)
        person = self.world.people.draw()
        while person is other_than:  # at least four people exist, so this ends at once
            person = self.world.people.draw()
        if person not in self.cast:
            self.cast.append(person)
        return person

    def _date(self, relation: str) -> tuple[str | None, str | None, str | None, str]:
        planned = self.rng.random() < self.profile.planned_share.get(relation, 0.0)
        precision = self.rng.choice(self.profile.precisions.get(relation, [None]))
        if precision is None:
            return None, None, None, "planned" if planned else "actual"
        shift = self.rng.randrange(1, 60) if planned else -self.rng.randrange(0, 4)
        day = self.published + dt.timedelta(days=shift)
        if precision == "day":
            return day.isoformat(), "day", f"{day.day}日", "planned" if planned else "actual"
        if precision == "month":
            return day.isoformat()[:7], "month", f"{day.month}月", "planned" if planned else "actual"
        return str(day.year), "year", f"{day.year}年", "planned" if planned else "actual"

    def _pair(self, relation: str) -> tuple[Entity, Entity, str | None]:
        if relation == "VISITED":
            visitor = self.main if self.rng.random() < 0.6 else self._person()
            place = self.place if self.rng.random() < 0.7 else self.world.places.draw()
            return visitor, place, None
        if relation == "MET":
            first = self.main if self.rng.random() < 0.6 else self._person()
            return first, self._person(other_than=first), None
        if relation == "ACCOMPANIED":
            return self._person(other_than=self.main), self.main, None
        person = self._person()
        if self.rng.random() < POSITION_STABLE and person.affiliation is not None:
            return person, person.affiliation, person.title
        wants = self.rng.choice(self.profile.object_types.get("HOLDS_POSITION", ["Place"]))
        where = self.world.organizations.cover() if wants == "Organization" else self.world.countries.draw()
        return person, where, self.rng.choice(self.world.titles)

    def _ref(self, entity: Entity, at: int, offset: int) -> dict[str, Any]:
        text = entity.short if self.rng.random() < self.profile.short_mention_share else entity.name
        start = offset + at + entity.name.index(text)  # a short form is the family name, at the end
        if self.rng.random() < self.profile.inferred_share:
            text, start = "", -1
        return {"id": entity.id, "name": entity.name, "type": entity.type, "text": text, "start": start,
                "end": start + len(text) if start >= 0 else -1, "kind": entity.kind, "part_of": entity.part_of}

    def facts(self, count: int) -> Iterator[dict[str, Any]]:
        made = 0
        while made < count:
            in_sentence = min(count - made, self.rng.choice(self.profile.facts_per_sentence))
            triples: dict[tuple[str, str, str], tuple[str, Entity, Entity, str | None]] = {}
            while len(triples) < in_sentence:
                relation = self.rng.choice(self.profile.relations)
                # A fact is unique per sentence: draw the pair again (same relation, so the mix holds).
                for _ in range(20):
                    subject, obj, title = self._pair(relation)
                    if subject is not obj and (relation, subject.id, obj.id) not in triples:
                        triples[(relation, subject.id, obj.id)] = (relation, subject, obj, title)
                        break
            # The sentence names its entities first, then filler up to a measured length.
            mentioned: list[Entity] = []
            for _, subject, obj, _ in triples.values():
                mentioned += [e for e in (subject, obj) if e not in mentioned]
            head = "、".join(e.name for e in mentioned)
            at = {e.id: head.index(e.name) for e in mentioned}
            length = max(len(head) + 2, self.rng.choice(self.profile.sentence_lengths))
            start_filler = self.rng.randrange(len(FILLER))
            filler = (FILLER[start_filler:] + FILLER) * (1 + length // len(FILLER))
            sentence = (head + "は" + filler)[: length - 1] + "。"
            start = self.cursor
            self.cursor += len(sentence) + self.rng.randrange(0, 40)
            for relation, subject, obj, title in triples.values():
                date, precision, date_text, modality = self._date(relation)
                rule, confidence = self.rng.choice(self.profile.rules[relation])
                made += 1
                yield {
                    "article": self.id,
                    "relation": relation,
                    "subject": self._ref(subject, at[subject.id], start),
                    "object": self._ref(obj, at[obj.id], start),
                    "evidence": {"sentence": sentence, "start": start, "end": start + len(sentence)},
                    "rule": rule,
                    "confidence": confidence,
                    "modality": modality,
                    "date": date,
                    "date_precision": precision,
                    "date_text": date_text,
                    "title": title if relation == "HOLDS_POSITION" else None,
                    "article_info": self.info,
                }


def generate(sizes: Sizes, profile: Profile, seed: int) -> Iterator[dict[str, Any]]:
    """Yield ``sizes.facts`` fact dicts (the JSONL interchange), article by article."""
    rng = random.Random(seed)
    world = build_world(sizes, profile, rng)
    # One fact per article, the rest spread uniformly: about 5 per article, a few with 15 or more.
    per_article = [1] * sizes.articles
    for _ in range(sizes.facts - sizes.articles):
        per_article[rng.randrange(sizes.articles)] += 1
    for number, count in enumerate(per_article):
        yield from ArticleWriter(number, world, profile, rng).facts(count)


def write(path: Path, sizes: Sizes, profile: Profile, seed: int) -> int:
    """Write the facts to ``path`` (through a temporary file, so a killed run leaves no half file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8") as out:
        for fact in generate(sizes, profile, seed):
            out.write(json.dumps(fact, ensure_ascii=False, separators=(",", ":")) + "\n")
            n += 1
    tmp.replace(path)
    return n


def ensure(path: Path, facts: int, seed: int = 1, profile: Path = DEFAULT_PROFILE) -> Path:
    """``path`` holding ``facts`` synthetic facts, generated unless a complete one is already there."""
    meta = path.with_name(path.name + ".meta.json")
    wanted = {"facts": facts, "seed": seed, "profile": str(profile), "generator": _fingerprint()}
    if path.exists() and meta.exists() and json.loads(meta.read_text()) == wanted:
        return path
    write(path, Sizes.scaled(facts), measure(profile), seed)
    meta.write_text(json.dumps(wanted) + "\n")
    return path


def _fingerprint() -> int:
    """Changes whenever this file does, so a cached facts file from an older generator is regenerated."""
    import zlib

    return zlib.crc32(Path(__file__).read_bytes())


@click.command(help=__doc__.split("\n\n")[0])
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Facts JSONL to write.")
@click.option("--facts", type=click.IntRange(min=1), default=FULL["facts"], show_default=True,
              help="Number of facts; people, places, organisations and articles scale with it.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed: same seed, same file.")
@click.option("--profile", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_PROFILE,
              show_default=True, help="Facts file whose relation mix, name lengths … are reproduced.")
def main(out: Path, facts: int, seed: int, profile: Path) -> None:
    sizes = Sizes.scaled(facts)
    measured = measure(profile)
    began = time.perf_counter()
    n = write(out, sizes, measured, seed)
    click.echo(
        f"wrote {n:,} facts ({sizes.people:,} people, {sizes.places:,} places, {sizes.organizations:,} "
        f"organisations, {sizes.articles:,} articles) to {out} in {time.perf_counter() - began:.1f} s; "
        f"profile {json.dumps(measured.summary(), ensure_ascii=False)}"
    )


if __name__ == "__main__":
    main()
