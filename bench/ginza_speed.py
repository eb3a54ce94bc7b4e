"""Why GiNZA is slow on this machine and what each change buys: raw ``ja_ginza`` parsing in variants, each in its
own process over the same articles, interleaved over rounds, with characters/s against spaCy's own ``nlp.pipe``.

Variants (batch 16 texts, kankei's batch, unless named):
    stock            ``spacy.load("ja_ginza")`` and ``nlp.pipe``: the baseline (numpy's BLAS with one thread per core).
    stock-b1000      the batch size the model's config sets (1000): the whole sample in one batch.
    stock-b64        a larger batch.
    threads1         stock with one BLAS/OpenMP thread (OPENBLAS/OMP/MKL/BLIS_NUM_THREADS=1).
    blas             thinc's matrix products on numpy's BLAS instead of blis (``kankei.extract.nlp.BlasOps``); also
                     with one thread.
    gil              the transition parsers stepped from Python holding the GIL (``kankei.extract.nlp.pipe``).
    kankei           blas + gil + one BLAS thread while parsing: what kankei runs. Also with two threads, with
                     batches of 4, 8, 32, 64, with glibc keeping arrays up to 32 MB on the heap (mallopt), with the
                     model's objects frozen out of the garbage collector (gcfreeze), and without components kankei
                     does not read directly: compound_splitter and bunsetu_recognizer (nobunsetu), the morphologizer.
    t2v+ner, t2v+parser   stock with only those components: what each costs (changes the output, not adoptable).
    stock-2proc      stock with ``nlp.pipe(n_process=2)``: spaCy's own parallelism.

``--check`` compares every variant's annotations (head, dep, pos, tag, lemma, morph, entity IOB and type of every
token) with stock's and counts the tokens that differ: a speed-up is adoptable only at 0.
``--components`` also times each component (CPU seconds) for stock and kankei.

Usage (from the repository root):
    python bench/ginza_speed.py --limit 100 --rounds 2 --check --components   # bench/results/ginza_speed.json
    python bench/ginza_speed.py --limit 20 --variant stock --variant kankei   # a quick look, writes nothing
"""

from __future__ import annotations

import json
import statistics
import tempfile
from pathlib import Path
from typing import Any

import click
from benchlib import RESULTS, ROOT, default_data, git_state, load_articles, machine, now, run_child, write_json
from rich.console import Console
from rich.table import Table

ONE_THREAD = {k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")}
KANKEI = {"blas": True, "gil": True}
NOT_NEEDED = ["compound_splitter", "bunsetu_recognizer"]

TWO_THREADS = {"OPENBLAS_NUM_THREADS": "2"}  # kankei's pipe keeps a BLAS thread count set in the environment

# name → (spec, extra environment, what it is)
VARIANTS: dict[str, tuple[dict[str, Any], dict[str, str], str]] = {
    "stock": ({}, {}, "spaCy nlp.pipe, blis, batch 16"),
    "stock-b1000": ({"batch_size": 1000}, {}, "model default batch (1000)"),
    "stock-b64": ({"batch_size": 64}, {}, "batch 64"),
    "threads1": ({}, ONE_THREAD, "one BLAS/OpenMP thread"),
    "blas": ({"blas": True}, {}, "gemm on numpy's BLAS"),
    "blas-threads1": ({"blas": True}, ONE_THREAD, "gemm on numpy's BLAS, one thread"),
    "gil": ({"gil": True}, TWO_THREADS, "parsers stepped holding the GIL"),
    "kankei-2threads": (KANKEI, TWO_THREADS, "blas + gil, two BLAS threads"),
    "kankei": (KANKEI, {}, "blas + gil + one BLAS thread: kankei"),
    "kankei-b4": ({**KANKEI, "batch_size": 4}, {}, "kankei, batch 4"),
    "kankei-b8": ({**KANKEI, "batch_size": 8}, {}, "kankei, batch 8"),
    "kankei-b32": ({**KANKEI, "batch_size": 32}, {}, "kankei, batch 32"),
    "kankei-b64": ({**KANKEI, "batch_size": 64}, {}, "kankei, batch 64"),
    "kankei-mallopt": ({**KANKEI, "mallopt": True}, {}, "kankei, glibc keeps ≤32 MB arrays on the heap"),
    "kankei-gcfreeze": ({**KANKEI, "gc_freeze": True}, {}, "kankei, gc.freeze() after loading"),
    "kankei-nobunsetu": ({**KANKEI, "exclude": NOT_NEEDED}, {}, "kankei without compound_splitter, bunsetu"),
    "kankei-nomorph": ({**KANKEI, "exclude": ["morphologizer"]}, {}, "kankei without the morphologizer"),
    "t2v+ner": ({"exclude": ["parser", "morphologizer", *NOT_NEEDED]}, {}, "stock, tok2vec + ner only"),
    "t2v+parser": ({"exclude": ["ner", "morphologizer", *NOT_NEEDED]}, {}, "stock, tok2vec + parser only"),
    "stock-2proc": ({"n_process": 2}, {}, "stock, nlp.pipe(n_process=2)"),
}
BATCH = 16
BIG_BATCH_LIMIT = 300  # stock-b1000 holds the whole sample at once: 6.7 GB at 200 articles


def _differing(path: Path, ref: Path) -> dict[str, int]:
    """Tokens whose annotations differ from the reference's, per attribute and in all."""
    names = ("head", "dep", "pos", "tag", "lemma", "morph", "ent_iob", "ent_type")
    out = dict.fromkeys((*names, "any", "tokens"), 0)
    with open(path, encoding="utf-8") as a, open(ref, encoding="utf-8") as b:
        for la, lb in zip(a, b, strict=True):
            da, db = json.loads(la), json.loads(lb)
            if len(da) != len(db):
                out["any"] += max(len(da), len(db))
                continue
            out["tokens"] += len(db)
            for ta, tb in zip(da, db, strict=True):
                if ta != tb:
                    out["any"] += 1
                    for name, x, y in zip(names, ta, tb, strict=True):
                        out[name] += x != y
    return out


def _rate(run: dict[str, Any], key: str) -> float:
    return run["chars"] / run[key] if run[key] else 0.0


def _summary(name: str, runs: list[dict[str, Any]], stock: list[dict[str, Any]] | None) -> dict[str, Any]:
    wall = [_rate(r, "seconds") for r in runs]
    cpu = [_rate(r, "cpu_seconds") for r in runs]
    out: dict[str, Any] = {
        "what": VARIANTS[name][2],
        "rounds": len(runs),
        "chars_per_second": round(statistics.median(wall)),
        "chars_per_cpu_second": round(statistics.median(cpu)),
        "articles_per_second": round(statistics.median(r["articles"] / r["seconds"] for r in runs), 2),
        "peak_mb": round(max(r["peak_mb"] for r in runs)),
        "runs": runs,
    }
    if stock:
        # Ratios within a round, then the median: rounds differ in how busy the machine was.
        pairs = list(zip(runs, stock, strict=True))
        out["vs_stock_wall"] = round(statistics.median(_rate(r, "seconds") / _rate(s, "seconds") for r, s in pairs), 2)
        out["vs_stock_cpu"] = round(statistics.median(
            _rate(r, "cpu_seconds") / _rate(s, "cpu_seconds") for r, s in pairs), 2)
    return out


def print_table(result: dict[str, Any], console: Console) -> None:
    s = result["sample"]
    table = Table(title=f"raw ja_ginza variants — {s['articles']} articles, {s['chars']:,} characters, "
                        f"{result['rounds']} round(s), median")
    for col in ("variant", "what", "chars/s", "× stock", "chars/CPU-s", "× stock (CPU)", "peak MB",
                "tokens ≠ stock"):
        table.add_column(col, justify="left" if col in ("variant", "what") else "right")
    for name, v in result["variants"].items():
        diff = v.get("differs_from_stock")
        table.add_row(name, v["what"], f"{v['chars_per_second']:,}", f"{v.get('vs_stock_wall', 1.0):.2f}",
                      f"{v['chars_per_cpu_second']:,}", f"{v.get('vs_stock_cpu', 1.0):.2f}", f"{v['peak_mb']:,}",
                      "" if diff is None else f"{diff['any']:,} / {diff['tokens']:,}")
    console.print(table)
    for name, spent in result.get("components", {}).items():
        total = sum(spent.values()) or 1.0
        console.print(f"{name} CPU seconds by component: " + ", ".join(
            f"{k} {v:.1f} ({100 * v / total:.0f}%)" for k, v in spent.items()), highlight=False)
    m = result["machine"]
    console.print(f"nproc {m['nproc']}, {m['cpu']}, load {m['load_average']}, spacy {m['spacy']}, "
                  f"thinc {m['thinc']}, blis {m['blis']}, kankei {result['kankei_git']}", highlight=False)


@click.command(help=__doc__.split("\n\n")[0])
@click.option("--data", type=click.Path(exists=True, path_type=Path), default=None,
              help="Articles (.jsonl[.gz] or anything kankei extract reads). Default: the Wikinews corpus in "
                   "../shared, else corpus/.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True, help="First N articles.")
@click.option("--rounds", type=click.IntRange(min=1), default=1, show_default=True,
              help="Run every variant this many times, interleaved.")
@click.option("--variant", "variants", type=click.Choice(sorted(VARIANTS)), multiple=True,
              help="Only these variants (stock is always run). Default: all.")
@click.option("--check", is_flag=True, help="Count tokens whose annotations differ from stock's.")
@click.option("--components", is_flag=True, help="Also time each component for stock and kankei.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the JSON here. Default: bench/results/ginza_speed.json when all variants ran.")
def main(data: Path | None, limit: int, rounds: int, variants: tuple[str, ...], check: bool, components: bool,
         out: Path | None) -> None:
    console = Console()
    if not console.is_terminal:
        console = Console(width=max(console.width, 150))
    names = ["stock", *[v for v in (variants or VARIANTS) if v != "stock"]]
    if out is None and not variants:
        out = RESULTS / "ginza_speed.json"
    data = data or default_data()
    articles = load_articles(data, limit)
    if len(articles) > BIG_BATCH_LIMIT and "stock-b1000" in names:
        names.remove("stock-b1000")
        console.print(f"stock-b1000 skipped: over {BIG_BATCH_LIMIT} articles it needs more memory than is safe")
    runs: dict[str, list[dict[str, Any]]] = {n: [] for n in names}
    with tempfile.TemporaryDirectory(prefix="kankei-bench-") as tmp:
        from benchlib import write_sample

        sample = write_sample(articles, Path(tmp) / "sample.jsonl")
        for r in range(rounds):
            for name in names:
                spec, env, _ = VARIANTS[name]
                full = {"system": "ginza", "batch_size": BATCH, **spec, "sample": str(sample)}
                if check and r == 0:
                    full["annotations"] = str(Path(tmp) / f"{name}.jsonl")
                console.print(f"round {r + 1}/{rounds}: {name}", style="dim")
                run = run_child(full, env)
                runs[name].append({**run.result, "wall_seconds": round(run.wall_seconds, 2),
                                   "peak_mb": round(run.peak_mb)})
        result: dict[str, Any] = {
            "date": now(),
            "benchmark": "raw ja_ginza variants",
            "sample": {"data": str(data), "limit": limit, "articles": len(articles),
                       "chars": sum(len(a["text"]) for a in articles)},
            "rounds": rounds,
            "machine": machine(),
            "kankei_git": git_state(),
            "variants": {n: _summary(n, runs[n], runs["stock"] if n != "stock" else None) for n in names},
        }
        if check:
            ref = Path(tmp) / "stock.jsonl"
            for name in names[1:]:
                result["variants"][name]["differs_from_stock"] = _differing(Path(tmp) / f"{name}.jsonl", ref)
        if components:
            result["components"] = {}
            for name in ("stock", "kankei"):
                spec, env, _ = VARIANTS[name]
                full = {"system": "ginza", "batch_size": BATCH, **spec, "sample": str(sample), "by_component": True}
                console.print(f"components: {name}", style="dim")
                result["components"][name] = run_child(full, env).result["components_cpu_seconds"]
    print_table(result, console)
    if out is not None:
        write_json(result, out)
        console.print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


if __name__ == "__main__":
    main()
