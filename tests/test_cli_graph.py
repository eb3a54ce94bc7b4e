"""kankei load | query | stats | build | export, through click's runner on a real embedded graph."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kankei.cli import cli
from kankei.facts_io import read_facts
from kankei.load import graph_counts
from kankei.load.ladybug_store import LadybugStore
from kankei.queries import list_queries, run_query

from test_load_seed_facts import SEED_FACTS

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GRAPH_COMMANDS = ("load", "query", "stats", "build", "export")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current directory and no store or Neo4j settings from the environment."""
    monkeypatch.chdir(tmp_path)
    for name in ("KANKEI_STORE", "NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def loaded(workdir: Path) -> Path:
    result = invoke("load", str(SEED_FACTS))
    assert result.exit_code == 0, result.output
    return workdir / "kankei.lbug"


def test_load_creates_the_default_graph_and_a_second_load_creates_nothing(workdir: Path) -> None:
    first = invoke("load", str(SEED_FACTS), "--batch-size", "20")
    assert first.exit_code == 0, first.output
    assert "Loaded 89 facts into kankei.lbug" in first.stdout
    assert (workdir / "kankei.lbug").is_file()
    second = invoke("load", str(SEED_FACTS))
    assert second.exit_code == 0
    assert "0 nodes and 0 relationships created." in second.stdout


def test_store_option_and_environment_pick_the_file(workdir: Path) -> None:
    assert invoke("load", str(SEED_FACTS), "--store", "mine.lbug").exit_code == 0
    assert (workdir / "mine.lbug").is_file() and not (workdir / "kankei.lbug").exists()
    result = invoke("stats", "--format", "json", env={"KANKEI_STORE": "mine.lbug"})
    assert result.exit_code == 0
    counts = {row["label/type"]: row["count"] for row in json.loads(result.stdout)}
    assert counts["Evidence"] == 89 and counts["Visit"] > 0


def test_stats_matches_the_store(loaded: Path) -> None:
    result = invoke("stats", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    with LadybugStore.open(loaded, read_only=True) as store:
        counts = graph_counts(store)
    assert {r["label/type"]: int(r["count"]) for r in rows} == {**counts.nodes, **counts.relationships}


def test_query_list_names_every_query(workdir: Path) -> None:
    result = invoke("query", "--list", "--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [row["name"] for row in listed] == [q.name for q in list_queries()]
    evidence = next(row for row in listed if row["name"] == "evidence")
    assert "subject='ラブロフ' (required)" in evidence["parameters"]


def test_query_output_formats(loaded: Path) -> None:
    as_json = invoke("query", "officials-who-visited", "-p", "place=平壌", "--format", "json")
    assert as_json.exit_code == 0
    with LadybugStore.open(loaded, read_only=True) as store:
        expected = run_query(store, "officials-who-visited", {"place": "平壌"})
    assert json.loads(as_json.stdout) == expected
    as_csv = invoke("query", "officials-who-visited", "--format", "csv")
    lines = as_csv.stdout.splitlines()
    assert lines[0] == "person,place,first_date,last_date,modality,articles"
    assert len(lines) == len(expected) + 1
    table = invoke("query", "officials-who-visited")
    assert "ラブロフ" in table.stdout and f"{len(expected)} rows" in table.stdout
    # Piped (as here), the table is as wide as its cells: no name is folded over two lines.
    table_lines = table.stdout.splitlines()
    assert all(any(row["person"] in line for line in table_lines) for row in expected)


def test_query_runs_a_users_own_cypher_file(loaded: Path) -> None:
    Path("mine.cypher").write_text(
        "// name: mine\n// description: Count people.\n// :param min => 0\n"
        "MATCH (p:Person) WITH count(p) AS n WHERE n > $min RETURN n\n",
        encoding="utf-8",
    )
    result = invoke("query", "mine.cypher", "-p", "min=1", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"n": 31}]


def test_a_writing_query_file_is_refused_and_the_graph_unchanged(loaded: Path) -> None:
    Path("sneaky.cypher").write_text(
        "// name: sneaky\n// description: Writes.\nMATCH (p:Person) DETACH DELETE p RETURN count(*) AS n\n",
        encoding="utf-8",
    )
    result = invoke("query", "sneaky.cypher")
    assert result.exit_code == 1
    assert "Error: canned queries are read-only, and this one writes" in result.output
    with LadybugStore.open(loaded, read_only=True) as store:
        assert graph_counts(store).nodes["Person"] == 31


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("query", "evidence", "-p", "subject=ラブロフ"), "Error: query evidence needs parameter 'object'"),
        (
            ("query", "timeline", "-p", "who=x"),
            "Error: query timeline has no parameter 'who' (it takes: person)",
        ),
        (("query", "timelin"), "Error: unknown query 'timelin'. Did you mean timeline?"),
        (("query", "timeline", "-p", "person"), "'person' is not KEY=VALUE"),
        (("query", "most-connected", "-p", "limit=many"), "parameter 'limit' must be int, not 'many'"),
    ],
)
def test_query_errors_are_one_clear_line(loaded: Path, args: tuple[str, ...], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_query_without_a_graph_says_how_to_make_one(workdir: Path) -> None:
    result = invoke("query", "timeline")
    assert result.exit_code == 1
    assert (
        "Error: no graph at kankei.lbug: run `kankei load FACTS.jsonl --store kankei.lbug` first"
        in result.output
    )
    assert not (workdir / "kankei.lbug").exists()


def test_neo4j_store_errors_never_show_the_password(workdir: Path) -> None:
    missing = invoke("stats", "--store", "bolt://127.0.0.1:1")
    assert missing.exit_code == 1
    assert "NEO4J_PASSWORD is not set" in missing.output
    secret = "pw-that-must-not-leak-123"
    unreachable = invoke("stats", "--store", "bolt://127.0.0.1:1", env={"NEO4J_PASSWORD": secret})
    assert unreachable.exit_code == 1
    assert "Error: cannot reach Neo4j at bolt://127.0.0.1:1" in unreachable.output
    assert secret not in unreachable.output
    Path(".env").write_text(f"NEO4J_PASSWORD={secret}\n")
    from_dotenv = invoke("stats", "--store", "bolt://127.0.0.1:1")
    assert "cannot reach Neo4j" in from_dotenv.output and secret not in from_dotenv.output


def test_unsupported_store_scheme(workdir: Path) -> None:
    result = invoke("stats", "--store", "http://localhost:7474")
    assert result.exit_code == 1
    assert "Error: unsupported store 'http://localhost:7474'" in result.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export_writes_the_entity_graph(loaded: Path, fmt: str) -> None:
    out = Path(f"graph.{fmt}")
    result = invoke("export", "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    with LadybugStore.open(loaded, read_only=True) as store:
        counts = graph_counts(store)
    entities = sum(counts.nodes[label] for label in ("Person", "Organization", "Place"))
    relations = sum(counts.relationships[t] for t in ("VISITED", "MET", "ACCOMPANIED", "HOLDS_POSITION"))
    if fmt == "graphml":
        graph = nx.read_graphml(out)
    elif fmt == "gexf":
        graph = nx.read_gexf(out)
    else:
        graph = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (entities, relations)
    assert f"Wrote {entities} nodes and {relations} edges" in result.stdout
    names = {data.get("name") for _, data in graph.nodes(data=True)}
    assert {"ウラジーミル・プーチン", "平壌", "ロシア大統領府"} <= names


@pytest.mark.ginza
def test_build_extracts_then_loads_and_reports_bad_input(workdir: Path) -> None:
    articles = workdir / "articles"
    articles.mkdir()
    shutil.copy(CORPUS / "003_4edb4471bd7939ee.txt", articles)
    (articles / "empty.txt").write_text("")
    result = invoke("build", "articles", "--workers", "2", "--out", "facts.jsonl", "--store", "built.lbug")
    assert result.exit_code == 0, result.output
    assert "warning articles/empty.txt: empty article; skipped" in result.stderr
    facts = list(read_facts(Path("facts.jsonl")))
    assert facts and {f.article for f in facts} == {"003_4edb4471bd7939ee"}
    assert f"1 articles processed, 1 skipped, 0 failed; {len(facts)} facts → facts.jsonl" in result.stderr
    assert f"Loaded {len(facts)} facts into built.lbug" in result.stdout
    # What build loaded is what extract writes for the same articles.
    assert invoke("extract", "articles", "--out", "again.jsonl", "--quiet").exit_code == 0
    assert Path("again.jsonl").read_text(encoding="utf-8") == Path("facts.jsonl").read_text(encoding="utf-8")


def test_build_without_paths_needs_a_corpus_folder(workdir: Path) -> None:
    result = invoke("build")
    assert result.exit_code == 2
    assert "there is no corpus/ here" in result.output


@pytest.mark.parametrize("command", GRAPH_COMMANDS)
def test_every_graph_command_has_help_with_an_example(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and f"kankei {command}" in result.output
