"""Incremental event derivation (kankei.load.derive) against the definition: after any sequence of loads, the
events in the graph are exactly plan_events over all the evidence in it. Synthetic facts at a small scale
(bench/synth.py) give many people, hubs, delegations, hosts and year-only dates; small rounds and chunks
make every load cross round and transaction boundaries."""

from __future__ import annotations

import dataclasses
import random
import sys
from pathlib import Path
from typing import Any

import pytest

from kankei.facts_io import read_facts
from kankei.load import derive as derive_module
from kankei.load import load_facts, plan_events
from kankei.load.events import EvidenceRow
from kankei.load.ladybug_store import LadybugStore
from kankei.types import EntityRef, Evidence, Fact

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import synth  # noqa: E402

from test_load_embedded import snapshot  # noqa: E402

FACTS = 1200


@pytest.fixture(scope="module")
def facts(tmp_path_factory) -> list[Fact]:
    path = tmp_path_factory.mktemp("synth") / "facts.jsonl"
    synth.write(path, synth.Sizes.scaled(FACTS * 20), synth.measure(synth.DEFAULT_PROFILE), seed=3)
    return [f for _, f in zip(range(FACTS), read_facts(path), strict=False)]


def _renamed(fact: Fact, rng: random.Random) -> Fact:
    """The same fact with another spelling of a place and without its country now and then: names and
    PART_OF links then change between loads."""
    refs = []
    for ref in (fact.subject, fact.object):
        if ref.type == "Place" and rng.random() < 0.3:
            ref = dataclasses.replace(ref, name=ref.name + "市", part_of=None if rng.random() < 0.5 else ref.part_of)
        refs.append(ref)
    return dataclasses.replace(fact, subject=refs[0], object=refs[1])


def planned(store: LadybugStore) -> dict[str, Any]:
    """plan_events over everything in the store, as sets comparable with the graph."""
    evidence = [
        EvidenceRow(**{**r, "modality": r["modality"] or "actual", "confidence": float(r["confidence"])})
        for r in store.read(
            "MATCH (s)<-[:SUBJECT]-(e:Evidence)-[:OBJECT]->(o) "
            "WHERE e.relation = 'VISITED' OR e.relation = 'MET' OR e.relation = 'ACCOMPANIED' "
            "RETURN e.key AS key, e.article AS article, e.relation AS relation, s.id AS subject, "
            "s.type AS subject_label, o.id AS object, o.type AS object_label, e.date AS date, "
            "e.modality AS modality, e.confidence AS confidence"
        )
    ]
    part_of = [(r["a"], r["b"]) for r in store.read("MATCH (a)-[:PART_OF]->(b:Place) RETURN a.id AS a, b.id AS b")]
    names = {r["id"]: r["name"] for r in store.read("MATCH (p:Place) RETURN p.id AS id, p.name AS name")}
    positions = [
        (r["a"], r["b"])
        for r in store.read("MATCH (p:Person)-[:HOLDS_POSITION]->(x) RETURN DISTINCT p.id AS a, x.id AS b")
    ]
    plan = plan_events(evidence, part_of, names, positions)
    return {
        "events": {(label, key, tuple(sorted(props.items()))) for label, events in plan.events.items()
                   for key, props in events.items()},
        "roles": {(entity, key, role) for (_, entity, _, key), role in plan.participation.items()},
        "at": {(key, place) for _, key, place in plan.at},
        "about": {(evidence_key, key) for evidence_key, _, key in plan.about},
        "during": set(plan.during),
    }  # fmt: skip


def in_graph(store: LadybugStore) -> dict[str, Any]:
    props = "v.type AS type, v.date AS date, v.date_precision AS date_precision, v.modality AS modality, " \
            "v.place AS place, v.country AS country, v.articles AS articles, v.evidence AS evidence, " \
            "v.confidence AS confidence"  # fmt: skip
    events = set()
    for label in ("Visit", "Meeting"):
        for r in store.read(f"MATCH (v:{label}) RETURN v.key AS key, {props}"):
            key = r.pop("key")
            events.add((label, key, tuple(sorted(r.items()))))
    return {
        "events": events,
        "roles": {(r["x"], r["k"], r["role"]) for r in
                  store.read("MATCH (x)-[r:PARTICIPATED]->(v) RETURN x.id AS x, v.key AS k, r.role AS role")},
        "at": {(r["a"], r["b"]) for r in store.read("MATCH (v)-[:AT]->(p:Place) RETURN v.key AS a, p.id AS b")},
        "about": {(r["a"], r["b"]) for r in store.read("MATCH (e:Evidence)-[:ABOUT]->(v) RETURN e.key AS a, v.key AS b")},
        "during": {(r["a"], r["b"]) for r in
                   store.read("MATCH (m:Meeting)-[:DURING]->(v:Visit) RETURN m.key AS a, v.key AS b")},
    }  # fmt: skip


@pytest.fixture
def small_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(derive_module, "ROUND", 150)
    monkeypatch.setattr(derive_module, "CHUNK_DIVISOR", 20)  # 4 to 15 owners per transaction


@pytest.mark.usefixtures("small_rounds")
def test_loads_in_any_order_and_pieces_derive_exactly_the_planned_events(facts: list[Fact], tmp_path: Path) -> None:
    rng = random.Random(11)
    articles = sorted({f.article for f in facts})
    rng.shuffle(articles)
    pieces = [set(articles[i::5]) for i in range(5)]
    renamed = [_renamed(f, rng) for f in facts if f.article in pieces[0]]
    with LadybugStore.open(tmp_path / "pieces.lbug") as store:
        for number, piece in enumerate(pieces):
            load_facts([f for f in facts if f.article in piece], store, batch_size=97 + number)
            assert in_graph(store) == planned(store), f"after piece {number}"
        # Some facts again, with other place spellings and countries: names and PART_OF change.
        load_facts(renamed, store, batch_size=50)
        assert in_graph(store) == planned(store)
        assert planned(store)["roles"] and planned(store)["during"]
        pieces_graph = snapshot(store)
    with LadybugStore.open(tmp_path / "whole.lbug") as store:
        load_facts(facts + renamed, store)
        assert snapshot(store) == pieces_graph


@pytest.mark.usefixtures("small_rounds")
def test_deriving_everything_again_changes_nothing_and_a_repeated_load_derives_nothing(
    facts: list[Fact], tmp_path: Path
) -> None:
    with LadybugStore.open(tmp_path / "graph.lbug") as store:
        load_facts(facts, store, batch_size=200)
        before = snapshot(store)
        stats = derive_module.derive_events(store, everything=True)
        assert stats.rounds > 1 and dict(stats.changed) == {"Visit": 0, "Meeting": 0, "host": 0}
        assert snapshot(store) == before
        again = derive_module.derive_events(store)
        assert again.rounds == 0
        stats_load = load_facts(facts, store, batch_size=300)
        assert set(stats_load.nodes.values()) == {0} and snapshot(store) == before


def test_a_principal_reported_in_many_rounds_is_derived_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # 40 one-visitor articles about one traveller: four rounds of 10 pending evidence, but the first
    # round's step derives the traveller from all 40 articles and settles every one of them.
    monkeypatch.setattr(derive_module, "ROUND", 10)
    traveller = EntityRef("Person:旅人", "旅人", "Person")
    facts = [
        Fact(f"a{i:02}", "VISITED", traveller, EntityRef(f"Place:町{i}", f"町{i}", "Place"),
             Evidence(f"旅人が町{i}を訪問した。", 0, 12), "test", 0.9, date=f"2024-{i % 12 + 1:02}-01")
        for i in range(40)
    ]  # fmt: skip
    with LadybugStore.open(tmp_path / "graph.lbug") as store:
        load_facts(facts, store)
        assert store.read("MATCH (e:Evidence) WHERE e.pending = true RETURN count(e) AS n") == [{"n": 0}]
        assert in_graph(store) == planned(store) and len(planned(store)["events"]) == 40
        marked = derive_module.derive_events(store, everything=True)
    assert (marked.rounds, marked.principals) == (1, 1)
