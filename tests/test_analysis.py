"""kankei analyze: the networkx measures on small graphs built by hand, and on the really extracted corpus in
the embedded store and on the real Neo4j server (the same answers from both)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kankei.analysis import (
    analyze,
    analyze_graph,
    communities,
    linked_graph,
    resolve_people,
    shortest_connections,
)
from kankei.cli import cli
from kankei.facts_io import read_facts
from kankei.load import load_facts
from kankei.load.ladybug_store import LadybugStore
from kankei.queries import run_query


def surname(name: str) -> str:
    return name.split("・")[-1]


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


# ---------------------------------------------------------------------------------------- small graphs


def two_camps() -> tuple[nx.MultiDiGraph, dict[str, str]]:
    """R1–R2–R3 (Russia) and N1–N2 (North Korea); R1 met N1, R3 met N1; R3 accompanied R1.

    Everyone holds a position in their country (moscow is inside russia); R2 visited pyongyang, which
    links R2 to N-people through places only: bridges must not use that.
    """
    g = nx.MultiDiGraph()
    for node, kind in [("R1", "Person"), ("R2", "Person"), ("R3", "Person"), ("N1", "Person"), ("N2", "Person"),
                       ("X", "Person"), ("russia", "Place"), ("moscow", "Place"), ("nk", "Place"),
                       ("pyongyang", "Place")]:
        g.add_node(node, name=node, type=kind)
    for person, place in [("R1", "russia"), ("R2", "moscow"), ("R3", "russia"), ("N1", "nk"), ("N2", "nk")]:
        g.add_edge(person, place, key="HOLDS_POSITION:t", relation="HOLDS_POSITION", title="t", evidence=1)
    for a, b, relation in [("R1", "R2", "MET"), ("R2", "R3", "MET"), ("R1", "N1", "MET"), ("R3", "N1", "MET"),
                           ("N1", "N2", "MET"), ("R3", "R1", "ACCOMPANIED"), ("R2", "pyongyang", "VISITED"),
                           ("N2", "pyongyang", "VISITED")]:
        g.add_edge(a, b, key=relation, relation=relation, evidence=2)
    return g, {"moscow": "russia", "pyongyang": "nk"}


def test_sides_follow_positions_up_part_of() -> None:
    graph, part_of = two_camps()
    analysis = analyze_graph(graph, part_of, ("russia", "nk"))
    assert analysis.side_of == {"R1": "russia", "R2": "russia", "R3": "russia", "N1": "nk", "N2": "nk"}
    assert analysis.sides == ("russia", "nk")


def test_bridges_use_social_ties_only_and_measure_brokerage_and_cut() -> None:
    graph, part_of = two_camps()
    bridges = {b.id: b for b in analyze_graph(graph, part_of, ("russia", "nk")).bridges}
    # N1 is the only North Korean anyone Russian met: every cross-side pair but its own runs through it.
    assert bridges["N1"].ties == ("R1", "R3")
    # Pairs: R1-N1, R1-N2, R2-N1, R2-N2, R3-N1, R3-N2 (6). Without N1, R*-N2 (3) are cut.
    assert bridges["N1"].cut == pytest.approx(3 / 6)
    # N1 is on every shortest path of R1-N2, R2-N2, R3-N2 (3 of 6 pairs).
    assert bridges["N1"].brokerage == pytest.approx(3 / 6)
    # R2's way to the North goes through R1 or R3 (two equal paths): half of R2-N1 and R2-N2 each.
    assert bridges["R1"].brokerage == pytest.approx((0.5 + 0.5) / 6)
    assert bridges["R1"].cut == 0  # R3 is another way
    assert "R2" not in bridges  # linked to N2 only through pyongyang, a place
    assert "X" not in bridges


def test_a_person_without_side_bridges_only_when_tied_to_both_sides() -> None:
    graph, part_of = two_camps()
    graph.add_edge("X", "R2", key="MET", relation="MET", evidence=1)
    assert "X" not in {b.id for b in analyze_graph(graph, part_of, ("russia", "nk")).bridges}
    graph.add_edge("X", "N2", key="MET", relation="MET", evidence=1)
    bridge = {b.id: b for b in analyze_graph(graph, part_of, ("russia", "nk")).bridges}["X"]
    assert bridge.side is None and bridge.ties == ("N2", "R2") and bridge.brokerage > 0


def test_centrality_of_people_on_the_undirected_entity_graph() -> None:
    graph, part_of = two_camps()
    analysis = analyze_graph(graph, part_of, ("russia", "nk"))
    linked = linked_graph(graph)
    assert linked["R1"]["R3"]["relations"] == ("ACCOMPANIED",)  # R3 → R1 and no MET: one link
    assert linked["R1"]["N1"]["weight"] == 2
    people = {p.id: p for p in analysis.people}
    assert set(people) == {"R1", "R2", "R3", "N1", "N2", "X"}  # places are measured, not listed
    assert people["R2"].connections == 4  # R1, R3, moscow, pyongyang
    assert people["R2"].degree == pytest.approx(4 / 9)
    assert people["X"].connections == 0 and people["X"].betweenness == 0
    assert people["N1"].betweenness == pytest.approx(nx.betweenness_centrality(linked)["N1"])
    assert analysis.people[0].betweenness == max(p.betweenness for p in analysis.people)


def test_louvain_communities_are_fixed_by_the_seed() -> None:
    g = nx.MultiDiGraph()
    cliques = [["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]]
    for clique in cliques:
        for n in clique:
            g.add_node(n, name=n, type="Person")
        for i, a in enumerate(clique):
            for b in clique[i + 1:]:
                g.add_edge(a, b, key="MET", relation="MET", evidence=3)
    g.add_edge("a1", "b1", key="MET", relation="MET", evidence=1)
    found = communities(linked_graph(g))
    assert sorted(map(sorted, found)) == cliques
    assert all(communities(linked_graph(g)) == found for _ in range(3))


def test_shortest_connections_list_every_shortest_route() -> None:
    graph, _ = two_camps()
    routes = shortest_connections(graph, ["R2"], ["N1"])
    assert [c.route for c in routes] == [("R2", "R1", "N1"), ("R2", "R3", "N1")]
    assert routes[0].via == ("MET", "MET") and routes[0].hops == 2
    assert routes[1].via == ("MET", "MET")
    assert shortest_connections(graph, ["R1"], ["R3"])[0].via == ("ACCOMPANIED",)
    assert shortest_connections(graph, ["X"], ["R1"]) == []


# ------------------------------------------------------------------------------- the extracted corpus


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory, extracted_corpus) -> Path:
    path = tmp_path_factory.mktemp("analysis") / "corpus.lbug"
    with LadybugStore.open(path) as store:
        load_facts(read_facts(extracted_corpus[0]), store)
    return path


@pytest.mark.ginza
def test_analyze_on_the_corpus_names_putin_the_broker_between_russia_and_north_korea(corpus_store: Path) -> None:
    result = invoke("analyze", "--store", str(corpus_store), "--format", "json")
    assert result.exit_code == 0, result.output
    sections = json.loads(result.output)
    assert set(sections) == {"centrality", "communities", "bridges"}
    top = sections["centrality"][0]
    assert surname(top["person"]) == "プーチン" and top["side"] == "ロシア"
    kim = next(p for p in sections["centrality"] if p["person"] == "金正恩")
    assert kim["side"] == "北朝鮮"
    bridge = sections["bridges"][0]
    assert surname(bridge["person"]) == "プーチン"
    assert "金正恩" in bridge["ties"] and bridge["cut"] > 0 and bridge["brokerage"] > 0
    # Putin and his Pyongyang entourage share a community; the Americans are elsewhere.
    community_of = {p: c["community"] for c in sections["communities"] for p in c["people"]}
    putin = next(p for p in community_of if surname(p) == "プーチン")
    lavrov = next(p for p in community_of if surname(p) == "ラブロフ")
    trump = next(p for p in community_of if surname(p) == "トランプ")
    assert community_of[putin] == community_of[lavrov] != community_of[trump]


@pytest.mark.ginza
def test_analyze_agrees_with_the_canned_queries(corpus_store: Path) -> None:
    with LadybugStore.open(corpus_store, read_only=True) as store:
        analysis = analyze(store)
        most = run_query(store, "most-connected", {"limit": 1000})
        canned = run_query(store, "shortest-connection", {"person1": "ラブロフ", "person2": "習近平"})
        mine = shortest_connections(analysis.graph, resolve_people(store, "ラブロフ"), resolve_people(store, "習近平"))
    assert {p.name: p.connections for p in analysis.people if p.connections} == {
        r["person"]: r["connections"] for r in most
    }
    assert mine, "ラブロフ and 習近平 are connected in the corpus"
    assert {(c.hops, " — ".join(c.route)) for c in mine} == {(r["hops"], r["route"]) for r in canned}


@pytest.mark.ginza
def test_analyze_sections_and_formats(corpus_store: Path) -> None:
    store = str(corpus_store)
    table = invoke("analyze", "centrality", "--store", store, "--top", "3")
    assert table.exit_code == 0, table.output
    assert "┃ person" in table.output and "betweenness" in table.output and "3 rows" in table.output
    rows = list(csv.DictReader(io.StringIO(invoke("analyze", "bridges", "--store", store, "--format", "csv").output)))
    assert rows and set(rows[0]) == {"person", "side", "ties", "brokerage", "cut"}
    path = invoke("analyze", "path", "--between", "ラブロフ", "習近平", "--store", store, "--format", "json")
    routes = json.loads(path.output)
    assert routes and all(r["route"].startswith("セルゲイ・ラブロフ") and r["route"].endswith("習近平") for r in routes)
    both = json.loads(invoke("analyze", "--between", "プーチン", "金正恩", "--store", store, "--format", "json").output)
    assert both["path"] == [{"person1": both["path"][0]["person1"], "person2": "金正恩", "hops": 1,
                             "route": f"{both['path'][0]['person1']} — 金正恩", "via": "MET"}]


@pytest.mark.ginza
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "csv"), "--format csv prints one section"),
        (("path",), "the path section needs --between"),
        (("path", "--between", "ラブロフ", "誰でもない人"), "no person called '誰でもない人'"),
        (("--sides", "ロシア", "アトランティス"), "no place called 'アトランティス'"),
    ],
)
def test_analyze_errors_are_one_clear_line(corpus_store: Path, args: tuple[str, ...], message: str) -> None:
    result = invoke("analyze", *args, "--store", str(corpus_store))
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


# ---------------------------------------------------------------------------------------- real Neo4j


@pytest.mark.ginza
@pytest.mark.neo4j
def test_analyze_on_neo4j_gives_the_embedded_stores_answers(
    neo4j_corpus: tuple[str, dict[str, str]], corpus_store: Path
) -> None:
    uri, env = neo4j_corpus
    args = ("analyze", "--between", "ラブロフ", "金正恩", "--format", "json")
    on_neo4j = invoke(*args, "--store", uri, env=env)
    assert on_neo4j.exit_code == 0, on_neo4j.output
    embedded = invoke(*args, "--store", str(corpus_store))
    assert json.loads(on_neo4j.output) == json.loads(embedded.output)
    assert json.loads(on_neo4j.output)["bridges"]


@pytest.mark.parametrize("command", ["analyze", "view", "timeline", "report"])
def test_every_analysis_command_has_help_with_an_example(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Example:" in result.output and "--store" in result.output


def test_an_empty_graph_has_no_measures_but_no_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    store = str(tmp_path / "empty.lbug")
    assert invoke("load", str(empty), "--store", store).exit_code == 0
    result = invoke("analyze", "--store", store, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"centrality": [], "communities": [], "bridges": []}
    named = invoke("analyze", "--store", store, "--sides", "ロシア", "北朝鮮")
    assert named.exit_code == 1 and "no place called 'ロシア'" in named.output
