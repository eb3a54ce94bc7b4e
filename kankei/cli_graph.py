"""``kankei load | query | stats | build | export``: thin click commands over :mod:`kankei.load` and
:mod:`kankei.queries`. Typed errors become one-line messages and exit code 1."""

from __future__ import annotations

import csv
import json
import logging
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kankei.cli_extract import run_extraction, summary_line
from kankei.console import results_console
from kankei.errors import KankeiError
from kankei.facts_io import read_facts, write_facts
from kankei.load import LoadStats, Store, graph_counts, load_facts, open_store
from kankei.load.export import EXPORT_FORMATS, export_graph
from kankei.queries import get_query, list_queries, load_query_file, run_query
from kankei.types import Fact

__all__ = ["load_command", "query_command", "stats_command", "build_command", "export_command"]

FORMATS = ("table", "json", "csv")

store_option = click.option(
    "--store",
    "store",
    metavar="URI|FILE",
    default=None,
    help="bolt://HOST:7687 (Neo4j, NEO4J_USER/NEO4J_PASSWORD from env or .env) or an embedded graph "
    "file. Default: $KANKEI_STORE, else kankei.lbug.",
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format."
)
batch_option = click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=None,
    help="Facts per load batch and rows per statement (default: 1,000 on Neo4j, 10,000 embedded).",
)


class _RetryNotice(logging.Handler):
    """The Neo4j driver's retry warnings as one line each (its connection-level chatter stays out: a
    failure that retrying cannot fix ends as one ``Error:`` line anyway)."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("Transaction failed and will be retried") and len(record.args or ()) == 2:
            delay, reason = record.args  # type: ignore[misc]
            text = f"Neo4j transaction failed, retrying in {float(delay):.1f} s: {reason}"
        else:
            text = record.getMessage()
        click.echo("warning: " + " ".join(text.split()), err=True)


def _driver_logs_as_notices() -> None:
    driver_log = logging.getLogger("neo4j")
    if any(isinstance(h, logging.NullHandler) for h in driver_log.handlers):
        return
    driver_log.addHandler(logging.NullHandler())
    driver_log.propagate = False
    retries = logging.getLogger("neo4j.session")
    retries.addHandler(_RetryNotice(logging.WARNING))
    retries.setLevel(logging.WARNING)


@contextmanager
def _store(spec: str | None, read_only: bool = False) -> Iterator[Store]:
    _driver_logs_as_notices()
    try:
        store = open_store(spec, read_only=read_only)
    except KankeiError as error:
        raise click.ClickException(str(error)) from error
    try:
        yield store
    except KankeiError as error:
        raise click.ClickException(str(error)) from error
    finally:
        store.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def emit(rows: Sequence[dict[str, Any]], fmt: str, title: str | None = None) -> None:
    """Print rows as a rich table, JSON (a list of objects) or CSV with a header line."""
    columns = list(rows[0]) if rows else []
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(row[c]) for c in columns] for row in rows)
    else:
        table = Table(title=title, title_justify="left")
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(_cell(row[c]) for c in columns))
        results_console().print(table)
        click.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


def _count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for line in fh if line.strip())


def _load_with_progress(
    facts: Iterable[Fact], store: Store, batch_size: int | None, total: int | None
) -> LoadStats:
    columns = [TextColumn("loading facts"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    console = Console(stderr=True)
    # Not on a terminal (a log, a pipe) the bar would only leave an empty line behind.
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("load", total=total)
        return load_facts(facts, store, batch_size, progress=lambda n: progress.advance(task, n))


def _summary(stats: LoadStats, store: Store) -> None:
    rows = [{"kind": "node", "label/type": k, "created": v} for k, v in stats.nodes.items() if v]
    rows += [
        {"kind": "relationship", "label/type": k, "created": v} for k, v in stats.relationships.items() if v
    ]
    if rows:
        emit(rows, "table")
    skipped = f", {stats.skipped} skipped (subject = object)" if stats.skipped else ""
    click.echo(
        f"Loaded {stats.facts} facts{skipped} into {store.name} in {stats.seconds:.1f} s: "
        f"{stats.nodes_created} nodes and {stats.relationships_created} relationships created."
    )


@click.command("load")
@click.argument(
    "facts_file", metavar="FACTS.jsonl", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@store_option
@batch_option
def load_command(facts_file: Path, store: str | None, batch_size: int | None) -> None:
    """Load a facts JSONL file into the graph (idempotent: loading twice changes nothing).

    Example:

        kankei load facts.jsonl --store bolt://127.0.0.1:7687
    """
    with _store(store) as graph:
        stats = _load_with_progress(read_facts(facts_file), graph, batch_size, _count_lines(facts_file))
        _summary(stats, graph)


@click.command("query")
@click.argument("name", required=False)
@click.option(
    "-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable)."
)
@click.option("--list", "list_only", is_flag=True, help="List the canned queries and their parameters.")
@store_option
@format_option
def query_command(
    name: str | None, params: tuple[str, ...], list_only: bool, store: str | None, fmt: str
) -> None:
    """Run a canned query (NAME, or the path of your own .cypher file) read-only.

    Example:

        kankei query officials-who-visited -p place=平壌 --format csv
    """
    if list_only or not name:
        rows = [
            {
                "name": q.name,
                "parameters": ", ".join(
                    f"{p.name}={p.default!r}{' (required)' if p.required else ''}" for p in q.user_params()
                ),
                "description": q.description,
            }
            for q in list_queries()
        ]
        emit(rows, fmt)
        return
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="-p")
        values[key.strip()] = value
    try:
        canned = load_query_file(name) if name.endswith(".cypher") else get_query(name)
    except KankeiError as error:
        raise click.ClickException(str(error)) from error
    with _store(store, read_only=True) as graph:
        emit(run_query(graph, canned, values), fmt, title=canned.description if fmt == "table" else None)


@click.command("stats")
@store_option
@format_option
def stats_command(store: str | None, fmt: str) -> None:
    """Count nodes by label and relationships by type.

    Example:

        kankei stats --format json
    """
    with _store(store, read_only=True) as graph:
        counts = graph_counts(graph)
        rows = [{"kind": "node", "label/type": k, "count": v} for k, v in counts.nodes.items()]
        rows += [
            {"kind": "relationship", "label/type": k, "count": v} for k, v in counts.relationships.items()
        ]
        emit(rows, fmt)


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@store_option
@click.option(
    "--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Extraction processes."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Also write the extracted facts to this JSONL file.",
)
@batch_option
def build_command(
    paths: tuple[Path, ...], store: str | None, workers: int, out: Path | None, batch_size: int | None
) -> None:
    """Extract facts from articles (files or folders; default corpus/) and load them: extract + load.

    Example:

        kankei build corpus/ --out facts.jsonl --store kankei.lbug
    """
    if not paths:
        if not Path("corpus").is_dir():
            raise click.UsageError("give the articles to read (files or folders); there is no corpus/ here")
        paths = (Path("corpus"),)
    console = Console(stderr=True)
    try:
        facts, _, report, failures = run_extraction(list(paths), workers, console)
    except KankeiError as error:
        raise click.ClickException(str(error)) from error
    if out is not None:
        with open(out, "w", encoding="utf-8") as fh:
            write_facts(facts, fh)
    console.print(summary_line(report, failures, facts, out), highlight=False)
    with _store(store) as graph:
        _summary(_load_with_progress(facts, graph, batch_size, len(facts)), graph)


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="File format.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="File to write.",
)
@store_option
def export_command(fmt: str, out: Path, store: str | None) -> None:
    """Export people, organisations, places and their four relations for Gephi, networkx & co.

    Example:

        kankei export --format graphml --out kankei.graphml
    """
    with _store(store, read_only=True) as graph:
        exported = export_graph(graph, fmt, out)
    click.echo(f"Wrote {exported.number_of_nodes()} nodes and {exported.number_of_edges()} edges to {out}.")
