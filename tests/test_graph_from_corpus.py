"""The seed corpus, extracted for real, in both stores: the issue's answers, the same rows everywhere,
and idempotent loading on the real Neo4j server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kankei.cli import cli
from kankei.facts_io import read_facts
from kankei.load import graph_counts, load_facts
from kankei.load.ladybug_store import LadybugStore
from kankei.load.neo4j_store import Neo4jStore
from kankei.queries import list_queries, run_query

from test_queries import example_params

pytestmark = [pytest.mark.ginza, pytest.mark.neo4j]

ROOT = Path(__file__).resolve().parent.parent
PYONGYANG_VISITORS = {"プーチン", "ラブロフ", "マントロフ", "ノバク", "ベロウソフ", "クリボルチコ"}
ENTOURAGES = {("プーチン", "ラブロフ"), ("プーチン", "マントロフ"), ("プーチン", "ノバク"), ("プーチン", "ベロウソフ"),
              ("ベロウソフ", "クリボルチコ")}


def surname(name: str) -> str:
    return name.split("・")[-1]


@pytest.fixture
def embedded(tmp_path: Path, extracted_corpus) -> Iterator[LadybugStore]:
    facts, _ = extracted_corpus
    with LadybugStore.open(tmp_path / "corpus.lbug") as store:
        load_facts(read_facts(facts), store)
        yield store


def answers(store) -> tuple[set[str], set[tuple[str, str]]]:
    visitors = {surname(r["person"]) for r in run_query(store, "officials-who-visited", {"place": "平壌"})}
    pairs = {(surname(r["leader"]), surname(r["member"])) for r in run_query(store, "who-accompanied-whom", {})}
    return visitors, pairs


def test_readme_commands_build_and_answer_on_the_embedded_store(tmp_path: Path) -> None:
    store = tmp_path / "kankei.lbug"
    runner = CliRunner()
    built = runner.invoke(cli, ["build", str(ROOT / "corpus"), "--store", str(store)])
    assert built.exit_code == 0, built.output
    table = runner.invoke(cli, ["query", "officials-who-visited", "--store", str(store)])
    assert table.exit_code == 0, table.output
    assert "┃ person" in table.output
    shown = runner.invoke(cli, ["query", "officials-who-visited", "--store", str(store), "--format", "json"])
    assert {surname(r["person"]) for r in json.loads(shown.output)} >= PYONGYANG_VISITORS


def test_issue_answers_on_both_stores(neo4j_store: Neo4jStore, embedded: LadybugStore, extracted_corpus) -> None:
    load_facts(read_facts(extracted_corpus[0]), neo4j_store)
    for store in (embedded, neo4j_store):
        visitors, pairs = answers(store)
        assert visitors >= PYONGYANG_VISITORS, store.engine
        assert pairs >= ENTOURAGES, store.engine


def test_every_canned_query_gives_the_same_rows_on_both_stores(
    neo4j_store: Neo4jStore, embedded: LadybugStore, extracted_corpus
) -> None:
    load_facts(read_facts(extracted_corpus[0]), neo4j_store)
    differences = {}
    for query in list_queries():
        params = example_params(query.name)
        neo4j_rows = run_query(neo4j_store, query.name, params)
        assert neo4j_rows, f"{query.name}: no rows"
        if neo4j_rows != run_query(embedded, query.name, params):
            differences[query.name] = neo4j_rows
    assert not differences


def test_building_twice_changes_nothing_and_one_new_article_adds_only_its_facts(
    neo4j_store: Neo4jStore, extracted_corpus
) -> None:
    facts = list(read_facts(extracted_corpus[0]))
    last = "004_acd389dd8f923f85"
    load_facts((f for f in facts if f.article != last), neo4j_store)
    before = graph_counts(neo4j_store)
    load_facts((f for f in facts if f.article != last), neo4j_store)
    assert graph_counts(neo4j_store) == before

    new = [f for f in facts if f.article == last]
    load_facts(new, neo4j_store)
    after = graph_counts(neo4j_store)
    assert after.nodes["Evidence"] == before.nodes["Evidence"] + len({f.key() for f in new})
    assert after.nodes["Article"] == before.nodes["Article"] + 1
    load_facts(facts, neo4j_store)  # everything again: nothing new
    assert graph_counts(neo4j_store) == after
