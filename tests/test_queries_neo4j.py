"""The loader and the canned queries on the real Neo4j server of the test session: the same graph and the
same rows as the embedded store, idempotent loads, read-only queries, clear login errors."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from kankei.errors import QueryError, StoreError
from kankei.facts_io import read_facts
from kankei.load import graph_counts, load_facts
from kankei.load.ladybug_store import LadybugStore
from kankei.load.neo4j_store import Neo4jStore
from kankei.queries import list_queries, load_query_file, run_query
from kankei.settings import Neo4jCredentials
from kankei.types import EntityRef, Evidence, Fact

from neo4j_server import Neo4jServer
from test_load_embedded import snapshot
from test_load_seed_facts import SEED_FACTS
from test_queries import REQUIRED_QUERIES, example_params

pytestmark = pytest.mark.neo4j


@pytest.fixture
def ladybug_seed(tmp_path: Path) -> Iterator[LadybugStore]:
    with LadybugStore.open(tmp_path / "seed.lbug") as store:
        load_facts(read_facts(SEED_FACTS), store)
        yield store


def test_every_canned_query_gives_the_same_rows_on_both_stores(
    neo4j_store: Neo4jStore, ladybug_seed: LadybugStore
) -> None:
    load_facts(read_facts(SEED_FACTS), neo4j_store)
    names = [q.name for q in list_queries()]
    assert set(names) >= REQUIRED_QUERIES
    differences = {}
    for name in names:
        neo4j_rows = run_query(neo4j_store, name, example_params(name))
        ladybug_rows = run_query(ladybug_seed, name, example_params(name))
        assert neo4j_rows, f"{name}: no rows on Neo4j"
        # Same rows in the same order: the ORDER BY makes the order part of the answer.
        if neo4j_rows != ladybug_rows:
            differences[name] = (neo4j_rows, ladybug_rows)
    assert not differences


def test_evidence_is_the_same_on_both_stores_for_every_related_pair_either_way_round(
    neo4j_store: Neo4jStore, ladybug_seed: LadybugStore
) -> None:
    # evidence.cypher walks from whichever end has fewer evidence; the embedded variant does not choose.
    load_facts(read_facts(SEED_FACTS), neo4j_store)
    pairs = neo4j_store.read(
        "MATCH (s)<-[:SUBJECT]-(e:Evidence)-[:OBJECT]->(o) "
        "RETURN DISTINCT s.name AS s, o.name AS o, "
        "COUNT { (s)<-[:SUBJECT|OBJECT]-() } > COUNT { (o)<-[:SUBJECT|OBJECT]-() } AS subject_busier"
    )
    assert len(pairs) > 20 and {p["subject_busier"] for p in pairs} == {True, False}
    found = 0
    for pair in pairs:
        for subject, obj in ((pair["s"], pair["o"]), (pair["o"], pair["s"])):
            params = {"subject": subject, "object": obj}
            rows = run_query(neo4j_store, "evidence", params)
            assert rows == run_query(ladybug_seed, "evidence", params), params
            found += bool(rows)
    assert found >= len(pairs)  # every pair has its evidence one way round at least


def test_the_neo4j_graph_is_the_embedded_graph(neo4j_store: Neo4jStore, ladybug_seed: LadybugStore) -> None:
    load_facts(read_facts(SEED_FACTS), neo4j_store, batch_size=50)
    assert snapshot(neo4j_store) == snapshot(ladybug_seed)


def test_loading_twice_changes_no_count_on_neo4j(neo4j_store: Neo4jStore) -> None:
    seed = list(read_facts(SEED_FACTS))
    first = load_facts(seed, neo4j_store)
    before = snapshot(neo4j_store)
    second = load_facts(reversed(seed), neo4j_store, batch_size=30)
    assert first.nodes["Evidence"] == len(seed)
    assert set(second.nodes.values()) == {0} and set(second.relationships.values()) == {0}
    assert snapshot(neo4j_store) == before


def test_schema_is_created_once_and_idempotently(neo4j_store: Neo4jStore, neo4j_clean: Neo4jServer) -> None:
    neo4j_store.ensure_schema()
    neo4j_store.ensure_schema()
    with neo4j_clean.driver() as driver:
        records, _, _ = driver.execute_query(
            "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
            "WHERE name STARTS WITH 'kankei_' RETURN labelsOrTypes[0] AS label, properties[0] AS key, type"
        )
    constraints = {(r["label"], r["key"]) for r in records if r["type"] == "UNIQUENESS"}
    assert constraints == {
        ("Article", "id"), ("Person", "id"), ("Organization", "id"), ("Place", "id"), ("Evidence", "key"),
        ("Visit", "key"), ("Meeting", "key"),
    }  # fmt: skip


def test_a_writing_query_is_refused_on_neo4j(neo4j_store: Neo4jStore, tmp_path: Path) -> None:
    load_facts(read_facts(SEED_FACTS), neo4j_store)
    path = tmp_path / "sneaky.cypher"
    path.write_text(
        "// name: sneaky\n// description: Writes.\nMATCH (n:Person) DETACH DELETE n RETURN count(*) AS n\n"
    )
    before = graph_counts(neo4j_store)
    with pytest.raises(QueryError, match="read-only"):
        run_query(neo4j_store, load_query_file(path))
    assert graph_counts(neo4j_store) == before


def test_injection_like_names_are_stored_verbatim_on_neo4j(neo4j_store: Neo4jStore) -> None:
    evil = "'}) DETACH DELETE n //"
    other = "`) MATCH (m) DETACH DELETE m //"
    subject, obj = EntityRef(f"Person:{evil}", evil, "Person"), EntityRef(f"Person:{other}", other, "Person")
    fact = Fact("evil", "MET", subject, obj, Evidence(f"{evil} {other}", 0, 10), "test", 0.5)
    load_facts([fact], neo4j_store)
    rows = run_query(neo4j_store, "meetings-between", {"person1": evil, "person2": other})
    assert [(r["person1"], r["person2"]) for r in rows] == [(evil, other)]
    assert graph_counts(neo4j_store).nodes["Person"] == 2


def test_a_wrong_password_is_a_clear_store_error_without_the_password(neo4j_server: Neo4jServer) -> None:
    wrong = secrets.token_urlsafe(12)
    with pytest.raises(StoreError) as caught:
        Neo4jStore.connect(neo4j_server.uri, Neo4jCredentials(neo4j_server.user, wrong))
    message = str(caught.value)
    assert f"Neo4j at {neo4j_server.uri} refused user '{neo4j_server.user}'" in message
    assert "NEO4J_PASSWORD" in message
    assert wrong not in message and neo4j_server.password not in message
