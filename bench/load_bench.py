"""Loading benchmark: facts/s of ``kankei load`` into Neo4j and the embedded store, against a naive loader
run on a sample in the same run, a second load of the same facts, and the loader's peak memory.

Facts are synthetic (``bench/synth.py``: the seed output's relation mix and name lengths at scale). For each
store:

1. **naive** baseline on the first ``--sample`` facts: one statement per fact in its own transaction that
   MERGEs the article, both entities (and the place a place lies in), the Evidence node, its links, the
   mentions and the direct relationship (same constraints as kankei's, no aggregates, no events);
2. **kankei** on the same sample, into an empty store: the node counts of both must agree;
3. **kankei** on ``--memory-at`` sizes and on all ``--facts``, each into an empty store, in a child process
   whose peak resident memory (``ru_maxrss``) is the loader's (for the embedded store that includes the
   engine's page cache, which lives in the loader's process);
4. the same ``--facts`` **again** into the loaded store (nothing changes: no node or relationship created).

Facts/s is facts over the wall time of ``load_facts`` (events included); the ratio is kankei's facts/s at
full size over the naive one on the sample, measured in the same run on the same (shared, noisy) machine.
The loaded graphs are left in place for ``bench/query_bench.py``: the Neo4j database, and the embedded
file ``<data-dir>/graph-<facts>.lbug``.

The Neo4j database is emptied before each load, so ``--wipe`` must be given to say that this is allowed;
credentials come from NEO4J_USER / NEO4J_PASSWORD.

Usage (from the repository root):
    NEO4J_PASSWORD=… python bench/load_bench.py --neo4j-uri bolt://127.0.0.1:27687 --wipe     # 1M facts
    python bench/load_bench.py --store ladybug --facts 100000 --sample 2000 --memory-at 10000
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402
from common import DATA, RESULTS, header, wipe_neo4j, write_json  # noqa: E402

COMPARED_LABELS = ("Article", "Person", "Organization", "Place", "Evidence")  # what the naive loader writes
STORES = ("neo4j", "ladybug")


# -- the naive baseline ------------------------------------------------------------------------------------

_NAIVE = """
MERGE (a:Article {id: $article}) SET a.title = $title, a.source = $source, a.url = $url, a.published = $published
MERGE (s:%(s)s {id: $s}) SET s.name = $s_name, s.type = $s_type
MERGE (o:%(o)s {id: $o}) SET o.name = $o_name, o.type = $o_type
MERGE (e:Evidence {key: $key}) SET e.article = $article, e.relation = $relation, e.sentence = $sentence,
  e.start_offset = $start_offset, e.end_offset = $end_offset, e.rule = $rule, e.confidence = $confidence,
  e.modality = $modality, e.date = $date, e.title = $fact_title
MERGE (a)-[:REPORTS]->(e) MERGE (e)-[:SUBJECT]->(s) MERGE (e)-[:OBJECT]->(o)
MERGE (a)-[:MENTIONS]->(s) MERGE (a)-[:MENTIONS]->(o)
MERGE (s)-[:%(rel)s]->(o)
"""
_NAIVE_PARENT = """
MERGE (c:%(label)s {id: $child}) MERGE (p:Place {id: $parent}) SET p.name = $name, p.type = 'Place'
MERGE (c)-[:PART_OF]->(p)
"""


def naive_load(path: Path, limit: int, spec: str) -> dict[str, Any]:
    """One auto-committed statement per fact (plus one per place a place lies in): the baseline."""
    from kankei.facts_io import read_facts
    from kankei.load import graph_counts, open_store
    from kankei.load.rows import evidence_key, place_id

    with open_store(spec) as store:
        store.ensure_schema()  # the same constraints: the baseline is naive about transactions, not indexes
        run = _autocommit(store)
        started = time.perf_counter()
        n = 0
        for fact in islice(read_facts(path), limit):
            n += 1
            if fact.subject.id == fact.object.id:
                continue
            info, s, o, ev = fact.article_info, fact.subject, fact.object, fact.evidence
            run(_NAIVE % {"s": s.type, "o": o.type, "rel": fact.relation}, {
                "article": fact.article, "title": info.title, "source": info.source, "url": info.url,
                "published": info.published, "s": s.id, "s_name": s.name, "s_type": s.type, "o": o.id,
                "o_name": o.name, "o_type": o.type, "key": evidence_key(fact), "relation": fact.relation,
                "sentence": ev.sentence, "start_offset": ev.start, "end_offset": ev.end, "rule": fact.rule,
                "confidence": float(fact.confidence), "modality": fact.modality, "date": fact.date,
                "fact_title": fact.title,
            })  # fmt: skip
            for ref in (s, o):
                if ref.part_of and ref.type in ("Place", "Organization") and place_id(ref.part_of) != ref.id:
                    run(_NAIVE_PARENT % {"label": ref.type},
                        {"child": ref.id, "parent": place_id(ref.part_of), "name": ref.part_of})
        seconds = time.perf_counter() - started
        counts = graph_counts(store)
    return {"facts": n, "seconds": round(seconds, 3), "facts_per_s": round(n / seconds, 1),
            "nodes": {k: counts.nodes[k] for k in COMPARED_LABELS}}


def _autocommit(store: Any) -> Any:
    """A function running one statement in its own transaction on either engine (the driver's
    auto-commit on Neo4j, the connection's on ladybug): the naive way."""
    if store.engine == "neo4j":
        session = store._driver.session(database=store.database)
        return lambda cypher, params: session.run(cypher, params).consume()
    return lambda cypher, params: store._conn.execute(cypher, params)


# -- kankei, in a child process ----------------------------------------------------------------------------


def kankei_load(path: Path, limit: int | None, spec: str, batch_size: int | None) -> dict[str, Any]:
    """``load_facts`` over the first ``limit`` facts; the time of the event derivation is reported apart."""
    from kankei.facts_io import read_facts
    from kankei.load import graph_counts, load_facts, open_store
    from kankei.load import loader as loader_module

    marks: dict[str, float] = {}
    derive = loader_module.derive_events

    def timed_derive(*args: Any, **kwargs: Any) -> Any:
        marks["derive_start"] = time.perf_counter()
        stats = derive(*args, **kwargs)
        marks["derive_end"] = time.perf_counter()
        marks["rounds"] = stats.rounds
        return stats

    loader_module.derive_events = timed_derive
    facts: Iterator[Any] = read_facts(path)
    if limit is not None:
        facts = islice(facts, limit)
    with open_store(spec) as store:
        stats = load_facts(facts, store, batch_size)
        counts = graph_counts(store)
    derive_seconds = marks.get("derive_end", 0.0) - marks.get("derive_start", 0.0)
    return {
        "facts": stats.facts,
        "batch_size": batch_size or store.batch_size,
        "seconds": round(stats.seconds, 3),
        "facts_per_s": round(stats.facts / stats.seconds, 1) if stats.seconds else None,
        "derive_seconds": round(derive_seconds, 3),
        "derive_rounds": marks.get("rounds"),
        "nodes_created": stats.nodes_created,
        "relationships_created": stats.relationships_created,
        "nodes": counts.nodes,
        "relationships": counts.relationships,
    }


def in_child(mode: str, path: Path, limit: int | None, spec: str, batch_size: int | None) -> dict[str, Any]:
    """Run a load in a fresh Python process; its result plus its peak resident memory (from wait4)."""
    args = [sys.executable, __file__, "--worker", mode, "--worker-file", str(path), "--worker-store", spec]
    if batch_size is not None:
        args += ["--batch-size", str(batch_size)]
    if limit is not None:
        args += ["--worker-limit", str(limit)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(args, stdout=out, stderr=err)
        # wait4, not wait: it returns the child's own resource usage, whose ru_maxrss is its peak memory.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise click.ClickException(f"{mode} load into {spec} failed:\n{stderr.strip()[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)  # Linux reports kilobytes
    return result


# -- the benchmark -----------------------------------------------------------------------------------------


def _fresh(store: str, where: str, facts: int, tag: str) -> str:
    """An empty store: the Neo4j database wiped, or a new embedded file."""
    if store == "neo4j":
        wipe_neo4j(where)
        return where
    path = Path(where) / f"graph-{tag}-{facts}.lbug"
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    return str(path)


def bench_store(store: str, where: str, facts_file: Path, facts: int, sample: int, memory_at: list[int],
                batch_size: int | None, console: Console, measured: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Every load of one store; ``measured`` is given the results so far after each load."""
    out: dict[str, Any] = {"store": store}
    console.print(f"[bold]{store}[/]: naive baseline on {sample:,} facts …")
    out["naive"] = in_child("naive", facts_file, sample, _fresh(store, where, sample, "naive"), batch_size)
    measured(out)
    console.print(f"{store}: kankei on the same {sample:,} facts …")
    out["kankei_sample"] = in_child("kankei", facts_file, sample, _fresh(store, where, sample, "sample"), batch_size)
    kankei_nodes = {k: out["kankei_sample"]["nodes"][k] for k in COMPARED_LABELS}
    out["same_nodes_as_naive"] = kankei_nodes == out["naive"]["nodes"]
    out["memory"] = []
    for size in sorted(set(memory_at) - {facts}):
        console.print(f"{store}: kankei on {size:,} facts (peak memory) …")
        run = in_child("kankei", facts_file, size, _fresh(store, where, size, "kankei"), batch_size)
        out["memory"].append({"facts": size, "peak_rss_mb": run["peak_rss_mb"], "facts_per_s": run["facts_per_s"]})
        measured(out)
    console.print(f"{store}: kankei on all {facts:,} facts …")
    spec = _fresh(store, where, facts, "kankei")
    out["kankei"] = in_child("kankei", facts_file, None, spec, batch_size)
    out["memory"].append({"facts": facts, "peak_rss_mb": out["kankei"]["peak_rss_mb"],
                          "facts_per_s": out["kankei"]["facts_per_s"]})
    measured(out)
    console.print(f"{store}: the same {facts:,} facts again …")
    out["second_load"] = in_child("kankei", facts_file, None, spec, batch_size)
    out["graph"] = spec
    out["speedup_vs_naive"] = round(out["kankei"]["facts_per_s"] / out["naive"]["facts_per_s"], 1)
    return out


def print_table(result: dict[str, Any], console: Console) -> None:
    table = Table(title=f"load: {result['facts']:,} synthetic facts (naive on {result['sample']:,})")
    for column in ("store", "naive f/s", "kankei f/s", "ratio", "kankei s", "of which events s",
                   "2nd load s", "2nd load f/s", "created 2nd", "same nodes"):
        table.add_column(column, justify="left" if column == "store" else "right")
    for store, r in result["stores"].items():
        second = r["second_load"]
        table.add_row(
            store, f"{r['naive']['facts_per_s']:,.0f}", f"{r['kankei']['facts_per_s']:,.0f}",
            f"{r['speedup_vs_naive']:.1f}×", f"{r['kankei']['seconds']:,.1f}", f"{r['kankei']['derive_seconds']:,.1f}",
            f"{second['seconds']:,.1f}", f"{second['facts_per_s']:,.0f}",
            str(second["nodes_created"] + second["relationships_created"]), "yes" if r["same_nodes_as_naive"] else "NO",
        )  # fmt: skip
    console.print(table)
    memory = Table(title="peak resident memory of the loader process (MB)")
    memory.add_column("store")
    sizes = sorted({m["facts"] for r in result["stores"].values() for m in r["memory"]})
    for size in sizes:
        memory.add_column(f"{size:,} facts", justify="right")
    for store, r in result["stores"].items():
        by_size = {m["facts"]: m["peak_rss_mb"] for m in r["memory"]}
        memory.add_row(store, *(f"{by_size.get(s, float('nan')):,.0f}" for s in sizes))
    console.print(memory)


@click.command(help=__doc__.split("\n\n")[0])
@click.option("--facts", type=click.IntRange(min=10), default=synth.FULL["facts"], show_default=True)
@click.option("--sample", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Facts the naive baseline loads (and kankei, to compare node counts).")
@click.option("--memory-at", type=click.IntRange(min=1), multiple=True, default=(100_000,), show_default=True,
              help="Further sizes to measure the loader's peak memory at (the full size always is).")
@click.option("--store", "stores", type=click.Choice(STORES), multiple=True, help="Default: both.")
@click.option("--neo4j-uri", default=lambda: os.environ.get("NEO4J_URI"), help="Default: $NEO4J_URI.")
@click.option("--wipe", is_flag=True, help="Allow emptying the Neo4j database before each load (required).")
@click.option("--batch-size", type=click.IntRange(min=1), help="Default: each store's own (see kankei load).")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the synthetic facts.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=DATA, show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Results JSON (default: "
              "bench/results/load.json, or load-<facts>.json for other sizes).")
@click.option("--worker", type=click.Choice(["kankei", "naive"]), hidden=True)
@click.option("--worker-file", type=click.Path(path_type=Path), hidden=True)
@click.option("--worker-store", hidden=True)
@click.option("--worker-limit", type=int, hidden=True)
def main(facts: int, sample: int, memory_at: tuple[int, ...], stores: tuple[str, ...], neo4j_uri: str | None,
         wipe: bool, batch_size: int | None, seed: int, data_dir: Path, out: Path | None, worker: str | None,
         worker_file: Path | None, worker_store: str | None, worker_limit: int | None) -> None:
    if worker:  # a child process of in_child(): one load, its result as a JSON line
        assert worker_file is not None and worker_store is not None
        run = naive_load(worker_file, worker_limit or 0, worker_store) if worker == "naive" else kankei_load(
            worker_file, worker_limit, worker_store, batch_size)
        click.echo(json.dumps(run))
        return
    stores = stores or STORES
    if "neo4j" in stores and not neo4j_uri:
        raise click.UsageError("give --neo4j-uri (or NEO4J_URI), or --store ladybug")
    if "neo4j" in stores and not wipe:
        raise click.UsageError(f"this benchmark empties the Neo4j database at {neo4j_uri} before each load: "
                               "pass --wipe to allow it (never point it at a graph you want to keep)")
    if sample > facts:
        raise click.UsageError("--sample cannot exceed --facts")
    console = Console(stderr=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    facts_file = data_dir / f"facts-{facts}-seed{seed}.jsonl"
    began = time.perf_counter()
    with console.status(f"synthetic facts → {facts_file} …"):
        synth.ensure(facts_file, facts, seed)
    result = header("load", facts=facts, sample=sample, batch_size=batch_size, seed=seed,
                    synth=synth.measure(synth.DEFAULT_PROFILE).summary(), sizes=vars(synth.Sizes.scaled(facts)),
                    stores={})  # fmt: skip
    path = out or RESULTS / ("load.json" if facts == synth.FULL["facts"] else f"load-{facts}.json")

    def measured(store_result: dict[str, Any]) -> None:  # a run of hours keeps what it measured if stopped
        result["stores"][store_result["store"]] = store_result
        write_json({**result, "complete": False, "seconds": round(time.perf_counter() - began, 1)}, path)

    for store in stores:
        where = neo4j_uri if store == "neo4j" else str(data_dir)
        assert where is not None
        result["stores"][store] = bench_store(store, where, facts_file, facts, sample, list(memory_at),
                                              batch_size, console, measured)
    result["complete"] = True
    result["seconds"] = round(time.perf_counter() - began, 1)
    console_out = Console()
    if not console_out.is_terminal:
        console_out = Console(width=max(console_out.width, 140))
    print_table(result, console_out)
    write_json(result, path)
    console.print(f"wrote {path} in {result['seconds']:.0f} s")


if __name__ == "__main__":
    main()
