"""Faults on the real embedded store: `kankei load` killed (SIGKILL) mid-way leaves a graph file that opens
and a re-run completes it to exactly the graph of an uninterrupted load; a second writer on the same file
gets a clear "in use by another process" error and does not damage the first one's work.

Also home of the large synthetic fact files and the full-graph snapshot the Neo4j fault tests use.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from kankei.facts_io import read_facts, write_facts
from kankei.load import graph_counts, load_facts
from kankei.load.ladybug_store import LadybugStore
from kankei.load.ladybug_wal import LOG_PAGE
from kankei.load.schema import ladybug_ddl
from kankei.types import EntityRef, Fact

from test_load_embedded import snapshot
from test_load_seed_facts import SEED_FACTS

# Entities every synthetic copy shares, each copy calling them by another spelling: concurrent loads
# must union their names, and aggregates on them gather evidence from every copy.
SHARED = ("Person:金正恩", "Person:ウラジミルプチン")


def _copy_ref(ref: EntityRef, copy: int) -> EntityRef:
    if ref.type == "Place":  # places (and their PART_OF) are shared by all copies
        return ref
    if ref.id in SHARED:
        return dataclasses.replace(ref, name=f"{ref.name}{copy:04d}")
    return dataclasses.replace(ref, id=f"{ref.id}~{copy:04d}", name=f"{ref.name}~{copy:04d}")


def synthetic_facts(copies: Iterable[int]) -> Iterator[Fact]:
    """The 89 seed facts once per copy number: articles and people/organisations renamed per copy (so
    each copy adds its own nodes, events and relationships), places and two people shared by all."""
    seed = list(read_facts(SEED_FACTS))
    for copy in copies:
        for fact in seed:
            yield dataclasses.replace(
                fact,
                article=f"{fact.article}~{copy:04d}",
                subject=_copy_ref(fact.subject, copy),
                object=_copy_ref(fact.object, copy),
            )


def write_synthetic(path: Path, copies: Iterable[int]) -> int:
    """Write :func:`synthetic_facts` to ``path``; returns the number of facts."""
    with open(path, "w", encoding="utf-8") as out:
        return write_facts(synthetic_facts(copies), out)


def full_snapshot(store) -> dict[str, list]:
    """:func:`test_load_embedded.snapshot` plus every Evidence and Article property and every link."""
    rows = snapshot(store)
    rows["evidence"] = store.read(
        "MATCH (art:Article)-[:REPORTS]->(e:Evidence)-[:SUBJECT]->(s) MATCH (e)-[:OBJECT]->(o) "
        "RETURN art.id AS reported_by, e.key AS k, e.article AS article, e.relation AS relation, e.sentence AS sentence, "
        "e.start_offset AS so, e.end_offset AS eo, e.rule AS rule, e.confidence AS c, e.modality AS m, "
        "e.date AS d, e.date_precision AS dp, e.date_text AS dt, e.title AS t, e.subject_text AS st, "
        "e.object_text AS ot, s.id AS subject, o.id AS object ORDER BY k"
    )
    rows["articles"] = store.read(
        "MATCH (art:Article) RETURN art.id AS id, art.title AS title, art.source AS source, art.url AS url, "
        "art.published AS published ORDER BY id"
    )
    rows["mentions"] = store.read(
        "MATCH (art:Article)-[:MENTIONS]->(n) RETURN art.id AS article, n.id AS entity ORDER BY article, entity"
    )
    return rows


def reference_snapshot(facts_file: Path, store_file: Path) -> dict[str, list]:
    """The graph of one uninterrupted load of ``facts_file`` into a fresh embedded file."""
    with LadybugStore.open(store_file) as store:
        load_facts(read_facts(facts_file), store)
        return full_snapshot(store)


def kankei(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.Popen[str]:
    """``python -m kankei ARGS`` as a separate process (stdout and stderr captured)."""
    return subprocess.Popen(
        [sys.executable, "-m", "kankei", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=cwd,
    )


COPIES = range(20)  # 1,780 facts: about 3 s to load into the embedded store here
BATCH = "200"


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> tuple[Path, int, dict[str, list]]:
    """A large facts file, its fact count and the snapshot of its uninterrupted load."""
    folder = tmp_path_factory.mktemp("faults-embedded")
    facts = folder / "big.jsonl"
    count = write_synthetic(facts, COPIES)
    return facts, count, reference_snapshot(facts, folder / "reference.lbug")


def _wal_bytes(store: Path) -> int:
    wal = store.with_name(store.name + ".wal")
    return wal.stat().st_size if wal.exists() else 0


def _checkpointing(store: Path) -> bool:
    """The closing checkpoint copies the log into the file through a shadow file and a renamed log."""
    return any(store.with_name(store.name + suffix).exists() for suffix in (".shadow", ".wal.checkpoint"))


# When to kill the load: while it commits its first batches, near the end of them, and during the
# checkpoint that folds the write-ahead log into the graph file when the store closes.
KILL_POINTS = {
    "early": lambda store: _wal_bytes(store) >= 500_000,
    "late": lambda store: _wal_bytes(store) >= 5_000_000,
    "checkpoint": _checkpointing,
}


@pytest.mark.parametrize("kill_point", list(KILL_POINTS))
def test_a_load_killed_mid_way_leaves_a_graph_that_opens_and_a_rerun_completes(
    big, tmp_path: Path, kill_point: str
) -> None:
    facts, count, reference = big
    store = tmp_path / "graph.lbug"
    args = ("load", str(facts), "--store", str(store), "--batch-size", BATCH)
    process = kankei(*args, cwd=tmp_path)
    deadline = time.monotonic() + 60
    while not KILL_POINTS[kill_point](store):
        assert process.poll() is None, f"the load ended before it could be killed: {process.communicate()}"
        assert time.monotonic() < deadline, "the kill point never came"
        time.sleep(0.002)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL

    # The file opens (read-only, as `kankei query` opens it): the log replays what was committed.
    with LadybugStore.open(store, read_only=True) as graph:
        evidence = graph_counts(graph).nodes["Evidence"]
    assert 0 < evidence <= count
    if kill_point != "checkpoint":
        assert evidence < count, "the kill did not land mid-way"

    rerun = kankei(*args, cwd=tmp_path)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert f"Loaded {count} facts into {store}" in out
    with LadybugStore.open(store, read_only=True) as graph:
        assert full_snapshot(graph) == reference


# A writer that commits its whole load and dies before closing: its log holds every batch, untorn.
_DIE_AFTER_LOAD = """
import os, sys
from kankei.facts_io import read_facts
from kankei.load import load_facts
from kankei.load.ladybug_store import LadybugStore
store = LadybugStore.open(sys.argv[2])  # held: dropping it would close (and checkpoint) the graph
load_facts(read_facts(sys.argv[1]), store, batch_size=50)
os._exit(0)
"""
# ladybug's own read-only open, which replays the log in memory and leaves the files as they are.
_LADYBUG_OPEN = "import sys, ladybug; ladybug.Database(sys.argv[1], read_only=True, throw_on_wal_replay_failure=False)"


def test_a_torn_log_that_crashes_ladybug_is_cut_back_and_a_rerun_completes(tmp_path: Path) -> None:
    facts = tmp_path / "facts.jsonl"
    count = write_synthetic(facts, range(5))
    store = tmp_path / "graph.lbug"
    subprocess.run([sys.executable, "-c", _DIE_AFTER_LOAD, str(facts), str(store)], check=True)
    log = store.with_name(store.name + ".wal")
    whole_log = log.read_bytes()

    # A log torn one byte into a page, as a kill mid-write leaves it: find such a cut on which ladybug's own
    # replay dies of SIGSEGV (its reader copies past the short last page), which kankei must survive.
    last_page = len(whole_log) // LOG_PAGE
    for page in range(last_page, max(last_page - 10, 0), -1):
        log.write_bytes(whole_log[: page * LOG_PAGE + 1])
        raw = subprocess.run([sys.executable, "-c", _LADYBUG_OPEN, str(store)], capture_output=True)
        if raw.returncode == -signal.SIGSEGV:
            break
    else:
        pytest.skip("this ladybug replays torn logs without crashing: nothing for kankei to survive")

    shown = kankei("stats", "--store", str(store), "--format", "json", cwd=tmp_path)
    out, err = shown.communicate(timeout=60)
    assert shown.returncode == 0, err
    assert f"the write-ahead log of {store} ends in a torn record" in err
    assert "dropped its last 1 bytes" in err
    assert not log.exists() or log.stat().st_size == 0, "the cut log was replayed into the graph file"
    nodes = {row["label/type"]: row["count"] for row in json.loads(out) if row["kind"] == "node"}
    evidence = nodes.get("Evidence", 0)
    assert 0 < evidence <= count  # the last pages may hold only the derived events

    rerun = kankei("load", str(facts), "--store", str(store), cwd=tmp_path)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert f"Loaded {count} facts into {store}" in out
    with LadybugStore.open(store, read_only=True) as graph:
        assert full_snapshot(graph) == reference_snapshot(facts, tmp_path / "reference.lbug")


def test_a_graph_whose_load_stopped_while_creating_tables_says_so_and_a_load_completes_it(tmp_path: Path) -> None:
    store = tmp_path / "graph.lbug"
    with LadybugStore.open(store) as graph:  # what a load killed after its first CREATE TABLE leaves
        graph.transaction(lambda tx: tx.read(ladybug_ddl()[0]))

    shown = kankei("stats", "--store", str(store), cwd=tmp_path)
    out, err = shown.communicate(timeout=60)
    assert shown.returncode == 1
    assert f"Error: embedded graph {store} is incomplete (no table Person, Organization, " in err
    assert f"run `kankei load FACTS.jsonl --store {store}` again" in err
    assert len(err.strip().splitlines()) == 1, err

    loaded = kankei("load", str(SEED_FACTS), "--store", str(store), cwd=tmp_path)
    out, err = loaded.communicate(timeout=120)
    assert loaded.returncode == 0, err
    with LadybugStore.open(store, read_only=True) as graph:
        assert full_snapshot(graph) == reference_snapshot(SEED_FACTS, tmp_path / "reference.lbug")


def test_a_second_writer_is_told_the_file_is_in_use_and_the_first_finishes_intact(big, tmp_path: Path) -> None:
    facts, count, reference = big
    store = tmp_path / "graph.lbug"
    # Small batches make the first load slow enough (about 7 s) for the second to start meanwhile.
    first = kankei("load", str(facts), "--store", str(store), "--batch-size", "25", cwd=tmp_path)
    deadline = time.monotonic() + 60
    while not _wal_bytes(store):  # the first writer holds the file
        assert first.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    second = kankei("load", str(SEED_FACTS), "--store", str(store), cwd=tmp_path)
    out, err = second.communicate(timeout=60)
    assert first.poll() is None, "the first load must still be running for this test to mean anything"
    assert second.returncode == 1
    assert f"Error: embedded graph {store} is in use by another process (pid {first.pid})" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err

    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    with LadybugStore.open(store, read_only=True) as graph:
        assert full_snapshot(graph) == reference
