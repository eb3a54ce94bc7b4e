"""tests/data/facts_seed.jsonl: facts made from the seed gold, the graph tests' input.

The fixture is generated from corpus/gold (non-optional facts) and the article texts, and a test
regenerates it and compares, so it cannot drift from the gold. Regenerate after a gold change with
``python tests/test_load_seed_facts.py``.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from kankei.articles import read_articles
from kankei.facts_io import read_facts, write_facts
from kankei.normalize import entity_key
from kankei.types import Article, ArticleInfo, EntityRef, Evidence, Fact

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "corpus" / "gold"
SEED_FACTS = REPO / "tests" / "data" / "facts_seed.jsonl"
_SENTENCE = re.compile(r"[^。\n]+(?:。|$)", re.MULTILINE)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def _find(text: str, start: int, end: int, entity: dict) -> tuple[str, int] | None:
    """The first alias (longest first) of ``entity`` inside text[start:end], with its offset."""
    hits = []
    for alias in sorted({entity["name"], *entity["aliases"]}, key=lambda a: (-len(a), a)):
        at = text.find(alias, start, end)
        if at >= 0:
            hits.append((at, -len(alias), alias))
    if not hits:
        return None
    at, _, alias = min(hits)
    return alias, at


def _ref(entity: dict, entities: dict[str, dict], mention: tuple[str, int] | None) -> EntityRef:
    text, start = mention if mention else ("", -1)
    parent = entities[entity["part_of"]]["name"] if entity["part_of"] else None
    kind = ("country" if not parent else None) if entity["type"] == "Place" else None
    return EntityRef(
        id=f"{entity['type']}:{entity_key(entity['name'])}",
        name=entity["name"],
        type=entity["type"],
        text=text,
        start=start,
        end=start + len(text) if mention else -1,
        kind=kind,
        part_of=parent,
    )


def _evidence(article: Article, subject: dict, obj: dict, nth: int):
    """The ``nth`` sentence naming the subject (those naming the object too come first), with both mentions.

    ``nth`` counts earlier gold facts with the same article, relation and entities, so that two such
    facts (one trip in 2000, one in 2024) get different sentences and stay distinct facts.
    """
    both, subject_only = [], []
    for start, end in _sentences(article.text):
        s, o = _find(article.text, start, end, subject), _find(article.text, start, end, obj)
        if s:
            (both if o else subject_only).append((start, end, s, o))
    candidates = both + subject_only
    if not candidates:
        raise AssertionError(f"{article.id}: no sentence names {subject['name']}")
    return candidates[min(nth, len(candidates) - 1)]


def generate_seed_facts() -> list[Fact]:
    """One fact per non-optional gold fact, in gold order, with real sentences and offsets."""
    entities = {e["id"]: e for e in _jsonl(GOLD / "entities.jsonl")}
    meta = {a["id"]: a for a in _jsonl(GOLD / "articles.jsonl")}
    articles = {a.id: a for a in read_articles(REPO / "corpus")}
    facts = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for gold in _jsonl(GOLD / "facts.jsonl"):
        if gold["optional"]:
            continue
        article = articles[gold["article"]]
        subject, obj = entities[gold["subject"]], entities[gold["object"]]
        same = (gold["article"], gold["relation"], gold["subject"], gold["object"])
        seen[same] = seen.get(same, -1) + 1
        start, end, s_mention, o_mention = _evidence(article, subject, obj, seen[same])
        date = gold["dates"][0] if gold["dates"] else None
        facts.append(
            Fact(
                article=article.id,
                relation=gold["relation"],
                subject=_ref(subject, entities, s_mention),
                object=_ref(obj, entities, o_mention),
                evidence=Evidence(article.text[start:end], start, end),
                rule="gold",
                confidence=1.0,
                modality=gold["modality"],
                date=date,
                date_precision={4: "year", 7: "month", 10: "day"}[len(date)] if date else None,
                title=gold["title"][0] if gold["title"] else None,
                article_info=ArticleInfo(
                    title=article.title,
                    source=meta[article.id]["source"],
                    url=article.url,
                    published=meta[article.id]["published"],
                ),
            )
        )
    return facts


def seed_jsonl() -> str:
    out = io.StringIO()
    write_facts(generate_seed_facts(), out)
    return out.getvalue()


def test_fixture_is_what_the_gold_generates() -> None:
    assert SEED_FACTS.read_text(encoding="utf-8") == seed_jsonl(), (
        "tests/data/facts_seed.jsonl drifted from corpus/gold: run python tests/test_load_seed_facts.py"
    )


def test_every_non_optional_gold_fact_is_there_with_real_offsets() -> None:
    gold = [g for g in _jsonl(GOLD / "facts.jsonl") if not g["optional"]]
    facts = list(read_facts(SEED_FACTS))
    assert len(facts) == len(gold)
    assert len({f.key() for f in facts}) == len(facts), "two seed facts share a key: one would be lost"
    texts = {a.id: a.text for a in read_articles(REPO / "corpus")}
    for fact in facts:
        text = texts[fact.article]
        assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.sentence
        assert text[fact.subject.start : fact.subject.end] == fact.subject.text != ""
        assert fact.evidence.start <= fact.subject.start < fact.evidence.end


if __name__ == "__main__":
    SEED_FACTS.parent.mkdir(parents=True, exist_ok=True)
    SEED_FACTS.write_text(seed_jsonl(), encoding="utf-8")
    print(f"wrote {SEED_FACTS}")
