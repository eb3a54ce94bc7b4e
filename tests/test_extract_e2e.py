"""End to end: extract the seed corpus with the CLI and score it against the seed gold."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kankei.cli import cli
from kankei.evaluate import evaluate
from kankei.extract.lexicon import default_lexicon
from kankei.facts_io import read_facts
from kankei.normalize import HONORIFICS

pytestmark = pytest.mark.ginza

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def extracted(extracted_corpus):
    return extracted_corpus


def test_seed_scores_meet_the_floors(extracted):
    facts, _ = extracted
    result = CliRunner().invoke(cli, ["eval", str(ROOT / "corpus" / "gold"), "--pred", str(facts),
                                      "--min-f1", "0.85"])
    assert result.exit_code == 0, result.output
    report = evaluate(ROOT / "corpus" / "gold", read_facts(facts))
    assert report.macro_f1 >= 0.85
    for relation, scores in report.relations.items():
        assert scores.f1 >= 0.75, relation
    assert report.date.value >= 0.80
    assert report.title.value >= 0.80


def test_min_f1_above_the_score_fails(extracted):
    facts, _ = extracted
    result = CliRunner().invoke(cli, ["eval", str(ROOT / "corpus" / "gold"), "--pred", str(facts),
                                      "--min-f1", "0.999"])
    assert result.exit_code == 1


def test_names_carry_no_title_or_honorific(extracted):
    facts, _ = extracted
    titles = default_lexicon().titles
    for fact in read_facts(facts):
        for ref in (fact.subject, fact.object):
            assert not ref.name.endswith(titles), ref
            assert not ref.name.endswith(HONORIFICS), ref


def test_evidence_points_into_the_original_text(extracted):
    from kankei.articles import read_articles

    texts = {a.id: a.text for a in read_articles([ROOT / "corpus"])}
    facts, _ = extracted
    seen = 0
    for fact in read_facts(facts):
        text = texts[fact.article]
        assert text[fact.evidence.start:fact.evidence.end] == fact.evidence.sentence
        for ref in (fact.subject, fact.object):
            if ref.start >= 0:
                assert text[ref.start:ref.end] == ref.text
        assert fact.article_info.published is not None
        seen += 1
    assert seen > 50


def test_one_node_per_person_across_articles(extracted):
    _, entities = extracted
    rows = [json.loads(line) for line in entities.read_text(encoding="utf-8").splitlines()]
    putin = [r for r in rows if "プーチン" in r["name"] and r["type"] == "Person"]
    assert len(putin) == 1
    assert {m["article"] for m in putin[0]["mentions"]} >= {"000_670e7b2955f43f4a", "001_c73a4b2870458b57"}
    kim = [r for r in rows if r["id"] == "Person:金正恩"]
    assert kim and "キム・ジョンウン" in kim[0]["aliases"]


def test_facts_follow_the_documented_json_schema(extracted):
    import jsonschema

    schema = json.loads((ROOT / "docs" / "facts.schema.json").read_text(encoding="utf-8"))
    facts, _ = extracted
    validator = jsonschema.Draft202012Validator(schema)
    lines = facts.read_text(encoding="utf-8").splitlines()
    for line in lines:
        validator.validate(json.loads(line))
    bad = json.loads(lines[0])
    bad["relation"] = "LIKES"
    assert not validator.is_valid(bad)


@pytest.mark.parametrize("folder", ["bench/heldout", "bench/heldout/blind"])
def test_held_out_gold_is_valid_and_covers_its_articles(folder):
    """The held-out gold loads (entities, part_of and relations check out) and names every article."""
    import json

    from kankei.evaluate import load_gold

    root = ROOT / folder
    gold = load_gold(root / "gold")
    ids = {json.loads(line)["id"] for line in (root / "gold" / "articles.jsonl").read_text(encoding="utf-8").splitlines()}
    assert ids == {p.stem for p in root.glob("wikinews-*.txt")}
    assert {f.article for f in gold.facts} <= ids
