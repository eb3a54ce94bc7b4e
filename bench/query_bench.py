"""Query benchmark: median and p95 latency of every canned query on a loaded graph (by default the one
``bench/load_bench.py`` left: 1M synthetic facts), on Neo4j and on the embedded store, with parameters
drawn from the graph, plus the operators of Neo4j's ``PROFILE`` plan of each query.

Parameters come in two kinds, and each query is timed with both:

- **hot**: the most reported entities (people, places, pairs …), each queried ``--repeat`` times in a row, so
  plans and pages are cached and the neighbourhoods are the largest there are;
- **cold**: ``--cold`` entities drawn at random (most of them rarely reported), each queried once, so every
  run touches data no query has touched before.

Whole-graph queries (``most-connected``, ``shortest-connection`` between people picked as above, and
``who-accompanied-whom`` with no leader) are reported with the same split. Latency is the wall time of
``kankei.queries.run_query`` (binding, the round trip and reading every row), as a user of the Python API or
``kankei query`` sees it. Targets (Neo4j): p95 ≤ 50 ms for single-entity queries and ≤ 500 ms for the
whole-graph ones; single-entity plans seek an index instead of scanning a label.

Usage (from the repository root):
    NEO4J_PASSWORD=… python bench/query_bench.py --neo4j-uri bolt://127.0.0.1:27687 \
        --ladybug bench/data/graph-kankei-1000000.lbug
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS, header, neo4j_auth, summary_ms, write_json  # noqa: E402

WHOLE_GRAPH = ("most-connected", "shortest-connection")
TARGET_MS = {"single": 50.0, "whole": 500.0}
SCANS = ("NodeByLabelScan", "AllNodesScan")

# Candidate parameters, most reported first, from the graph itself (the same on both engines).
_PEOPLE = (
    "MATCH (p:Person)<-[:SUBJECT|OBJECT]-(e:Evidence) WITH p, count(e) AS n "
    "RETURN p.name AS name ORDER BY n DESC, name LIMIT $limit"
)
_ALL_PEOPLE = "MATCH (p:Person) RETURN p.name AS name ORDER BY name"
_PLACES = (
    "MATCH (p:Place)<-[:OBJECT]-(e:Evidence) WHERE e.relation = 'VISITED' WITH p, count(e) AS n "
    "RETURN p.name AS name ORDER BY n DESC, name"
)
_COUNTRIES = (
    "MATCH (:Visit)-[:AT]->(:Place)-[:PART_OF*0..6]->(c:Place) WHERE NOT EXISTS { MATCH (c)-[:PART_OF]->() } "
    "WITH c, count(*) AS n RETURN c.name AS name ORDER BY n DESC, name"
)
_PAIRS = (
    "MATCH (x:Person)-[r:MET]->(y:Person) RETURN x.name AS a, y.name AS b, r.evidence AS n ORDER BY n DESC, a, b"
)
_LEADERS = (
    "MATCH (m)-[r:ACCOMPANIED]->(l:Person) WITH l, count(r) AS n RETURN l.name AS name ORDER BY n DESC, name"
)
_VISITS = (
    "MATCH (p)-[:PARTICIPATED {role: 'visitor'}]->(v:Visit) WHERE v.date IS NOT NULL "
    "WITH p, v, COUNT { MATCH (v)<-[:PARTICIPATED]-() } AS n "
    "RETURN p.name AS name, left(v.date, 7) AS date, n ORDER BY n DESC, name, date"
)
_ARTICLES = "MATCH (a:Article) RETURN a.id AS id ORDER BY id"
_ARTICLE_FACTS = (
    "MATCH (a:Article {id: $id})-[:REPORTS]->(e:Evidence) MATCH (x)<-[:SUBJECT]-(e)-[:OBJECT]->(y) "
    "RETURN x.name AS s, y.name AS o, e.relation AS relation ORDER BY e.key LIMIT 1"
)
_RELATIONS = (
    "MATCH (x:Person)<-[:SUBJECT]-(e:Evidence)-[:OBJECT]->(y) WITH x, y, e.relation AS relation, count(e) AS n "
    "RETURN x.name AS s, y.name AS o, relation, n ORDER BY n DESC, s, o, relation LIMIT $limit"
)


class Params:
    """Hot and cold parameter sets per query, drawn from the graph."""

    def __init__(self, store: Any, hot: int, cold: int, seed: int):
        self.hot, self.cold = hot, cold
        self.rng = random.Random(seed)
        people = [r["name"] for r in store.read(_ALL_PEOPLE)]
        self.people_hot = [r["name"] for r in store.read(_PEOPLE, {"limit": hot})]
        self.people_cold = self._sample(people)
        places = [r["name"] for r in store.read(_PLACES)]
        self.places = (places[:hot], self._sample(places))
        countries = [r["name"] for r in store.read(_COUNTRIES)]
        self.countries = (countries[:hot], self._sample(countries))
        pairs = [(r["a"], r["b"]) for r in store.read(_PAIRS)]
        self.pairs = (pairs[:hot], self._sample(pairs))
        leaders = [r["name"] for r in store.read(_LEADERS)]
        self.leaders = (leaders[:hot], self._sample(leaders))
        visits = [(r["name"], r["date"]) for r in store.read(_VISITS)]
        self.visits = (visits[:hot], self._sample(visits))
        hot_relations = [(r["s"], r["o"], r["relation"]) for r in store.read(_RELATIONS, {"limit": hot})]
        # Cold facts: the first fact of random articles (drawing from all evidence would read all of it).
        cold_relations = []
        for article in self._sample([r["id"] for r in store.read(_ARTICLES)]):
            cold_relations += [(r["s"], r["o"], r["relation"]) for r in store.read(_ARTICLE_FACTS, {"id": article})]
        self.relations = (hot_relations, cold_relations)

    def _sample(self, items: list[Any]) -> list[Any]:
        return self.rng.sample(items, min(self.cold, len(items)))

    def for_query(self, name: str, kind: str) -> list[dict[str, Any]]:
        i = 0 if kind == "hot" else 1
        people = self.people_hot if kind == "hot" else self.people_cold
        one = {
            "articles-mentioning": lambda: [{"entity": p} for p in people],
            "co-attendees": lambda: [{"person": p} for p in people],
            "timeline": lambda: [{"person": p} for p in people],
            "positions": lambda: [{"person": p} for p in people],
            "officials-who-visited": lambda: [{"place": p} for p in self.places[i]],
            "visits-to": lambda: [{"country": c} for c in self.countries[i]],
            "meetings-between": lambda: [{"person1": a, "person2": b} for a, b in self.pairs[i]],
            "who-accompanied-whom": lambda: [{"leader": leader} for leader in self.leaders[i]],
            "delegation": lambda: [{"visitor": v, "date": d} for v, d in self.visits[i]],
            "evidence": lambda: [{"subject": s, "object": o, "relation": r} for s, o, r in self.relations[i]],
            "most-connected": lambda: [{"limit": 10}],
            # Two people the same distance apart as the pair: hot pairs met, cold ones are anyone.
            "shortest-connection": lambda: [
                {"person1": a, "person2": b}
                for a, b in (self.pairs[0] if kind == "hot" else zip(people[::2], people[1::2], strict=False))
            ],
        }
        return one[name]() if name in one else [{}]


def time_query(store: Any, name: str, params: dict[str, Any]) -> tuple[float, int]:
    from kankei.queries import run_query

    started = time.perf_counter()
    rows = run_query(store, name, params)
    return time.perf_counter() - started, len(rows)


def profile_operators(store: Any, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The operators of the Neo4j ``PROFILE`` plan of a canned query, outermost first, with the rows each
    produced and its database hits (a guarded branch that never ran shows 0 of both)."""
    from kankei.queries import bind_params, get_query

    query = get_query(name)
    text = query.text("neo4j")
    values = bind_params(query, params)
    with store._driver.session(database=store.database, default_access_mode="READ") as session:
        result = session.run("PROFILE " + text, values)
        list(result)  # the profile is complete only once every row was read
        summary = result.consume()
    operators: list[dict[str, Any]] = []

    def walk(plan: dict[str, Any]) -> None:
        operators.append({"operator": plan["operatorType"].split("@")[0], "rows": plan.get("rows", 0),
                          "db_hits": plan.get("dbHits", 0)})
        for child in plan.get("children", []):
            walk(child)

    walk(summary.profile)
    return operators


def bench_store(store: Any, params: Params, repeat: int, console: Console) -> dict[str, Any]:
    from kankei.queries import list_queries

    out: dict[str, Any] = {}
    for query in list_queries():
        name = query.name
        entry: dict[str, Any] = {"kind": "whole" if name in WHOLE_GRAPH else "single"}
        for kind in ("hot", "cold"):
            sets = params.for_query(name, kind)
            timings, rows = [], []
            runs = repeat if kind == "hot" else 1
            if kind == "hot" or name in WHOLE_GRAPH:
                for p in sets[:1]:
                    time_query(store, name, p)  # the first run compiles the plan: hot means warm
            for p in sets:
                for _ in range(runs):
                    seconds, n = time_query(store, name, p)
                    timings.append(seconds)
                    rows.append(n)
            entry[kind] = {**summary_ms(timings), "params": len(sets), "rows_median": sorted(rows)[len(rows) // 2]}
        if store.engine == "neo4j":
            operators = profile_operators(store, name, params.for_query(name, "hot")[0])
            entry["profile_operators"] = [op["operator"] for op in operators]
            entry["profile"] = operators
            # A scan that read nothing is a guarded branch (the query's "everyone" case) that did not run.
            entry["label_scans"] = sorted({op["operator"] for op in operators if op["operator"] in SCANS
                                           and (op["rows"] or op["db_hits"])})
            entry["index_seeks"] = sorted({op["operator"] for op in operators if "Index" in op["operator"]})
            target = TARGET_MS[entry["kind"]]
            entry["target_p95_ms"] = target
            entry["meets_target"] = all(entry[k]["p95_ms"] <= target for k in ("hot", "cold"))
        out[name] = entry
        console.print(f"  {name}: hot p95 {entry['hot']['p95_ms']} ms, cold p95 {entry['cold']['p95_ms']} ms")
    return out


def print_table(result: dict[str, Any], console: Console) -> None:
    stores = list(result["stores"])
    table = Table(title=f"canned queries on {result['graph']} (ms; hot: {result['hot']} top entities × "
                        f"{result['repeat']}, cold: {result['cold']} random entities × 1)")
    table.add_column("query")
    for store in stores:
        for col in ("hot med", "hot p95", "cold med", "cold p95"):
            table.add_column(f"{store}\n{col}", justify="right")
    table.add_column("neo4j plan")
    names = sorted({q for s in stores for q in result["stores"][s]})
    for name in names:
        row = [name]
        for store in stores:
            e = result["stores"][store].get(name, {})
            for kind in ("hot", "cold"):
                row += [f"{e[kind]['median_ms']:.1f}", f"{e[kind]['p95_ms']:.1f}"] if kind in e else ["", ""]
        neo = result["stores"].get("neo4j", {}).get(name, {})
        plan = ""
        if neo:
            plan = ("label scan: " + ", ".join(neo["label_scans"])) if neo["label_scans"] else (
                ", ".join(neo["index_seeks"]) or "no index")
            plan += "" if neo["meets_target"] else "  [misses target]"
        table.add_row(*row, plan)
    console.print(table)


def _open(store: str, neo4j_uri: str | None, ladybug: Path | None) -> Any:
    from kankei.load.ladybug_store import LadybugStore
    from kankei.load.neo4j_store import Neo4jStore
    from kankei.settings import Neo4jCredentials

    if store == "neo4j":
        user, password = neo4j_auth()
        return Neo4jStore.connect(neo4j_uri or "", Neo4jCredentials(user, password))
    return LadybugStore.open(ladybug or "", read_only=True)


@click.command(help=__doc__.split("\n\n")[0])
@click.option("--neo4j-uri", default=lambda: os.environ.get("NEO4J_URI"), help="Default: $NEO4J_URI.")
@click.option("--ladybug", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The embedded graph file to query.")
@click.option("--hot", type=click.IntRange(min=1), default=5, show_default=True, help="Top entities per query.")
@click.option("--repeat", type=click.IntRange(min=1), default=10, show_default=True, help="Runs per hot entity.")
@click.option("--cold", type=click.IntRange(min=1), default=40, show_default=True, help="Random entities per query.")
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--graph", "graph_name", default="", help="What was loaded (for the report), e.g. '1,000,000 facts'.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=RESULTS / "queries.json",
              show_default=True)
def main(neo4j_uri: str | None, ladybug: Path | None, hot: int, repeat: int, cold: int, seed: int,
         graph_name: str, out: Path) -> None:
    stores = [s for s, given in (("neo4j", neo4j_uri), ("ladybug", ladybug)) if given]
    if not stores:
        raise click.UsageError("give --neo4j-uri (or NEO4J_URI) and/or --ladybug FILE")
    console = Console(stderr=True)
    result = header("queries", graph=graph_name or "the loaded graph", hot=hot, repeat=repeat, cold=cold, seed=seed,
                    targets_ms=TARGET_MS, stores={})  # fmt: skip
    began = time.perf_counter()
    for name in stores:
        with _open(name, neo4j_uri, ladybug) as store:
            console.print(f"[bold]{name}[/]: drawing parameters from the graph …")
            params = Params(store, hot, cold, seed)
            result["stores"][name] = bench_store(store, params, repeat, console)
    result["seconds"] = round(time.perf_counter() - began, 1)
    printer: Callable[..., None] = print_table
    console_out = Console()
    if not console_out.is_terminal:
        console_out = Console(width=max(console_out.width, 160))
    printer(result, console_out)
    write_json(result, out)
    console.print(f"wrote {out} in {result['seconds']:.0f} s")


if __name__ == "__main__":
    main()
