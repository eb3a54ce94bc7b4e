"""``kankei eval``: score predicted facts (a JSONL file, or a corpus extracted on the spot) against gold."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from kankei.console import results_console
from kankei.errors import KankeiError
from kankei.evaluate import Accuracy, EvalReport, evaluate, read_predictions
from kankei.types import RELATIONS

__all__ = ["eval_command"]


def _extract(paths: tuple[Path, ...]) -> list[Any]:
    try:
        from kankei.extract import extract_corpus
    except ImportError as e:
        raise click.ClickException(
            f"--corpus needs kankei.extract.extract_corpus(paths), which cannot be imported ({e}); "
            "extract first and pass the facts with --pred") from e
    click.echo(f"extracting facts from {', '.join(map(str, paths))} …", err=True)
    return list(extract_corpus(list(paths)))


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _print_table(report: EvalReport, verbose: bool) -> None:
    console = results_console()
    table = Table(title="Relations (rule 4)")
    table.add_column("relation", no_wrap=True)
    for col in ("pred", "correct", "gold", "matched", "opt.only", "P", "R", "F1"):
        table.add_column(col, justify="right")
    for rel in RELATIONS:
        s = report.relations[rel]
        table.add_row(rel, str(s.predicted), str(s.correct), str(s.gold), str(s.matched),
                      str(s.optional_only), _fmt(s.precision), _fmt(s.recall), _fmt(s.f1))
    table.add_section()
    table.add_row("macro", "", "", "", "", "", _fmt(report.macro_precision), _fmt(report.macro_recall),
                  _fmt(report.macro_f1), style="bold")
    console.print(table)

    acc = Table(title="Over matched facts (rule 5)")
    for col in ("attribute", "correct", "total", "accuracy"):
        acc.add_column(col, justify="left" if col == "attribute" else "right")
    for label, a in (("date", report.date), ("title", report.title), ("modality", report.modality)):
        acc.add_row(label, str(a.correct), str(a.total), _fmt(a.value))
    console.print(acc)
    skipped = {k: v for k, v in report.ignored.items() if v}
    if skipped:
        console.print("not scored: " + ", ".join(f"{v} ({k.replace('_', ' ')})" for k, v in skipped.items()))
    if not verbose:
        return

    misses = Table(title=f"Misses: non-optional gold facts not matched ({len(report.misses)})")
    for col in ("article", "relation", "subject", "object", "dates"):
        misses.add_column(col, overflow="fold")
    for m in report.misses:
        misses.add_row(m.article, m.relation, m.subject_name, m.object_name, " ".join(m.dates))
    console.print(misses)

    fps = Table(title=f"False positives: predicted pairs matching nothing ({len(report.false_positives)})")
    for col in ("article", "relation", "subject", "object", "evidence"):
        fps.add_column(col, overflow="fold")
    for f in report.false_positives:
        subject = f.subject if f.subject_known else f"{f.subject} (unknown)"
        obj = f.object if f.object_known else f"{f.object} (unknown)"
        fps.add_row(f.article, f.relation, subject, obj, f.sentence or "")
    console.print(fps)

    attrs = Table(title=f"Wrong date, title or modality on matched facts ({len(report.attribute_misses)})")
    for col in ("article", "relation", "subject", "object", "attribute", "gold", "predicted"):
        attrs.add_column(col, overflow="fold")
    for a in report.attribute_misses:
        attrs.add_row(a.article, a.relation, a.subject_name, a.object_name, a.attribute, " ".join(a.gold),
                      " ".join(a.predicted))
    console.print(attrs)


def _print_csv(report: EvalReport, verbose: bool) -> None:
    """One row per relation, ``macro``, then date/title/modality (their counts in correct/gold)."""
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["scope", "predicted", "correct", "gold", "matched", "optional_only",
                  "precision", "recall", "f1", "accuracy"])
    for rel in RELATIONS:
        s = report.relations[rel]
        out.writerow([rel, s.predicted, s.correct, s.gold, s.matched, s.optional_only,
                      f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}", ""])
    out.writerow(["macro", "", "", "", "", "", f"{report.macro_precision:.4f}",
                  f"{report.macro_recall:.4f}", f"{report.macro_f1:.4f}", ""])
    accuracies: tuple[tuple[str, Accuracy], ...] = (
        ("date", report.date), ("title", report.title), ("modality", report.modality))
    for label, a in accuracies:
        out.writerow([label, "", a.correct, a.total, "", "", "", "", "",
                      "" if a.value is None else f"{a.value:.4f}"])
    if verbose:  # details go to stderr so stdout stays one CSV table
        for m in report.misses:
            click.echo(f"miss\t{m.article}\t{m.relation}\t{m.subject_name}\t{m.object_name}", err=True)
        for f in report.false_positives:
            click.echo(f"false positive\t{f.article}\t{f.relation}\t{f.subject}\t{f.object}\t"
                       f"{f.sentence or ''}", err=True)


@click.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--pred", "pred", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Predicted facts JSONL (kankei facts, or any JSONL with the fact keys).")
@click.option("--corpus", "corpus", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Extract facts from these articles or directories first (repeatable) instead of --pred.")
@click.option("--min-f1", type=float, default=None,
              help="Exit with status 1 when macro-F1 is below this value.")
@click.option("--verbose", "-v", is_flag=True, help="Also list misses, false positives and wrong attributes.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
def eval_command(gold_dir: Path, pred: Path | None, corpus: tuple[Path, ...], min_f1: float | None,
                 verbose: bool, fmt: str) -> None:
    """Score predicted facts against the gold in GOLD_DIR (rules in shared/eval/README.md).

    Prints per-relation precision, recall and F1, their macro average, and date, title and modality
    accuracy over the matched facts.

    Example:

        kankei eval corpus/gold --pred facts.jsonl --min-f1 0.6
    """
    if (pred is None) == (not corpus):
        raise click.UsageError("give exactly one of --pred FILE or --corpus PATH")
    try:
        facts = read_predictions(pred) if pred is not None else _extract(corpus)
        report = evaluate(gold_dir, facts)
    except KankeiError as e:
        raise click.ClickException(str(e)) from e

    if fmt == "json":
        click.echo(json.dumps(report.to_dict(details=verbose), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        _print_csv(report, verbose)
    else:
        _print_table(report, verbose)

    if min_f1 is not None and report.macro_f1 < min_f1:
        raise click.ClickException(f"macro-F1 {report.macro_f1:.4f} is below --min-f1 {min_f1}")
