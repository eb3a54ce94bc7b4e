"""Extraction speed and memory on real text: ``kankei extract`` against raw GiNZA over the same articles, in one run.

Data: the 3,670 Japanese Wikinews articles of ``../shared/corpora/jawikinews/articles.jsonl.gz`` (about 3 million
characters; CC BY 2.5, Wikinews contributors); without ``../shared`` (a fresh clone), the five seed articles in
``corpus/``. This script only reads them.

Systems, each in its own process (``benchlib.run_child``) over the same articles, one after the other:
    ginza         raw ``spacy.load("ja_ginza")`` and ``nlp.pipe(texts, batch_size=16)``: spaCy's own code, kankei's
                  batch (the model's default, 1000, holds a thousand articles in memory at once).
    ginza-kankei  the same model and annotations through kankei's parsing (``kankei.extract.nlp``: matrix products on
                  numpy's BLAS, parsers stepped holding the GIL): the limit of kankei's design.
    kankei-w1     what ``kankei extract --workers 1`` does (``read_articles``, ``extract_articles``, facts written).
    kankei-w2     the same with ``--workers 2``.
    kankei-stock  (``--check``) kankei-w1 with spaCy's own loading and ``nlp.pipe``: its facts must equal kankei-w1's.

Figures: articles/s and characters/s over the run (the child's model load is left out and reported apart; a pool's
start-up and its workers' model loads are in), characters per CPU second (steadier than wall time on a shared
machine), the peak resident memory of the largest process (for kankei-w2: of a worker), and the resident memory
when 10 %, 50 % and 100 % of the articles were done, which shows whether memory grows with the corpus.
Targets (issue 5): kankei-w1 ≥ 0.85 × ginza; kankei-w2 ≥ 1.6 × kankei-w1; a worker's peak ≤ 1.2 × ginza's.
Just before kankei-w2 runs, two CPU-bound processes are timed against one (``benchlib.parallel_ceiling``): on a
shared machine that is what any two-worker speed-up can reach at that moment, and the w2 figure is read against it.

``--profile`` runs kankei-w1 under pyinstrument over the first ``--profile-limit`` articles, saves the call tree
beside the JSON (``bench/results/extract_profile.txt``) and ranks kankei's functions by the time spent in them and
in the library code they call directly (time goes to the innermost kankei function on the stack); GiNZA parsing
through ``kankei.extract.nlp`` is counted apart.

Usage (from the repository root):
    python bench/extract_bench.py                     # all 3,670 articles, writes bench/results/extract_bench.json
    python bench/extract_bench.py --limit 2000 --rounds 2   # the first 2,000 (what bench/results holds)
    python bench/extract_bench.py --limit 400 --system kankei-w1 --system kankei-w2 --no-profile --rounds 3 \
        --round-limit 400 --out bench/results/extract_workers.json   # workers 2 against 1, with the ceiling
    python bench/extract_bench.py --quick             # 24 articles, no profile, writes nothing (CI)
    python bench/extract_bench.py --limit 200 --check --system kankei-w1   # facts equal with spaCy's own parsing?
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import click
from benchlib import (
    RESULTS,
    ROOT,
    ChildRun,
    default_data,
    git_state,
    load_articles,
    machine,
    now,
    parallel_ceiling,
    rss_by_tenth,
    run_child,
    thin,
    write_json,
    write_sample,
)
from rich.console import Console
from rich.table import Table

SYSTEMS: dict[str, dict[str, Any]] = {
    "ginza": {"system": "ginza", "batch_size": 16},
    "ginza-kankei": {"system": "ginza", "batch_size": 16, "blas": True, "gil": True},
    "kankei-w1": {"system": "kankei", "workers": 1},
    "kankei-w2": {"system": "kankei", "workers": 2},
    "kankei-stock": {"system": "kankei", "workers": 1, "stock": True},
}
DEFAULT_SYSTEMS = ("ginza", "ginza-kankei", "kankei-w1", "kankei-w2")
QUICK_LIMIT = 24
TARGETS = {"kankei_vs_ginza": 0.85, "workers2_speedup": 1.6, "worker_peak_vs_ginza": 1.2}


def summarise(run: ChildRun) -> dict[str, Any]:
    r = run.result
    workers = run.workers_seen > 0  # kankei-w2, and kankei-w1 on runs longer than one worker life
    out = {
        "articles": r["articles"],
        "chars": r["chars"],
        "load_seconds": round(r["load_seconds"], 2),
        "seconds": round(r["seconds"], 2),
        "cpu_seconds": round(r["cpu_seconds"], 2),
        "articles_per_second": round(r["articles"] / r["seconds"], 2),
        "chars_per_second": round(r["chars"] / r["seconds"]),
        "chars_per_cpu_second": round(r["chars"] / r["cpu_seconds"]) if r["cpu_seconds"] else None,
        "steady_chars_per_second": round(r["steady_chars_per_second"]) if "steady_chars_per_second" in r else None,
        "peak_mb": round(run.worker_peak_mb if workers and run.worker_peak_mb else run.main_peak_mb),
        "tree_peak_mb": round(run.peak_mb),
        "main_peak_mb": round(run.main_peak_mb),
        "worker_processes": run.workers_seen,
        "rss_max_mb_by_tenth": rss_by_tenth(run.samples, r["articles"], workers),
        "rss_of": "largest worker" if workers else "the process",
        "parent_rss_max_mb_by_tenth": rss_by_tenth(run.samples, r["articles"], False) if workers else None,
        # [seconds, articles done, MB of the child, [MB of each worker]]
        "rss_samples": [[s.t, s.done, round(s.main_mb), [round(w) for w in s.worker_mb]] for s in thin(run.samples)],
    }
    out.update({k: r[k] for k in ("facts", "entities", "failed") if k in r})
    return out


def ratios(systems: dict[str, dict[str, Any]], ceiling: dict[str, Any] | None = None) -> dict[str, Any]:
    def rate(name: str, key: str = "chars_per_second") -> float | None:
        return systems[name][key] if name in systems else None

    def div(a: float | None, b: float | None) -> float | None:
        return round(a / b, 3) if a and b else None

    out = {
        "kankei_vs_ginza": div(rate("kankei-w1"), rate("ginza")),
        "kankei_vs_ginza_cpu": div(rate("kankei-w1", "chars_per_cpu_second"), rate("ginza", "chars_per_cpu_second")),
        "kankei_vs_ginza_kankei": div(rate("kankei-w1"), rate("ginza-kankei")),
        "kankei_vs_ginza_kankei_cpu": div(rate("kankei-w1", "chars_per_cpu_second"),
                                          rate("ginza-kankei", "chars_per_cpu_second")),
        "ginza_kankei_vs_ginza": div(rate("ginza-kankei"), rate("ginza")),
        "workers2_speedup": div(rate("kankei-w2"), rate("kankei-w1")),
        "workers2_speedup_steady": div(rate("kankei-w2", "steady_chars_per_second"),
                                       rate("kankei-w1", "steady_chars_per_second")),
        "parallel_ceiling": ceiling["speedup"] if ceiling else None,
        "worker_peak_vs_ginza": div(rate("kankei-w2", "peak_mb"), rate("ginza", "peak_mb")),
        "w1_peak_vs_ginza": div(rate("kankei-w1", "peak_mb"), rate("ginza", "peak_mb")),
    }
    # The share of what two processes could gain at that moment that kankei's two workers gained; when two
    # processes gain under 20 % there is too little to share out.
    gain = (out["parallel_ceiling"] or 0) - 1
    out["workers2_efficiency"] = div((out["workers2_speedup"] or 0) - 1, gain) if gain >= 0.2 else None
    out["targets"] = {k: {"target": v, "measured": out[k],
                          "met": None if out[k] is None else out[k] <= v if "peak" in k else out[k] >= v}
                      for k, v in TARGETS.items()}
    return out


def interleaved(names: list[str], sample: Path, rounds: int, console: Console) -> dict[str, Any]:
    """Every system once per round over a small sample, round after round; ratios within each round, then the
    median (each round sees the machine about equally busy for all systems)."""
    per_round: list[dict[str, Any]] = []
    for r in range(rounds):
        systems = {}
        ceiling = None
        for name in names:
            if name == "kankei-w2":
                ceiling = parallel_ceiling()
            console.print(f"round {r + 1}/{rounds}: {name} …", style="dim")
            systems[name] = summarise(run_child({**SYSTEMS[name], "sample": str(sample)}))
            systems[name].pop("rss_samples")
        per_round.append({"systems": {n: {k: v[k] for k in ("seconds", "chars_per_second", "chars_per_cpu_second",
                                                              "peak_mb")} for n, v in systems.items()},
                          "ratios": {k: v for k, v in ratios(systems, ceiling).items() if k != "targets"}})
    keys = per_round[0]["ratios"].keys()
    median = {k: statistics.median(vals) if (vals := [p["ratios"][k] for p in per_round
                                                       if p["ratios"][k] is not None]) else None for k in keys}
    with open(sample, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return {"articles": len(rows), "chars": sum(len(x["text"]) for x in rows), "rounds": rounds,
            "median_ratios": median, "per_round": per_round}


# -- profile ---------------------------------------------------------------------------------------

def _is_kankei(path: str | None) -> bool:
    return bool(path) and any(Path(path).resolve().is_relative_to(ROOT / d) for d in ("extract", "kankei"))


# kankei.extract.nlp's parsing entry points: their time is GiNZA's, not kankei's rules'.
PARSING = {"parse_chunks", "pipe", "_parser_pipe", "_parse_holding_gil", "gemm", "load_nlp", "load_model"}


def kankei_functions(root: Any) -> dict[str, Any]:
    """Seconds per kankei function: its own time and that of the library code it calls, up to the next kankei
    function down the stack (comprehensions count as their function). GiNZA parsing through kankei.extract.nlp
    and time outside any kankei frame (pyinstrument loses the stack of some compiled spaCy calls) are summed apart.
    """
    spent: Counter[str] = Counter()
    kinds: dict[str, str] = {"(outside kankei)": "outside"}
    todo = [(root, "(outside kankei)")]
    while todo:
        frame, owner = todo.pop()
        if _is_kankei(frame.file_path) and not frame.function.startswith("<"):
            where = Path(frame.file_path).resolve().relative_to(ROOT)
            name = f"{frame.class_name}.{frame.function}" if frame.class_name else frame.function
            owner = f"{name} ({where}:{frame.line_no})"
            kinds[owner] = "parsing" if where.name == "nlp.py" and frame.function in PARSING else "rules"
        spent[owner] += frame.time - sum(c.time for c in frame.children)
        todo.extend((c, owner) for c in frame.children)
    total = root.time or 1.0
    share = {kind: round(sum(v for k, v in spent.items() if kinds[k] == kind) / total, 3)
             for kind in ("parsing", "rules", "outside")}
    rules = [{"function": k, "seconds": round(v, 2), "share": round(v / total, 3)}
             for k, v in spent.most_common() if kinds[k] == "rules"][:15]
    return {"share": share, "rules": rules}


def profile(sample: Path, limit: int, path: Path, console: Console) -> dict[str, Any]:
    """kankei-w1 under pyinstrument in this process (a fresh one is not needed: nothing was parsed here)."""
    from pyinstrument import Profiler

    from kankei.articles import read_articles
    from kankei.extract import extract_articles
    from kankei.extract.lexicon import load_lexicon
    from kankei.extract.nlp import load_nlp

    articles = list(read_articles([sample]))[:limit]
    lex = load_lexicon([sample.parent])
    load_nlp()
    profiler = Profiler(interval=0.002)
    profiler.start()
    extract_articles(articles, workers=1, lex=lex)
    session = profiler.stop()
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# kankei extract --workers 1 over the first {len(articles)} sample articles "
                    f"({sum(len(a.text) for a in articles):,} characters), pyinstrument {session.duration:.1f} s\n"
                    + text, encoding="utf-8")
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    console.print(f"wrote {shown}", style="dim")
    root = session.root_frame()
    return {"articles": len(articles), "chars": sum(len(a.text) for a in articles),
            "seconds": round(session.duration, 2), "file": str(shown),
            **(kankei_functions(root) if root is not None else {})}


# -- facts check -----------------------------------------------------------------------------------

def same_facts(a: Path, b: Path) -> dict[str, Any]:
    fa, fb = a.read_text(encoding="utf-8").splitlines(), b.read_text(encoding="utf-8").splitlines()
    ca, cb = Counter(fa), Counter(fb)
    return {"facts": len(fa), "stock_facts": len(fb), "identical": fa == fb,
            "only_kankei": sum((ca - cb).values()), "only_stock": sum((cb - ca).values())}


# -- output ----------------------------------------------------------------------------------------

def print_tables(result: dict[str, Any], console: Console) -> None:
    s = result["sample"]
    table = Table(title=f"extraction — {s['articles']:,} articles, {s['chars']:,} characters ({s['data']})")
    cols = ("system", "seconds", "articles/s", "chars/s", "× ginza", "chars/CPU-s", "× ginza (CPU)", "load s",
            "peak MB", "max RSS MB by tenth of the run")
    for col in cols:
        table.add_column(col, justify="left" if col == "system" else "right")
    systems = result["systems"]
    base = systems.get("ginza")
    for name, v in systems.items():
        rel = f"{v['chars_per_second'] / base['chars_per_second']:.2f}" if base else ""
        rel_cpu = (f"{v['chars_per_cpu_second'] / base['chars_per_cpu_second']:.2f}"
                   if base and v["chars_per_cpu_second"] and base["chars_per_cpu_second"] else "")
        table.add_row(name, f"{v['seconds']:.1f}", f"{v['articles_per_second']:.2f}", f"{v['chars_per_second']:,}",
                      rel, f"{v['chars_per_cpu_second'] or 0:,}", rel_cpu, f"{v['load_seconds']:.1f}",
                      f"{v['peak_mb']:,}", " ".join(str(x) if x is not None else "–"
                                                    for x in v["rss_max_mb_by_tenth"]))
    console.print(table)
    r = result["ratios"]
    for key, t in r["targets"].items():
        mark = {True: "[green]met[/]", False: "[red]not met[/]", None: "–"}[t["met"]]
        op = "≤" if "peak" in key else "≥"
        console.print(f"{key}: {t['measured'] if t['measured'] is not None else '–'} (target {op} {t['target']}) "
                      f"{mark}")
    if r["parallel_ceiling"]:
        console.print(f"two CPU-bound processes were {r['parallel_ceiling']}x as fast as one just before kankei-w2 "
                      f"ran (the ceiling here, now); share of that gain kankei-w2 got: {r['workers2_efficiency']}",
                      highlight=False)
    console.print(f"kankei-w1 / ginza-kankei (what the rules cost): {r['kankei_vs_ginza_kankei']}; "
                  f"ginza-kankei / ginza (parsing speed-up): {r['ginza_kankei_vs_ginza']}; "
                  f"w2 / w1 steady: {r['workers2_speedup_steady']}", highlight=False)
    if "interleaved" in result:
        i = result["interleaved"]
        m = i["median_ratios"]
        console.print(f"interleaved, {i['rounds']} rounds over {i['articles']} articles, median ratios: kankei-w1 / "
                      f"ginza {m['kankei_vs_ginza']} (CPU {m['kankei_vs_ginza_cpu']}), kankei-w1 / ginza-kankei "
                      f"{m['kankei_vs_ginza_kankei']} (CPU {m['kankei_vs_ginza_kankei_cpu']}), w2 / w1 "
                      f"{m['workers2_speedup']} (two-process ceiling {m['parallel_ceiling']})", highlight=False)
    if "check" in result:
        console.print(f"facts kankei-w1 vs kankei-stock: {result['check']}", highlight=False)
    if "profile" in result:
        p = result["profile"]
        sh = p["share"]
        console.print(f"profile ({p['articles']} articles, {p['seconds']} s, {p['file']}): GiNZA parsing "
                      f"{100 * sh['parsing']:.0f}%, kankei's rules {100 * sh['rules']:.0f}%, unattributed "
                      f"{100 * sh['outside']:.0f}%; most expensive kankei functions (with the library code they "
                      "call):", highlight=False)
        for f in p["rules"][:8]:
            console.print(f"  {f['seconds']:7.2f} s {100 * f['share']:5.1f}%  {f['function']}", highlight=False)
    m = result["machine"]
    console.print(f"nproc {m['nproc']}, {m['cpu']}, {m['memory_gib']} GiB, load {m['load_average']}, python "
                  f"{m['python']}, spacy {m['spacy']}, ginza {m['ginza']}, kankei {result['kankei_git']}",
                  highlight=False)


@click.command(help=__doc__.split("\n\n")[0])
@click.option("--data", type=click.Path(exists=True, path_type=Path), default=None,
              help="Articles (.jsonl[.gz] or anything kankei extract reads). Default: the Wikinews corpus in "
                   "../shared, else corpus/.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N articles.")
@click.option("--quick", is_flag=True, help=f"The first {QUICK_LIMIT} articles, no profile; writes only to --out.")
@click.option("--system", "systems", type=click.Choice(sorted(SYSTEMS)), multiple=True,
              help=f"Run only these (default: {', '.join(DEFAULT_SYSTEMS)}).")
@click.option("--check", is_flag=True, help="Also run kankei-stock and compare its facts with kankei-w1's.")
@click.option("--profile/--no-profile", "do_profile", default=None,
              help="Profile kankei-w1 with pyinstrument (default: on, off with --quick).")
@click.option("--profile-limit", type=click.IntRange(min=1), default=200, show_default=True,
              help="Articles to profile.")
@click.option("--rounds", type=click.IntRange(min=0),
              help="Then repeat the speed systems this many times, interleaved, over the first --round-limit "
                   "articles, for ratios that a busy machine moves less (default: 3, none with --quick).")
@click.option("--round-limit", type=click.IntRange(min=1), default=150, show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the JSON here. Default: bench/results/extract_bench.json unless --quick.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def main(data: Path | None, limit: int | None, quick: bool, systems: tuple[str, ...], check: bool,
         do_profile: bool | None, profile_limit: int, rounds: int | None, round_limit: int, out: Path | None,
         fmt: str) -> None:
    console = Console(stderr=fmt == "json")
    if not console.is_terminal:
        console = Console(stderr=fmt == "json", width=max(console.width, 150))
    data = data or default_data()
    if quick:
        limit = min(limit or QUICK_LIMIT, QUICK_LIMIT)
    elif out is None:
        out = RESULTS / "extract_bench.json"
    if do_profile is None:
        do_profile = not quick
    if rounds is None:
        rounds = 0 if quick else 3
    names = list(systems or DEFAULT_SYSTEMS)
    if check and "kankei-stock" not in names:
        names.append("kankei-stock")
    if check and "kankei-w1" not in names:
        names.insert(0, "kankei-w1")
    articles = load_articles(data, limit)
    if not articles:
        raise click.UsageError(f"no articles in {data}")
    result: dict[str, Any] = {
        "date": now(),
        "benchmark": "extraction speed and memory (issue 5)",
        "command": "python bench/extract_bench.py " + " ".join(sys.argv[1:]),
        "sample": {"data": str(data.relative_to(ROOT.parent)) if data.is_relative_to(ROOT.parent) else str(data),
                   "limit": limit, "articles": len(articles), "chars": sum(len(a["text"]) for a in articles)},
        "machine": machine(),
        "kankei_git": git_state(),
        "systems": {},
    }
    with tempfile.TemporaryDirectory(prefix="kankei-bench-") as tmp:
        sample = write_sample(articles, Path(tmp) / "sample.jsonl")
        for name in names:
            if name == "kankei-w2":
                result["parallel_ceiling"] = parallel_ceiling()
            spec = {**SYSTEMS[name], "sample": str(sample)}
            if spec["system"] == "kankei":
                spec["facts"] = str(Path(tmp) / f"{name}.facts.jsonl")
            console.print(f"{name} …", style="dim")
            result["systems"][name] = summarise(run_child(spec))
        if check:
            result["check"] = same_facts(Path(tmp) / "kankei-w1.facts.jsonl", Path(tmp) / "kankei-stock.facts.jsonl")
        result["ratios"] = ratios(result["systems"], result.get("parallel_ceiling"))
        if rounds:
            small = write_sample(articles[:round_limit], Path(tmp) / "rounds.jsonl")
            result["interleaved"] = interleaved([n for n in names if n != "kankei-stock"], small, rounds, console)
        if do_profile:
            console.print("profile …", style="dim")
            where = out.parent if out is not None else Path(tmp)
            result["profile"] = profile(sample, profile_limit, where / "extract_profile.txt", console)
    result["machine"]["load_average_after"] = machine()["load_average"]
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_tables(result, console)
    if out is not None:
        write_json(result, out)
        console.print(f"wrote {out}")


if __name__ == "__main__":
    main()
