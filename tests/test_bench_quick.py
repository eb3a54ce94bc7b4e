"""``bench/run_all --quick`` against the session's real Neo4j (and the embedded store): every benchmark runs end
to end and writes well-formed results. Nothing is asserted about time: CI machines vary."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kankei.queries import list_queries

from neo4j_server import Neo4jServer

pytestmark = [pytest.mark.neo4j, pytest.mark.ginza]

REPO = Path(__file__).resolve().parent.parent
FACTS, SAMPLE, MEMORY_AT = 5000, 200, 1000  # what bench/run_all --quick loads
NER_DATA = REPO.parent / "shared" / "ner-wikipedia" / "ner.json"


@pytest.fixture(scope="module")
def quick_run(neo4j_server: Neo4jServer, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """``bench/run_all --quick`` once, against the session's server (it wipes it: tests that follow start clean)."""
    out = tmp_path_factory.mktemp("bench-quick")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KANKEI_"))}
    env |= {"NEO4J_USER": neo4j_server.user, "NEO4J_PASSWORD": neo4j_server.password}
    result = subprocess.run([sys.executable, str(REPO / "bench" / "run_all"), "--quick", "--neo4j-uri",
                             neo4j_server.uri, "--out-dir", str(out)], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=600, check=False)  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert neo4j_server.password not in output
    return out, output


def test_run_all_quick_runs_every_benchmark(quick_run: tuple[Path, str]) -> None:
    out, output = quick_run
    summary = output[output.index("=== run_all --quick") :]
    for name in ("load", "queries", "extraction"):
        assert re.search(rf"^\s+{name}\s+ok\b", summary, re.MULTILINE), summary
    ner = "ok" if NER_DATA.is_file() else "skipped"  # the dataset lives in ../shared, not in a fresh clone
    assert re.search(rf"^\s+ner\s+{ner}\b", summary, re.MULTILINE), summary
    if NER_DATA.is_file():
        result = json.loads((out / "ner_eval.json").read_text(encoding="utf-8"))
        assert result["dataset"]["sentences"] == 50 and set(result["systems"]) == {"kankei", "ginza"}


def test_load_benchmark_compares_with_the_naive_baseline_on_both_stores(quick_run: tuple[Path, str]) -> None:
    load = json.loads((quick_run[0] / "load.json").read_text(encoding="utf-8"))
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
        assert [m["facts"] for m in r["memory"]] == [MEMORY_AT, FACTS]
        assert all(m["peak_rss_mb"] > 0 for m in r["memory"])


def test_query_benchmark_times_every_canned_query_on_both_stores(quick_run: tuple[Path, str]) -> None:
    queries = json.loads((quick_run[0] / "queries.json").read_text(encoding="utf-8"))
    names = {q.name for q in list_queries()}
    for store in ("neo4j", "ladybug"):
        assert set(queries["stores"][store]) == names, store
        for name, entry in queries["stores"][store].items():
            for kind in ("hot", "cold"):
                assert entry[kind]["n"] > 0 and entry[kind]["median_ms"] > 0, (store, name, kind)
                assert entry[kind]["p95_ms"] >= entry[kind]["median_ms"], (store, name, kind)
    for name, entry in queries["stores"]["neo4j"].items():
        assert entry["profile_operators"] and entry["profile_operators"][0] == "ProduceResults", name


def test_extraction_benchmark_measures_kankei_against_raw_ginza(quick_run: tuple[Path, str]) -> None:
    result = json.loads((quick_run[0] / "extract_bench.json").read_text(encoding="utf-8"))
    n = result["sample"]["articles"]
    # The default data: Wikinews when ../shared is there, the seed articles of a fresh clone otherwise.
    assert 1 <= n <= 24 and result["sample"]["chars"] > 0
    assert set(result["systems"]) == {"ginza", "ginza-kankei", "kankei-w1", "kankei-w2"}
    for name, s in result["systems"].items():
        assert s["articles"] == n, name
        assert s["chars"] == result["sample"]["chars"], name
        assert s["articles_per_second"] > 0 and s["chars_per_second"] > 0 and s["chars_per_cpu_second"] > 0, name
        assert s["peak_mb"] > 0 and len(s["rss_max_mb_by_tenth"]) == 10, name
    assert result["systems"]["kankei-w2"]["worker_processes"] >= 1
    assert result["systems"]["kankei-w1"]["failed"] == 0
    assert result["ratios"]["kankei_vs_ginza"] > 0 and result["ratios"]["workers2_speedup"] > 0
    assert set(result["ratios"]["targets"]) == {"kankei_vs_ginza", "workers2_speedup", "worker_peak_vs_ginza"}
    assert result["machine"]["nproc"] >= 1 and result["machine"]["spacy"]
    assert "profile" not in result  # quick mode does not profile
