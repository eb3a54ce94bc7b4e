"""The load and query benchmarks in a quick mode against the session's real Neo4j (and the embedded store):
they run end to end and write well-formed results. Nothing is asserted about time: CI machines vary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kankei.queries import list_queries

from neo4j_server import Neo4jServer

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parent.parent
FACTS, SAMPLE = 1500, 60


def _bench(script: str, args: list[str], server: Neo4jServer, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KANKEI_"))}
    env |= {"NEO4J_USER": server.user, "NEO4J_PASSWORD": server.password}
    result = subprocess.run([sys.executable, str(REPO / "bench" / script), *args], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert server.password not in result.stdout + result.stderr


def test_load_and_query_benchmarks_run_and_write_well_formed_results(neo4j_clean: Neo4jServer, tmp_path: Path) -> None:
    load_json, queries_json = tmp_path / "load.json", tmp_path / "queries.json"
    _bench("load_bench.py", ["--facts", str(FACTS), "--sample", str(SAMPLE), "--memory-at", "500", "--neo4j-uri",
                             neo4j_clean.uri, "--wipe", "--data-dir", str(tmp_path), "--out", str(load_json)],
           neo4j_clean, tmp_path)  # fmt: skip
    load = json.loads(load_json.read_text())
    assert load["benchmark"] == "load" and load["machine"]["nproc"] >= 1 and load["facts"] == FACTS
    assert set(load["stores"]) == {"neo4j", "ladybug"}
    for store, r in load["stores"].items():
        assert r["naive"]["facts"] == r["kankei_sample"]["facts"] == SAMPLE, store
        # The baseline and kankei built the same articles, entities and evidence from the sample.
        assert r["same_nodes_as_naive"] and r["naive"]["nodes"]["Evidence"] == SAMPLE, store
        assert r["kankei"]["facts"] == r["second_load"]["facts"] == FACTS
        assert r["naive"]["facts_per_s"] > 0 and r["kankei"]["facts_per_s"] > 0 and r["speedup_vs_naive"] > 0
        assert r["kankei"]["nodes"]["Visit"] > 0 and r["kankei"]["nodes"]["Meeting"] > 0
        # Loading the same facts again creates nothing.
        assert r["second_load"]["nodes_created"] == r["second_load"]["relationships_created"] == 0
        assert [m["facts"] for m in r["memory"]] == [500, FACTS]
        assert all(m["peak_rss_mb"] > 0 for m in r["memory"])
    graph = load["stores"]["ladybug"]["graph"]
    _bench("query_bench.py", ["--neo4j-uri", neo4j_clean.uri, "--ladybug", graph, "--hot", "2", "--repeat", "2",
                              "--cold", "3", "--out", str(queries_json)], neo4j_clean, tmp_path)  # fmt: skip
    queries = json.loads(queries_json.read_text())
    names = {q.name for q in list_queries()}
    for store in ("neo4j", "ladybug"):
        assert set(queries["stores"][store]) == names, store
        for name, entry in queries["stores"][store].items():
            for kind in ("hot", "cold"):
                assert entry[kind]["n"] > 0 and entry[kind]["median_ms"] > 0, (store, name, kind)
                assert entry[kind]["p95_ms"] >= entry[kind]["median_ms"], (store, name, kind)
    for name, entry in queries["stores"]["neo4j"].items():
        assert entry["profile_operators"] and entry["profile_operators"][0] == "ProduceResults", name
