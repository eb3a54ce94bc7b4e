"""Canned queries: headers, parameters, read-only execution, and their answers on the seed graph
(embedded store; tests/test_queries_neo4j.py checks Neo4j gives the same rows)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kankei.errors import QueryError
from kankei.facts_io import read_facts
from kankei.load import graph_counts, load_facts
from kankei.load.ladybug_store import LadybugStore
from kankei.queries import bind_params, get_query, list_queries, load_query_file, parse_header, run_query

from test_load_seed_facts import SEED_FACTS

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
REQUIRED_QUERIES = {
    "who-accompanied-whom", "officials-who-visited", "visits-to", "meetings-between", "timeline", "positions",
    "delegation", "most-connected", "co-attendees", "shortest-connection", "evidence", "articles-mentioning",
}  # fmt: skip
PYONGYANG_VISITORS = {
    "ウラジーミル・プーチン", "セルゲイ・ラブロフ", "デニス・マントロフ", "アレクサンドル・ノバク",
    "アンドレイ・ベロウソフ", "アレクセイ・クリボルチコ",
}  # fmt: skip


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LadybugStore]:
    with LadybugStore.open(tmp_path_factory.mktemp("queries") / "seed.lbug") as store:
        load_facts(read_facts(SEED_FACTS), store)
        yield store


def example_params(name: str) -> dict[str, object]:
    """The header values of the required parameters (the others keep their defaults)."""
    return {p.name: p.default for p in get_query(name).user_params() if p.required}


def test_the_required_queries_exist_with_a_header_matching_their_file() -> None:
    queries = list_queries()
    assert {q.name for q in queries} >= REQUIRED_QUERIES
    for query in queries:
        assert query.path.stem == query.name
        assert query.description.endswith(".") or query.description.endswith(")")


def test_every_parameter_a_query_uses_is_declared_in_every_variant() -> None:
    for query in list_queries():
        declared = {p.name for p in query.params}
        for path in [query.path, *query.variants()]:
            text = path.read_text(encoding="utf-8")
            body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
            assert set(re.findall(r"\$(\w+)", body)) <= declared, path.name
            if path != query.path:
                assert load_query_file(path).params == query.params, f"{path.name} declares other params"


def test_header_parsing() -> None:
    name, description, params = parse_header(
        "// name: q\n// description: Does things.\n// :param person => 'プーチン' // required\n"
        "// :param person_key => 'プーチン'\n// :param limit => 10\n// :param ratio => 0.5\n"
        "// :param flag => true\n// :param quote => 'it\\'s'\nMATCH (n) RETURN n\n// :param late => 1\n"
    )
    assert (name, description) == ("q", "Does things.")
    got = [(p.name, p.default, p.required, p.derived_from) for p in params]
    assert got == [
        ("person", "プーチン", True, None),
        ("person_key", "プーチン", False, "person"),
        ("limit", 10, False, None),
        ("ratio", 0.5, False, None),
        ("flag", True, False, None),
        ("quote", "it's", False, None),
    ]


def test_a_header_without_name_or_description_is_refused() -> None:
    with pytest.raises(QueryError, match="needs `// name: …` and `// description: …`"):
        parse_header("// name: q\nMATCH (n) RETURN n")


def test_unknown_query_suggests_close_names() -> None:
    with pytest.raises(QueryError, match=r"unknown query 'timelin'\. Did you mean timeline\?"):
        get_query("timelin")
    with pytest.raises(QueryError, match="unknown query"):
        get_query("../kankei/cli")


def test_missing_parameter_error_names_it() -> None:
    with pytest.raises(
        QueryError, match=r"query evidence needs parameter 'object' \(e\.g\. -p object=プーチン\)"
    ):
        bind_params(get_query("evidence"), {"subject": "ラブロフ"})


def test_unknown_and_derived_parameters_are_refused() -> None:
    with pytest.raises(QueryError, match=r"query timeline has no parameter 'persn' \(it takes: person\)"):
        bind_params(get_query("timeline"), {"persn": "x"})
    with pytest.raises(QueryError, match=r"'person_key' is computed from 'person'"):
        bind_params(get_query("timeline"), {"person_key": "x"})


def test_parameters_take_the_type_of_their_default_and_keys_are_derived() -> None:
    assert bind_params(get_query("most-connected"), {"limit": "3"}) == {"limit": 3}
    with pytest.raises(QueryError, match="parameter 'limit' must be int, not 'three'"):
        bind_params(get_query("most-connected"), {"limit": "three"})
    values = bind_params(get_query("timeline"), {"person": "ウラジーミル・プーチン"})
    assert values == {"person": "ウラジーミル・プーチン", "person_key": "ウラジミルプチン"}


@pytest.mark.parametrize("name", sorted(REQUIRED_QUERIES))
def test_every_canned_query_runs_and_answers_on_the_seed(seed_graph: LadybugStore, name: str) -> None:
    rows = run_query(seed_graph, name, example_params(name))
    assert rows, f"{name} found nothing in the seed graph"
    assert rows == run_query(seed_graph, name, example_params(name))


def test_officials_who_visited_pyongyang(seed_graph: LadybugStore) -> None:
    rows = run_query(seed_graph, "officials-who-visited")
    assert {r["person"] for r in rows} == PYONGYANG_VISITORS
    # Places inside the place count, the place's container does not: 北朝鮮 visits are not in 平壌.
    assert {r["place"] for r in rows} == {"平壌"}
    wider = run_query(seed_graph, "officials-who-visited", {"place": "北朝鮮"})
    assert {r["person"] for r in wider} == PYONGYANG_VISITORS | {"セルゲイ・ショイグ"}
    assert {r["place"] for r in wider} == {"平壌", "北朝鮮"}


def test_who_accompanied_whom(seed_graph: LadybugStore) -> None:
    pairs = [(r["leader"], r["member"]) for r in run_query(seed_graph, "who-accompanied-whom")]
    assert pairs == sorted(
        [
            ("ウラジーミル・プーチン", m)
            for m in (
                "セルゲイ・ラブロフ",
                "デニス・マントロフ",
                "アレクサンドル・ノバク",
                "アンドレイ・ベロウソフ",
            )
        ]
        + [("アンドレイ・ベロウソフ", "アレクセイ・クリボルチコ")]
    )
    only = run_query(seed_graph, "who-accompanied-whom", {"leader": "ベロウソフ"})
    assert [(r["leader"], r["member"]) for r in only] == [
        ("アンドレイ・ベロウソフ", "アレクセイ・クリボルチコ")
    ]


def test_a_short_or_variant_name_finds_the_person(seed_graph: LadybugStore) -> None:
    full = run_query(seed_graph, "timeline", {"person": "ウラジーミル・プーチン"})
    assert full
    assert run_query(seed_graph, "timeline", {"person": "プーチン"}) == full
    assert run_query(seed_graph, "timeline", {"person": "ウラジミール・プーチン"}) == full
    assert run_query(seed_graph, "timeline", {"person": "ノヴァク"}) == run_query(
        seed_graph, "timeline", {"person": "アレクサンドル・ノバク"}
    )
    assert run_query(seed_graph, "timeline", {"person": "プーチン大統領"}) == []  # a title is not a name


def test_timeline_is_in_date_order(seed_graph: LadybugStore) -> None:
    rows = run_query(seed_graph, "timeline", {"person": "プーチン"})
    dates = [r["date"] for r in rows if r["date"] is not None]
    assert dates == sorted(dates) and dates[0] == "2000"
    pyongyang = [r for r in rows if r["event"] == "Visit" and r["place"] == "平壌"]
    assert [(r["date"], r["role"], r["modality"]) for r in pyongyang] == [("2024-06-19", "visitor", "actual")]


def test_meetings_between_merges_reports_of_one_meeting(seed_graph: LadybugStore) -> None:
    rows = run_query(seed_graph, "meetings-between", {"person1": "金正恩", "person2": "プーチン"})
    assert [(r["date"], r["modality"]) for r in rows] == [
        ("2019-04", "actual"),
        ("2023-09-13", "actual"),  # 001's planned September meeting and 002's report of it
        ("2024-06-19", "actual"),
    ]
    assert rows[-1]["place"] == "平壌"


def test_visits_to_north_korea_and_the_delegation(seed_graph: LadybugStore) -> None:
    visits = run_query(seed_graph, "visits-to")
    june = [r for r in visits if r["visitor"] == "ウラジーミル・プーチン" and r["date"].startswith("2024")]
    assert june == [
        {"date": "2024-06-19", "visitor": "ウラジーミル・プーチン", "place": "平壌", "modality": "actual",
         "articles": 4, "delegation": 4}
    ]  # fmt: skip
    delegation = run_query(seed_graph, "delegation")
    pyongyang = {(r["person"], r["role"]) for r in delegation if r["place"] == "平壌"}
    assert pyongyang == {("ウラジーミル・プーチン", "visitor"), ("金正恩", "host")} | {
        (m, "delegation member")
        for m in PYONGYANG_VISITORS - {"ウラジーミル・プーチン", "アレクセイ・クリボルチコ"}
    }


def test_shortest_connection_and_evidence(seed_graph: LadybugStore) -> None:
    paths = run_query(seed_graph, "shortest-connection", {"person1": "ラブロフ", "person2": "習近平"})
    assert [(r["hops"], r["route"], r["via"]) for r in paths] == [
        (2, "セルゲイ・ラブロフ — ウラジーミル・プーチン — 習近平", "ACCOMPANIED, MET")
    ]
    evidence = run_query(seed_graph, "evidence", {"subject": "ラブロフ", "object": "プーチン"})
    assert [(r["relation"], r["article"]) for r in evidence] == [("ACCOMPANIED", "000_670e7b2955f43f4a")]
    sentence = evidence[0]["sentence"]
    assert "ラブロフ" in sentence and evidence[0]["end_offset"] - evidence[0]["start_offset"] == len(sentence)
    # MET is symmetric: asking the other way round finds the same sentences.
    met = run_query(seed_graph, "evidence", {"subject": "金正恩", "object": "プーチン", "relation": "MET"})
    met_back = run_query(
        seed_graph, "evidence", {"subject": "プーチン", "object": "金正恩", "relation": "MET"}
    )
    assert len(met) == 4 and [r["sentence"] for r in met] == [r["sentence"] for r in met_back]


def test_positions_filter_by_a_country_includes_its_organisations(seed_graph: LadybugStore) -> None:
    rows = run_query(seed_graph, "positions", {"affiliation": "ロシア"})
    assert ("ドミトリー・ペスコフ", "報道官", "ロシア大統領府") in {
        (r["person"], r["title"], r["affiliation"]) for r in rows
    }
    assert all(r["affiliation"] in ("ロシア", "ロシア大統領府") for r in rows)


def test_most_connected_respects_the_limit(seed_graph: LadybugStore) -> None:
    rows = run_query(seed_graph, "most-connected", {"limit": "3"})
    assert len(rows) == 3 and rows[0]["person"] == "ウラジーミル・プーチン"
    assert [r["connections"] for r in rows] == sorted((r["connections"] for r in rows), reverse=True)


def test_a_writing_query_fails_and_writes_nothing(seed_graph: LadybugStore, tmp_path: Path) -> None:
    path = tmp_path / "sneaky.cypher"
    path.write_text(
        "// name: sneaky\n// description: Writes.\nCREATE (n:Person {id: 'sneaky'}) RETURN n.id AS id\n"
    )
    before = graph_counts(seed_graph)
    with pytest.raises(QueryError, match="read-only"):
        run_query(seed_graph, load_query_file(path))
    assert graph_counts(seed_graph) == before


def test_an_undeclared_parameter_is_reported(seed_graph: LadybugStore, tmp_path: Path) -> None:
    path = tmp_path / "typo.cypher"
    path.write_text("// name: typo\n// description: Typo.\n// :param name => 'x'\nRETURN $nmae AS x\n")
    with pytest.raises(QueryError, match="undeclared parameter.*nmae"):
        run_query(seed_graph, load_query_file(path))


def test_key_defaults_in_headers_are_the_normalised_names_so_browser_runs_them_as_is() -> None:
    import re

    from kankei.normalize import entity_key

    for query in list_queries():
        text = query.path.read_text(encoding="utf-8")
        defaults = dict(re.findall(r"^// :param (\w+) => '([^']*)'", text, re.M))
        for name, value in defaults.items():
            if name.endswith("_key") and name[:-4] in defaults:
                assert value == entity_key(defaults[name[:-4]]), (query.name, name)
