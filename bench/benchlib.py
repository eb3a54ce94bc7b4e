"""What the extraction benchmarks share: the article sample, systems run in child processes and measured from
outside (time, CPU, resident memory over the run), and the machine facts every result carries.

A measured system runs in its own child process (``python bench/benchlib.py child SPEC``), so that no two systems
share a peak or a warm cache. The child reports progress on stdout; the parent polls the resident memory of the child
and of every process under it (pool workers) from ``/proc``, so the measured process runs no sampling thread. CPU
seconds and the peak resident set of the whole process tree come from ``os.wait4``.

Rates leave out the model load of the child itself (reported apart); a worker pool's start-up, model loads and
recycling are part of the run, as they are for a user.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import NLP_PACKAGES, git_state, write_json
from common import machine as common_machine

__all__ = ["ROOT", "RESULTS", "WIKINEWS", "ChildRun", "Sample", "default_data", "git_state", "load_articles",
           "machine", "now", "parallel_ceiling", "rss_by_tenth", "run_child", "thin", "write_json", "write_sample"]

ROOT = Path(__file__).resolve().parent.parent
WIKINEWS = ROOT.parent / "shared" / "corpora" / "jawikinews" / "articles.jsonl.gz"
SEED = ROOT / "corpus"
RESULTS = ROOT / "bench" / "results"
POLL_SECONDS = 0.2


# -- the sample ----------------------------------------------------------------------------------

def default_data() -> Path:
    """The Wikinews corpus when ``../shared`` is there (developers, CI), else the five seed articles."""
    return WIKINEWS if WIKINEWS.exists() else SEED


def load_articles(data: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The first ``limit`` articles of ``data`` as ``{id, title, source, published, text}`` dicts.

    ``data`` is a ``.jsonl`` or ``.jsonl.gz`` file of articles or anything ``kankei extract`` reads.
    """
    if data.name.endswith((".jsonl.gz", ".jsonl")):
        opener = gzip.open if data.suffix == ".gz" else open
        out = []
        with opener(data, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    out.append({k: row.get(k) for k in ("id", "title", "source", "published", "text")})
                    if limit is not None and len(out) >= limit:
                        break
        return out
    from kankei.articles import read_articles

    out = []
    for a in read_articles([data]):
        out.append({"id": a.id, "title": a.title, "source": a.source,
                    "published": a.published.isoformat() if a.published else None, "text": a.text})
        if limit is not None and len(out) >= limit:
            break
    return out


def write_sample(articles: list[dict[str, Any]], path: Path) -> Path:
    """The sample as a kankei JSONL article file, the form every system reads."""
    with open(path, "w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({k: v for k, v in a.items() if v is not None}, ensure_ascii=False) + "\n")
    return path


# -- measuring a child from outside --------------------------------------------------------------

@dataclass
class Sample:
    """One poll: seconds since the child started, articles done, resident MB of the child and of its workers."""

    t: float
    done: int
    main_mb: float
    worker_mb: list[float]


@dataclass
class ChildRun:
    """Everything measured about one system's child process."""

    result: dict[str, Any]
    wall_seconds: float
    cpu_seconds: float
    peak_mb: float  # largest resident set of any single process of the tree (wait4 ru_maxrss)
    main_peak_mb: float  # VmHWM of the child itself
    worker_peak_mb: float | None  # largest VmHWM of any process under the child
    workers_seen: int
    samples: list[Sample] = field(default_factory=list)


def _status_kb(pid: int, keys: tuple[str, ...] = ("VmRSS", "VmHWM")) -> dict[str, int]:
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                key = line.split(":", 1)[0]
                if key in keys:
                    out[key] = int(line.split()[1])
    except OSError:
        pass
    return out


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{p}/task/{tid}/children") as fh:
                    kids = [int(x) for x in fh.read().split()]
            except OSError:
                continue
            found.extend(kids)
            todo.extend(kids)
    return found


def _is_helper(pid: int) -> bool:
    """multiprocessing's resource tracker is no worker."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return b"resource_tracker" in fh.read()
    except OSError:
        return True


def run_child(spec: dict[str, Any], env: dict[str, str] | None = None,
              on_progress: Callable[[int], None] | None = None) -> ChildRun:
    """Run one system (``spec``, see ``child_main``) in a child process and measure it."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "child", json.dumps(spec)]
    full_env = {**os.environ, **(env or {})}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=full_env, cwd=ROOT)
    done = [0]
    final: list[dict[str, Any]] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("P "):
                done[0] = int(line.split()[1])
                if on_progress:
                    on_progress(done[0])
            elif line.startswith("R "):
                final.append(json.loads(line[2:]))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    samples: list[Sample] = []
    worker_hwm: dict[int, int] = {}
    main_hwm = 0
    while reader.is_alive():
        main = _status_kb(proc.pid)
        main_hwm = max(main_hwm, main.get("VmHWM", 0))
        workers = []
        for pid in _descendants(proc.pid):
            if pid not in worker_hwm and _is_helper(pid):
                continue
            st = _status_kb(pid)
            if st:
                worker_hwm[pid] = max(worker_hwm.get(pid, 0), st.get("VmHWM", 0))
                workers.append(st.get("VmRSS", 0) / 1024)
        if main:
            samples.append(Sample(round(time.perf_counter() - t0, 2), done[0], main.get("VmRSS", 0) / 1024,
                                  workers))
        reader.join(POLL_SECONDS)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode != 0 or not final:
        raise RuntimeError(f"benchmark child {spec.get('system')} failed (exit {proc.returncode})")
    return ChildRun(final[0], wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, main_hwm / 1024,
                    max(worker_hwm.values()) / 1024 if worker_hwm else None, len(worker_hwm), samples)


def rss_by_tenth(samples: list[Sample], total: int, workers: bool) -> list[float | None]:
    """The largest resident MB seen while each tenth of the articles was being worked on: of the child, or of its
    largest worker. Within a tenth it follows the batches; across tenths a flat line means no growth."""
    top: list[float | None] = [None] * 10
    for s in samples:
        if workers and not s.worker_mb:
            continue
        k = min(9, s.done * 10 // max(total, 1))
        value = max(s.worker_mb) if workers else s.main_mb
        top[k] = max(top[k] or 0.0, value)
    return [round(v) if v is not None else None for v in top]


def thin(samples: list[Sample], keep: int = 300) -> list[Sample]:
    """At most about ``keep`` samples, evenly spaced, for the JSON."""
    step = max(1, len(samples) // keep)
    return samples[::step]


# -- what two processes can gain here ---------------------------------------------------------------

def _burn(n: int) -> float:
    t = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - t


def parallel_ceiling(n: int = 15_000_000, rounds: int = 3) -> dict[str, Any]:
    """How much sooner two CPU-bound processes finish two jobs than one process finishes one, twice over, now:
    the most any two-worker speed-up can reach on this machine at this moment (other users' load, or two vCPUs
    that share a physical core, lower it from 2)."""
    import multiprocessing as mp

    ratios = []
    with mp.get_context("spawn").Pool(2) as pool:
        pool.map(_burn, [1, 1], chunksize=1)  # start-up out of the timing
        for _ in range(rounds):
            t = time.perf_counter()
            pool.apply(_burn, (n,))
            one = time.perf_counter() - t
            t = time.perf_counter()
            pool.map(_burn, [n, n], chunksize=1)
            ratios.append(2 * one / (time.perf_counter() - t))
    return {"speedup": round(sorted(ratios)[len(ratios) // 2], 2), "runs": [round(r, 2) for r in ratios]}


# -- the child -----------------------------------------------------------------------------------

class _Progress:
    """Progress lines for the parent: ``P <articles done>``."""

    def __init__(self) -> None:
        self.done = 0
        self.chars = 0
        self.first: float | None = None  # when the first result arrived
        self.first_chars = 0

    def __call__(self, chars: int) -> None:
        self.done += 1
        self.chars += chars
        if self.first is None:
            self.first, self.first_chars = time.perf_counter(), self.chars
        sys.stdout.write(f"P {self.done}\n")
        sys.stdout.flush()


def _cpu() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _ginza_model(spec: dict[str, Any]) -> Any:
    from kankei.extract import nlp as knlp

    if spec.get("mallopt"):
        _keep_freed_memory()
    nlp = knlp.load_model(blas=spec.get("blas", False))
    for name in spec.get("exclude", []):
        nlp.remove_pipe(name)
    if spec.get("gc_freeze"):
        import gc

        gc.freeze()
    return nlp


def _keep_freed_memory() -> None:
    """glibc: keep arrays up to 32 MB on the heap and freed memory in the process, instead of mapping fresh
    pages (which the kernel zeroes) for every large array."""
    import ctypes

    libc = ctypes.CDLL("libc.so.6")
    m_trim_threshold, m_mmap_threshold = -1, -3
    libc.mallopt(m_mmap_threshold, 32 * 2**20)
    libc.mallopt(m_trim_threshold, 512 * 2**20)


def _ginza_docs(spec: dict[str, Any], nlp: Any, texts: list[str]) -> Iterator[Any]:
    """Raw GiNZA over ``texts``: spaCy's own ``nlp.pipe``, or kankei's ``pipe`` (greedy parsers holding the GIL)."""
    from kankei.extract import nlp as knlp

    batch = spec["batch_size"]
    if spec.get("gil"):
        return (d for d, _ in knlp.pipe(nlp, ((x, None) for x in texts), batch))
    return iter(nlp.pipe(texts, batch_size=batch, n_process=spec.get("n_process", 1)))


def _by_component(spec: dict[str, Any], nlp: Any, texts: list[str], progress: _Progress) -> dict[str, float]:
    """CPU seconds of the tokenizer and of each component, one batch at a time through the components in order."""
    from spacy.util import minibatch

    from kankei.extract import nlp as knlp

    batch_size = spec["batch_size"]
    spent: dict[str, float] = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    for batch in minibatch(texts, size=batch_size):
        with knlp._one_blas_thread() if spec.get("gil") else contextlib.nullcontext():
            t = time.process_time()
            docs = [nlp.make_doc(x) for x in batch]
            spent["tokenizer"] += time.process_time() - t
            for name, proc in nlp.pipeline:
                t = time.process_time()
                if spec.get("gil") and knlp._steppable(proc):
                    knlp._parser_pipe(proc, docs, batch_size)
                elif hasattr(proc, "pipe"):
                    docs = list(proc.pipe(docs, batch_size=batch_size))
                else:
                    docs = [proc(d) for d in docs]
                spent[name] += time.process_time() - t
        for x in batch:
            progress(len(x))
    return {k: round(v, 3) for k, v in spent.items()}


def _annotations(doc: Any) -> list[list[Any]]:
    return [[t.head.i, t.dep_, t.pos_, t.tag_, t.lemma_, str(t.morph), t.ent_iob_, t.ent_type_] for t in doc]


def _child_ginza(spec: dict[str, Any], texts: list[str], progress: _Progress) -> dict[str, Any]:
    t = time.perf_counter()
    nlp = _ginza_model(spec)
    load = time.perf_counter() - t
    cpu0, t0 = _cpu(), time.perf_counter()
    out: dict[str, Any] = {}
    if spec.get("by_component"):
        out["components_cpu_seconds"] = _by_component(spec, nlp, texts, progress)
    else:
        dump = open(spec["annotations"], "w", encoding="utf-8") if spec.get("annotations") else None  # noqa: SIM115
        for doc, text in zip(_ginza_docs(spec, nlp, texts), texts, strict=True):
            if dump is not None:
                dump.write(json.dumps(_annotations(doc), ensure_ascii=False) + "\n")
            progress(len(text))
        if dump is not None:
            dump.close()
    seconds, cpu = time.perf_counter() - t0, _cpu() - cpu0
    return {"load_seconds": load, "seconds": seconds, "cpu_seconds": cpu, **out}


def _stock_kankei() -> None:
    """kankei as it was before its GiNZA speed-ups: spaCy's own loading and ``nlp.pipe`` (one process only)."""
    from functools import lru_cache

    from kankei.extract import nlp as knlp
    from kankei.extract import pipeline

    stock = lru_cache(maxsize=1)(lambda: knlp.load_model(blas=False))
    knlp.load_nlp = pipeline.load_nlp = stock  # type: ignore[assignment]
    pipeline.RECYCLE_AFTER = None  # in this process, where the patches are
    knlp.pipe = lambda nlp, items, batch_size=knlp.BATCH_SIZE: nlp.pipe(  # type: ignore[assignment]
        items, batch_size=batch_size, as_tuples=True)


def _child_kankei(spec: dict[str, Any], path: Path, chars: dict[str, int], progress: _Progress) -> dict[str, Any]:
    """What ``kankei extract`` does: read, extract with ``workers`` processes, unify, write the facts."""
    from kankei.articles import read_articles
    from kankei.cli_extract import merge_entities
    from kankei.extract import extract_articles
    from kankei.extract import pipeline as kpipe
    from kankei.extract.lexicon import load_lexicon
    from kankei.facts_io import write_facts

    if spec.get("stock"):
        _stock_kankei()
    for knob in ("RECYCLE_AFTER", "BATCH"):  # experiments only: the pool is made in this process
        if knob.lower() in spec:
            setattr(kpipe, knob, spec[knob.lower()])
    workers = spec.get("workers", 1)
    life = kpipe.RECYCLE_AFTER * kpipe.BATCH if kpipe.RECYCLE_AFTER else None
    in_process = workers == 1 and (life is None or len(chars) <= life)
    t = time.perf_counter()
    if in_process:
        kpipe.load_nlp()  # the model load is reported apart, as for raw GiNZA
    load = time.perf_counter() - t
    vocab0 = _vocab() if in_process else None
    cpu0, t0 = _cpu(), time.perf_counter()
    articles = list(read_articles([path]))
    lex = load_lexicon([path.parent])
    results = extract_articles(articles, workers=workers, lex=lex, on_result=lambda r: progress(chars[r.article]))
    vocab = _vocab() if in_process else None
    facts = [f for r in results for f in r.facts]
    entities = merge_entities([e for r in results for e in r.entities])
    out = spec.get("facts") or os.devnull
    with open(out, "w", encoding="utf-8") as fh:
        write_facts(facts, fh)
    seconds, cpu = time.perf_counter() - t0, _cpu() - cpu0
    return {"load_seconds": load, "seconds": seconds, "cpu_seconds": cpu, "facts": len(facts),
            "entities": len(entities), "failed": sum(1 for r in results if r.error),
            **({"vocab_before": vocab0, "vocab_after": vocab} if vocab else {})}


def _vocab() -> dict[str, int]:
    """Sizes of the model's string store and lexeme table (they grow with every new word seen)."""
    from kankei.extract import pipeline as kpipe

    nlp = kpipe.load_nlp()
    return {"strings": len(nlp.vocab.strings), "lexemes": len(nlp.vocab)}


def child_main(spec: dict[str, Any]) -> None:
    """Run one system over the sample and print ``R <json>``: seconds and CPU seconds from the first article to the
    last result, and the steady rate after the first result (which leaves a pool's start-up out).

    ``spec``: ``sample`` (a kankei JSONL file) and ``system``, either ``ginza`` (``batch_size``; ``blas``, ``gil``:
    kankei's speed-ups; ``exclude``: components to remove; ``n_process``; ``annotations``: a file for every token's
    annotations; ``by_component``: CPU seconds per component instead; ``mallopt``, ``gc_freeze``: experiments) or
    ``kankei`` (``workers``; ``facts``: where to write them; ``stock``: spaCy's own loading and ``nlp.pipe``;
    ``recycle_after``, ``batch``: the pipeline's pool settings, for experiments).
    """
    path = Path(spec["sample"])
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    texts = [row["text"] for row in rows]
    progress = _Progress()
    if spec["system"] == "ginza":
        res = _child_ginza(spec, texts, progress)
    elif spec["system"] == "kankei":
        res = _child_kankei(spec, path, {row["id"]: len(row["text"]) for row in rows}, progress)
    else:
        raise ValueError(f"unknown system {spec['system']!r}")
    end = time.perf_counter()
    res.update(articles=progress.done, chars=progress.chars)
    if progress.first is not None and progress.done > 1 and end > progress.first:
        res["steady_chars_per_second"] = (progress.chars - progress.first_chars) / (end - progress.first)
    sys.stdout.write("R " + json.dumps(res) + "\n")
    sys.stdout.flush()


# -- output ----------------------------------------------------------------------------------------

def machine() -> dict[str, Any]:
    return common_machine(NLP_PACKAGES)


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "child":
    sys.path.insert(0, str(ROOT))
    child_main(json.loads(sys.argv[2]))
