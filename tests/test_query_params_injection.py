"""Hostile query parameters change nothing but their own values, on both stores.

Canned queries take every value as a Cypher parameter, so quotes, comment markers and Cypher keywords
in a value are data: the query answers for that odd name (usually nothing) and the graph is untouched.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kankei.cli import cli
from kankei.errors import QueryError
from kankei.facts_io import read_facts
from kankei.load import load_facts
from kankei.load.ladybug_store import LadybugStore
from kankei.load.store import Store
from kankei.queries import list_queries, run_query
from kankei.types import EntityRef, Evidence, Fact

from test_load_embedded import snapshot
from test_load_seed_facts import SEED_FACTS

HOSTILE = [
    "' OR 1=1 //",
    "'}) MATCH (n) DETACH DELETE n //",
    '" RETURN 1 UNION MATCH (n) DETACH DELETE n RETURN 1 //',
    "平壌`) CREATE (x:Person {id: 'pwned'}) //",
    "$place",
    "\\'; DROP TABLE Person; --",
]


@pytest.fixture(params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def seed_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The seed graph on the embedded store, or on the session's real Neo4j (emptied first)."""
    if request.param == "neo4j":
        store: Store = request.getfixturevalue("neo4j_store")
        load_facts(read_facts(SEED_FACTS), store)
        yield store
        return
    with LadybugStore.open(tmp_path / "seed.lbug") as store:
        load_facts(read_facts(SEED_FACTS), store)
        yield store


def test_hostile_values_in_every_string_parameter_change_nothing(seed_store: Store) -> None:
    before = snapshot(seed_store)
    runs = 0
    for query in list_queries():
        text_params = [p for p in query.user_params() if isinstance(p.default, str)]
        defaults = {p.name: p.default for p in query.user_params() if p.required}
        for param in text_params:
            for value in HOSTILE:
                rows = run_query(seed_store, query.name, {**defaults, param.name: value})
                runs += 1
                # No seed entity, place or article carries such a name, so nothing can match it.
                assert all(value not in str(row) for row in rows), (query.name, param.name, value)
    assert runs >= 10 * len(HOSTILE)
    assert snapshot(seed_store) == before


def test_a_hostile_name_is_found_by_its_exact_value_and_nothing_else(seed_store: Store) -> None:
    evil = "'}) MATCH (n) DETACH DELETE n //"
    victim = EntityRef("Person:ヤマダ", "ヤマダ", "Person")
    fact = Fact("evil", "MET", EntityRef(f"Person:{evil}", evil, "Person"), victim,
                Evidence(f"{evil}とヤマダが会った。", 0, 10), "test", 0.5)
    load_facts([fact], seed_store)
    before = snapshot(seed_store)
    rows = run_query(seed_store, "co-attendees", {"person": evil})
    assert [r["co_attendee"] for r in rows] == ["ヤマダ"]
    assert run_query(seed_store, "co-attendees", {"person": "' OR 1=1 //"}) == []
    assert snapshot(seed_store) == before


def test_a_number_parameter_refuses_text_instead_of_splicing_it(seed_store: Store) -> None:
    with pytest.raises(QueryError, match="limit"):
        run_query(seed_store, "most-connected", {"limit": "1 MATCH (n) DETACH DELETE n"})


def test_the_cli_passes_hostile_values_as_data(tmp_path: Path) -> None:
    graph = tmp_path / "seed.lbug"
    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(SEED_FACTS), "--store", str(graph)]).exit_code == 0
    stats = runner.invoke(cli, ["stats", "--store", str(graph), "--format", "json"]).output
    for value in HOSTILE:
        result = runner.invoke(cli, ["query", "officials-who-visited", "-p", f"place={value}", "--store", str(graph),
                                     "--format", "json"])
        assert result.exit_code == 0, result.output
        assert result.output.strip() == "[]"
    assert runner.invoke(cli, ["stats", "--store", str(graph), "--format", "json"]).output == stats
