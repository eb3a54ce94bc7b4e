"""``kankei analyze``, ``view``, ``timeline`` and ``report``: measures and pictures of the graph in either store."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.core import ParameterSource

from kankei.analysis import DEFAULT_SIDES, analyze, check_sides, resolve_people, rows_for, shortest_connections
from kankei.cli_graph import FORMATS, _store, emit, store_option
from kankei.load.store import Store

__all__ = ["analyze_command", "view_command", "timeline_command", "report_command"]

SECTIONS = ("all", "centrality", "communities", "bridges", "path")
_TITLES = {
    "centrality": "People: connections, degree and betweenness centrality, Louvain community",
    "communities": "Communities (Louvain)",
    "bridges": "Bridges between {0} and {1} (social ties: MET / ACCOMPANIED)",
    "path": "Shortest connections",
}

sides_option = click.option(
    "--sides",
    nargs=2,
    default=DEFAULT_SIDES,
    show_default=True,
    metavar="COUNTRY COUNTRY",
    help="The two sides whose bridges to find: people are on the side of the country they hold a position in.",
)


def _sides_given(graph: Store, sides: tuple[str, str]) -> None:
    """Sides typed on the command line must exist; the default ones may be absent from a corpus."""
    if click.get_current_context().get_parameter_source("sides") is ParameterSource.COMMANDLINE:
        check_sides(graph, sides)


def _out_option(default: str, help_text: str):
    return click.option(
        "--out",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        default=default,
        show_default=True,
        help=help_text,
    )


@click.command("analyze")
@click.argument("section", type=click.Choice(SECTIONS), default="all")
@click.option(
    "--between", nargs=2, default=None, metavar="PERSON PERSON", help="Also the shortest connections of two people."
)
@click.option("--top", type=click.IntRange(min=0), default=0, help="Only the first N rows of each section (0 = all).")
@sides_option
@store_option
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format."
)
def analyze_command(
    section: str, between: tuple[str, str] | None, top: int, sides: tuple[str, str], store: str | None, fmt: str
) -> None:
    """Network measures of the graph: centrality of people, communities, bridges between two sides and the
    shortest connection between two people (networkx). SECTION picks one (default: all of them).

    Example:

        kankei analyze bridges --sides ロシア 北朝鮮 --format csv
        kankei analyze path --between ラブロフ 習近平
    """
    if section == "path" and not between:
        raise click.UsageError("the path section needs --between PERSON PERSON")
    sections = [section] if section != "all" else ["centrality", "communities", "bridges"]
    if section == "all" and between:
        sections.append("path")
    if fmt == "csv" and len(sections) > 1:
        raise click.UsageError("--format csv prints one section: name it (centrality, communities, bridges or path)")
    with _store(store, read_only=True) as graph:
        _sides_given(graph, sides)
        analysis = analyze(graph, tuple(sides))
        connections = []
        if between:
            connections = shortest_connections(
                analysis.graph, resolve_people(graph, between[0]), resolve_people(graph, between[1])
            )
    results = {name: rows_for(analysis, name, connections) for name in sections}
    if top:
        results = {name: rows[:top] for name, rows in results.items()}
    if fmt == "json":
        click.echo(json.dumps(results if len(sections) > 1 else results[sections[0]], ensure_ascii=False, indent=1))
        return
    for name in sections:
        if fmt == "csv":
            emit(results[name], fmt)
        else:
            emit(results[name], fmt, title=_TITLES[name].format(*analysis.sides))
            if name == "path" and not results[name]:
                click.echo(f"{between[0]} and {between[1]} are not connected.")


@click.command("view")
@_out_option("graph.html", "HTML file to write.")
@click.option("--around", "around", multiple=True, metavar="NAME", help="Only the neighbourhood of NAME (repeatable).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Links around --around.")
@sides_option
@store_option
def view_command(out: Path, around: tuple[str, ...], depth: int, sides: tuple[str, str], store: str | None) -> None:
    """Write an interactive page of the graph that opens offline: nodes coloured by type and sized by
    centrality, links labelled by relation, hover for titles, dates and evidence sentences.

    Example:

        kankei view --around プーチン --depth 2 --out putin.html
    """
    from kankei.views import write_graph_page

    with _store(store, read_only=True) as graph:
        _sides_given(graph, sides)
        page = write_graph_page(graph, out, around, depth, tuple(sides))
    click.echo(f"Wrote {out}: {page.nodes} entities, {page.edges} links.")


@click.command("timeline")
@_out_option("timeline.png", "A .png picture or an .html page (picture and table).")
@click.option("--person", "people", multiple=True, metavar="NAME", help="Only this person's lane (repeatable).")
@store_option
def timeline_command(out: Path, people: tuple[str, ...], store: str | None) -> None:
    """Draw visits and meetings over time: one lane per person, place and counterpart on each mark.

    Example:

        kankei timeline --person プーチン --person 金正恩 --out timeline.png
    """
    from kankei.timeline import write_timeline

    with _store(store, read_only=True) as graph:
        timeline = write_timeline(graph, out, people)
    skipped = f" ({timeline.undated} undated left out)" if timeline.undated else ""
    lanes = len(timeline.people())
    click.echo(f"Wrote {out}: {len(timeline.marks)} marks in {lanes} lane{'s' if lanes != 1 else ''}{skipped}.")


@click.command("report")
@_out_option("report.html", "HTML file to write.")
@click.option(
    "--gold",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Gold directory: add the extraction's evaluation figures.",
)
@click.option(
    "--facts",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Facts JSONL to score against --gold (default: the facts in the store).",
)
@sides_option
@store_option
def report_command(
    out: Path, gold: Path | None, facts: Path | None, sides: tuple[str, str], store: str | None
) -> None:
    """Write one self-contained HTML page: corpus statistics, most connected people, bridges, communities,
    the timeline, the graph, evaluation figures (with --gold) and every relationship linked to its evidence.

    Example:

        kankei report --gold corpus/gold --out report.html
    """
    from kankei.report import write_report

    if facts is not None and gold is None:
        raise click.UsageError("--facts is scored against --gold: give the gold directory too")
    with _store(store, read_only=True) as graph:
        _sides_given(graph, sides)
        summary = write_report(graph, out, gold, facts, tuple(sides))
    facts_total = sum(summary.facts.values())
    evaluated = ", with evaluation" if summary.evaluated else ""
    click.echo(
        f"Wrote {out}: {summary.articles} articles, {facts_total} facts, "
        f"{summary.relationships} relationships{evaluated}."
    )
