"""``kankei extract``: articles → facts JSONL (and resolved entities)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kankei.articles import ReadReport, read_articles
from kankei.errors import CorpusReadError
from kankei.facts_io import write_entities, write_facts
from kankei.types import Entity, Fact

__all__ = ["extract_command", "run_extraction", "summary_line"]


def merge_entities(entities: list[Entity]) -> list[Entity]:
    """One record per entity id across articles: aliases united, mentions concatenated."""
    merged: dict[str, Entity] = {}
    for e in entities:
        old = merged.get(e.id)
        if old is None:
            merged[e.id] = e
            continue
        name = max((old.name, e.name), key=len)
        aliases = tuple(sorted(set(old.aliases) | set(e.aliases) | {old.name, e.name} - {name}))
        merged[e.id] = Entity(e.id, name, e.type, old.kind or e.kind, aliases, old.mentions + e.mentions)
    return sorted(merged.values(), key=lambda e: e.id)


def run_extraction(paths: list[Path], workers: int, console: Console, quiet: bool = False
                   ) -> tuple[list[Fact], list[Entity], ReadReport, list[tuple[str, str]]]:
    """Read and extract with a progress bar; returns facts, entities, the read report and failures."""
    from kankei.extract import extract_articles
    from kankei.extract.lexicon import load_lexicon

    report = ReadReport()

    def on_problem(problem: CorpusReadError) -> None:
        console.print(f"[yellow]warning[/] {problem}", highlight=False, soft_wrap=True)

    articles = list(read_articles(paths, on_problem=on_problem, report=report))
    lex = load_lexicon([p if p.is_dir() else p.parent for p in paths])
    failures: list[tuple[str, str]] = []
    with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, disable=quiet or not articles or not console.is_terminal,
                  transient=True) as progress:
        task = progress.add_task("extract", total=len(articles))

        def on_result(result) -> None:
            progress.advance(task)
            if result.error:
                failures.append((result.article, result.error))
                console.print(f"[red]failed[/] {result.article}: {result.error}", highlight=False, soft_wrap=True)

        results = extract_articles(articles, workers=workers, lex=lex, on_result=on_result)
    facts = [f for r in results for f in r.facts]
    entities = merge_entities([e for r in results for e in r.entities])
    return facts, entities, report, failures


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write facts JSONL here (default: standard output).")
@click.option("--entities", "entities_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the resolved entities, with aliases and mentions, as JSONL.")
@click.option("--workers", "-w", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Parser processes.")
@click.option("--strict", is_flag=True, help="Exit 1 when any input was skipped or failed.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def extract_command(paths: tuple[Path, ...], out: Path | None, entities_out: Path | None, workers: int,
                    strict: bool, quiet: bool) -> None:
    """Extract facts from articles (.txt/.md with optional YAML front matter, or .jsonl).

    PATHS are files or folders. Problems with single inputs (undecodable, empty, broken JSONL line)
    are reported with the file and skipped; the rest is processed. Exit status: 0 when everything
    usable was processed, 1 with --strict when something was skipped or failed.

    Example:

        kankei extract corpus/ --out facts.jsonl --entities entities.jsonl
    """
    console = Console(stderr=True)
    facts, entities, report, failures = run_extraction(list(paths), workers, console, quiet)
    if out is None:
        write_facts(facts, sys.stdout)
    else:
        with open(out, "w", encoding="utf-8") as fh:
            write_facts(facts, fh)
    if entities_out is not None:
        with open(entities_out, "w", encoding="utf-8") as fh:
            write_entities(entities, fh)
    console.print(summary_line(report, failures, facts, out), highlight=False)
    if strict and (report.skipped or failures):
        raise SystemExit(1)


def summary_line(report: ReadReport, failures: list[tuple[str, str]], facts: list[Fact], out: Path | None) -> str:
    """``5 articles processed, 1 skipped, 0 failed; 209 facts → facts.jsonl``."""
    processed = report.read - len(failures)
    return (f"{processed} articles processed, {report.skipped} skipped, {len(failures)} failed; "
            f"{len(facts)} facts" + (f" → {out}" if out else ""))
