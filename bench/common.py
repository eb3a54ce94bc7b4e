"""What the benchmarks share: machine facts and git revision for the results JSON, writing it, statistics,
and the Neo4j connection (credentials from the environment only) with a wipe that scales to big graphs."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "bench" / "data"  # git-ignored: generated fact files and graphs


def version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def git_state() -> str | None:
    """``git describe --always --dirty`` of the checkout, so a result names the code it measured."""
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                             text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def _memory_gib() -> float | None:
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return None
    return round(pages * size / 2**30, 1)


def _load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


GRAPH_PACKAGES = ("neo4j", "neo4j-rust-ext", "ladybug")
NLP_PACKAGES = ("spacy", "thinc", "blis", "numpy", "ginza", "ja-ginza", "SudachiPy", "SudachiDict-core")


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo") as fh:
            info = dict(line.split(":", 1) for line in fh if ":" in line and line.split(":", 1)[0].strip() in (
                "model name", "cpu family", "model"))
    except OSError:
        return platform.processor() or None
    return ", ".join(f"{k.strip()} {v.strip()}" for k, v in info.items())


def machine(packages: tuple[str, ...] = GRAPH_PACKAGES) -> dict[str, Any]:
    """Where and with what the figures were measured (load average too: the machine is shared)."""
    return {
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gib": _memory_gib(),
        "load_average": _load_average(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        **{package: version(package) for package in packages},
    }


def header(benchmark: str, **extra: Any) -> dict[str, Any]:
    return {
        "benchmark": benchmark,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "kankei_git": git_state(),
        **extra,
    }


def write_json(result: dict[str, Any], path: Path) -> None:
    """Write through a temporary file, so a killed run never leaves half a result."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation, like numpy's default."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    at = (len(ordered) - 1) * q
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def summary_ms(seconds: list[float]) -> dict[str, Any]:
    """Median, p95 and max of some timings, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 2) if ms else None,
        "p95_ms": round(percentile(ms, 0.95), 2) if ms else None,
        "max_ms": round(max(ms), 2) if ms else None,
    }


# -- Neo4j -------------------------------------------------------------------------------------------------


def neo4j_auth() -> tuple[str, str]:
    """(user, password) from NEO4J_USER / NEO4J_PASSWORD: never from code or the command line."""
    password = os.environ.get("NEO4J_PASSWORD")
    if not password:
        raise SystemExit("NEO4J_PASSWORD is not set: the benchmarks log in to Neo4j with it (auth stays on)")
    return os.environ.get("NEO4J_USER") or "neo4j", password


def wipe_neo4j(uri: str) -> None:
    """Empty a Neo4j database: relationships, then nodes, in small transactions (one DETACH DELETE of a
    million-fact graph exceeds the transaction memory limit), then every constraint and index."""
    import neo4j

    driver = neo4j.GraphDatabase.driver(uri, auth=neo4j_auth(), notifications_min_severity="OFF")
    with driver, driver.session() as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()
        for record in list(session.run("SHOW CONSTRAINTS YIELD name")):
            session.run(f"DROP CONSTRAINT {_quoted(record['name'])} IF EXISTS").consume()
        indexes = "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"
        for name in [r["name"] for r in session.run(indexes)]:
            session.run(f"DROP INDEX {_quoted(name)} IF EXISTS").consume()


def _quoted(name: str) -> str:
    """A schema name (from SHOW …, never from user input) as a Cypher identifier."""
    return "`" + name.replace("`", "``") + "`"
