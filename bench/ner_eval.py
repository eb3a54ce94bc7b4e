"""Span-level NER scores of kankei's mention finding and of raw GiNZA on Stockmark's Wikipedia NER data.

Data: Stockmark Inc., 「Wikipediaを用いた日本語の固有表現抽出データセット」 v2.0 (``../shared/ner-wikipedia/
ner.json``), CC BY-SA 3.0, built from Japanese Wikipedia text by Wikipedia contributors. This script only reads
it; the scores it writes are facts about the systems, not a copy of the data.

Split (``../shared/README.md``): a sentence is **test** when ``curid % 10 == 0`` and **dev** when
``curid % 10 == 1``. Report test figures; look at errors and tune rules on dev only (``--errors`` refuses test).

Gold labels → scored types (製品名 and イベント名 are dropped on both sides):
    人名 → Person; 法人名, 政治的組織名, その他の組織名 → Organization; 地名, 施設名 → Place.
The dataset's ``span`` fields are Python character offsets into ``text`` (``text[s:e] == name`` holds for all
13,185 entities), and both systems report character offsets too, so texts are compared exactly as given.

Systems:
    kankei  ``kankei.extract.pipeline.entity_spans`` (GiNZA parse + kankei's mention rules), all texts in one call.
    ginza   ``spacy.load("ja_ginza")`` and ``doc.ents``, its ENE labels mapped with kankei's own ``GINZA_TYPES``
            (``kankei.extract.mentions``), so both systems read GiNZA's labels the same way.

GiNZA mapping (from the 189 labels ``nlp.get_pipe("ner").labels`` lists in ja_ginza 5.3, by where Sekine's
Extended Named Entity hierarchy puts each label, checked against a count of which gold type each label's
exact spans hit on the *train* split; the only labels kept against that count are Location_Other and
Public_Institution, about 20 spans each and near even):
    Person: Person only. Character, God (fictional/divine beings) and N_Person (counts such as 3人) are not names
        of people in the gold.
    Organization: the ENE Organization subtree: Organization_Other, International_Organization,
        Show_Organization, Sports_Organization_Other, Pro_Sports_Organization, Sports_League,
        Corporation_Other, Company, Company_Group, Political_Organization_Other, Government, Political_Party,
        Cabinet, Military. Family, Ethnic_Group_Other and Nationality are left out: the gold marks no clans or
        peoples (train: 0 of 17 Family spans are gold names).
    Place: the ENE Location subtree without astral bodies and addresses (City, County, Province, Country,
        GPE_Other, Region_Other, Continental_Region, Domestic_Region, Geological_Region_Other, Mountain, Island,
        River, Lake, Sea, Bay, Spa, Location_Other) and the Facility subtree (GOE_Other, Public_Institution,
        School, Research_Institute, Park, Sports_Facility, Museum, Zoo, Amusement_Park, Theater, Worship_Place,
        Car_Stop, Station, Airport, Port, Railroad, Road, Canal, Water_Route, Tunnel, Bridge, Line_Other,
        Facility_Other, Archaeological_Place_Other, Tumulus). Facility_Part (正門, 3番ホーム) names no facility.
        School is a coin toss either way: the gold has universities as 法人名 and schools as 施設名
        (train: 65 vs 60 exact matches); ENE files School under Facility, so Place.
    Everything else (dates, numbers, products, events, Position_Vocation, …) is not scored.

Figures:
    exact    a predicted span is correct when a gold span has the same start, end and type (primary figure).
    partial  predicted and gold spans of the same type that overlap by at least one character, matched one to
             one (largest overlap first), so one long prediction cannot cover two gold names.
    P = correct / predicted, R = correct / gold, F1 their harmonic mean; "all" is the micro average.

Usage (from the repository root):
    python bench/ner_eval.py                   # test split, writes bench/results/ner_eval.json
    python bench/ner_eval.py --limit 50        # quick look at the first 50 test sentences (writes nothing)
    python bench/ner_eval.py --split dev --errors 15   # kankei's most frequent error kinds on dev
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from common import NLP_PACKAGES, git_state, machine
from rich.console import Console
from rich.progress import track
from rich.table import Table

from kankei.extract.mentions import GINZA_TYPES

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "ner-wikipedia" / "ner.json"
DEFAULT_OUT = ROOT / "bench" / "results" / "ner_eval.json"
TYPES = ("Person", "Organization", "Place")
SYSTEMS = ("kankei", "ginza")
SPLIT_REMAINDER = {"test": 0, "dev": 1}

GOLD_TYPES = {
    "人名": "Person",
    "法人名": "Organization", "政治的組織名": "Organization", "その他の組織名": "Organization",
    "地名": "Place", "施設名": "Place",
}
IGNORED_GOLD = ("製品名", "イベント名")

Span = tuple[int, int, str]  # start, end (character offsets), type


@dataclass(frozen=True)
class Sentence:
    """One dataset sentence with its scored gold spans and the spans of the ignored gold types."""

    curid: str
    text: str
    gold: tuple[Span, ...]
    ignored: tuple[Span, ...]


@dataclass
class Counts:
    """Span counts for one type; ``correct`` per matching mode."""

    gold: int = 0
    predicted: int = 0
    exact: int = 0
    partial: int = 0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.exact += other.exact
        self.partial += other.partial

    def scores(self, mode: str) -> dict[str, Any]:
        correct = getattr(self, mode)
        p = correct / self.predicted if self.predicted else 0.0
        r = correct / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"gold": self.gold, "predicted": self.predicted, "correct": correct,
                "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}


@dataclass
class SystemRun:
    """What one system predicted, and how long loading and predicting took."""

    name: str
    predictions: list[list[Span]]
    load_seconds: float
    seconds: float
    counts: dict[str, Counts] = field(default_factory=dict)


# -- data ----------------------------------------------------------------------------------------

def load_split(path: Path, split: str, limit: int | None = None) -> list[Sentence]:
    """The sentences of ``split`` in file order (the first ``limit`` of them), with mapped gold spans."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    remainder = SPLIT_REMAINDER[split]
    out: list[Sentence] = []
    for row in rows:
        if int(row["curid"]) % 10 != remainder:
            continue
        text = row["text"]
        gold, ignored = [], []
        for ent in row["entities"]:
            start, end = ent["span"]
            if text[start:end] != ent["name"]:
                raise ValueError(f"curid {row['curid']}: span {start}-{end} is not {ent['name']!r} in the text")
            if ent["type"] in GOLD_TYPES:
                gold.append((start, end, GOLD_TYPES[ent["type"]]))
            elif ent["type"] in IGNORED_GOLD:
                ignored.append((start, end, ent["type"]))
            else:
                raise ValueError(f"curid {row['curid']}: unknown entity type {ent['type']!r}")
        out.append(Sentence(row["curid"], text, tuple(sorted(gold)), tuple(sorted(ignored))))
        if limit is not None and len(out) >= limit:
            break
    return out


# -- systems -------------------------------------------------------------------------------------

def _collect(name: str, texts: Sequence[str], spans: Iterator[list[Span]], console: Console) -> list[list[Span]]:
    out = [list(s) for s in track(spans, total=len(texts), description=f"{name:7}", console=console,
                                  transient=True)]
    if len(out) != len(texts):
        raise RuntimeError(f"{name} returned {len(out)} results for {len(texts)} texts")
    return out


def run_kankei(texts: Sequence[str], console: Console) -> SystemRun:
    """kankei's ``entity_spans`` over all texts in one streaming call."""
    from kankei.extract.nlp import load_nlp
    from kankei.extract.pipeline import entity_spans

    t0 = time.perf_counter()
    load_nlp()  # cached: entity_spans reuses it, so the run time below is parsing and rules only
    t1 = time.perf_counter()
    predictions = _collect("kankei", texts, entity_spans(texts), console)
    return SystemRun("kankei", predictions, t1 - t0, time.perf_counter() - t1)


def run_ginza(texts: Sequence[str], console: Console) -> SystemRun:
    """Raw ``ja_ginza`` entities, mapped with ``GINZA_TYPES``; unmapped labels are dropped."""
    import spacy

    t0 = time.perf_counter()
    nlp = spacy.load("ja_ginza")
    unknown = set(GINZA_TYPES) - set(nlp.get_pipe("ner").labels)
    if unknown:
        raise RuntimeError(f"GINZA_TYPES names labels ja_ginza does not have: {sorted(unknown)}")
    t1 = time.perf_counter()

    def spans() -> Iterator[list[Span]]:
        for doc in nlp.pipe(texts):
            yield [(e.start_char, e.end_char, GINZA_TYPES[e.label_]) for e in doc.ents if e.label_ in GINZA_TYPES]

    predictions = _collect("ginza", texts, spans(), console)
    return SystemRun("ginza", predictions, t1 - t0, time.perf_counter() - t1)


RUNNERS: dict[str, Callable[[Sequence[str], Console], SystemRun]] = {"kankei": run_kankei, "ginza": run_ginza}


# -- scoring -------------------------------------------------------------------------------------

def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def partial_matches(gold: Iterable[Span], pred: Iterable[Span]) -> int:
    """Same-type overlapping pairs matched one to one, largest overlap first."""
    pairs = sorted(((_overlap(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)
                    if g[2] == p[2] and _overlap(g, p) > 0), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


def score(sentences: Sequence[Sentence], predictions: Sequence[Sequence[Span]]) -> dict[str, Counts]:
    """Counts per type for one system."""
    counts = {t: Counts() for t in TYPES}
    for sent, pred in zip(sentences, predictions, strict=True):
        pred_set = set(pred)
        for t in TYPES:
            g = [s for s in sent.gold if s[2] == t]
            p = [s for s in pred_set if s[2] == t]
            c = counts[t]
            c.gold += len(g)
            c.predicted += len(p)
            c.exact += len(set(g) & set(p))
            c.partial += partial_matches(g, p)
    return counts


def with_total(counts: dict[str, Counts]) -> dict[str, Counts]:
    total = Counts()
    for c in counts.values():
        total.add(c)
    return {**counts, "all": total}


# -- error analysis (never on test) -------------------------------------------------------------------

def _script(text: str) -> str:
    kinds = []
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff" or ch in "々〆ヶ":
            k = "kanji"
        elif "\u30a1" <= ch <= "\u30fa" or ch == "ー":
            k = "katakana"
        elif "\u3041" <= ch <= "\u3096":
            k = "hiragana"
        elif ch.isascii() and ch.isalpha() or "Ａ" <= ch <= "ｚ":
            k = "latin"
        elif ch.isdigit():
            k = "digit"
        else:
            continue
        if k not in kinds:
            kinds.append(k)
    return "+".join(sorted(kinds)) or "symbols"


def _boundary(g: Span, ps: list[Span]) -> str:
    if len(ps) > 1:
        return "split in pieces"
    p = ps[0]
    if p[0] <= g[0] and g[1] <= p[1]:
        return "too long"
    if g[0] <= p[0] and p[1] <= g[1]:
        return "too short"
    return "shifted"


def error_kinds(sent: Sentence, pred: Sequence[Span]) -> Iterator[tuple[str, list[Span], list[Span]]]:
    """Each error in one sentence: (kind, gold spans involved, predicted spans involved)."""
    pred = sorted(set(pred))
    exact = set(sent.gold) & set(pred)
    free = [p for p in pred if p not in exact]
    for g in sent.gold:
        if g in exact:
            continue
        same_span = [p for p in free if p[:2] == g[:2]]
        same_type = [p for p in free if p[2] == g[2] and _overlap(g, p)]
        other = [p for p in free if _overlap(g, p)]
        if same_span:
            kind, used = f"{g[2]} typed as {same_span[0][2]}", same_span[:1]
        elif same_type:
            kind, used = f"{g[2]} boundary: {_boundary(g, same_type)}", same_type
        elif other:
            kind, used = f"{g[2]} found only as overlapping {other[0][2]}", other
        else:
            kind, used = f"{g[2]} missed ({_script(sent.text[g[0]:g[1]])})", []
        free = [p for p in free if p not in used]
        yield kind, [g], used
    for p in free:
        ignored = [i for i in sent.ignored if _overlap(i, p)]
        covering = [g for g in sent.gold if _overlap(g, p)]
        if ignored:
            yield f"{p[2]} inside a {ignored[0][2]} (not scored)", list(ignored), [p]
        elif covering:
            yield f"extra {p[2]} overlapping a found {covering[0][2]}", covering, [p]
        else:
            yield f"spurious {p[2]} ({_script(sent.text[p[0]:p[1]])})", [], [p]


def error_table(sentences: Sequence[Sentence], predictions: Sequence[Sequence[Span]],
                examples: int = 3) -> list[dict[str, Any]]:
    """Error kinds by frequency, each with a few examples (``gold → predicted`` and the sentence)."""
    count: Counter[str] = Counter()
    samples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for sent, pred in zip(sentences, predictions, strict=True):
        for kind, golds, preds in error_kinds(sent, pred):
            count[kind] += 1
            sample = {"curid": sent.curid, "gold": [sent.text[s:e] for s, e, _ in golds],
                      "predicted": [f"{sent.text[s:e]}/{t}" for s, e, t in preds], "text": sent.text}
            shown = samples[kind]
            # Different names make better examples than one name repeated (IBM, IBM, IBM).
            if len(shown) < examples and not any(
                    (x["gold"], x["predicted"]) == (sample["gold"], sample["predicted"]) for x in shown):
                shown.append(sample)
    return [{"kind": k, "count": n, "examples": samples[k]} for k, n in count.most_common()]


# -- output --------------------------------------------------------------------------------------

def report(sentences: Sequence[Sentence], runs: Sequence[SystemRun], split: str, limit: int | None,
           data: Path, errors: list[dict[str, Any]] | None) -> dict[str, Any]:
    gold_counts = Counter(s[2] for sent in sentences for s in sent.gold)
    ignored_counts = Counter(s[2] for sent in sentences for s in sent.ignored)
    out: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "dataset": {
            "name": "Stockmark ner-wikipedia v2.0",
            "license": "CC BY-SA 3.0 (Stockmark Inc.; Wikipedia contributors)",
            "path": str(data),
            "split": split,
            "split_rule": f"curid % 10 == {SPLIT_REMAINDER[split]}",
            "limit": limit,
            "sentences": len(sentences),
            "gold_spans": {t: gold_counts[t] for t in TYPES},
            "ignored_gold_spans": {t: ignored_counts[t] for t in IGNORED_GOLD},
        },
        "machine": machine(NLP_PACKAGES),
        "kankei_git": git_state(),
        "label_mapping": {"gold": GOLD_TYPES, "gold_ignored": list(IGNORED_GOLD), "ginza": GINZA_TYPES},
        "systems": {},
    }
    for run in runs:
        counts = with_total(run.counts)
        out["systems"][run.name] = {
            "load_seconds": round(run.load_seconds, 2),
            "seconds": round(run.seconds, 2),
            "sentences_per_second": round(len(sentences) / run.seconds, 2) if run.seconds else None,
            "exact": {t: c.scores("exact") for t, c in counts.items()},
            "partial": {t: c.scores("partial") for t, c in counts.items()},
        }
    if errors is not None:
        out["kankei_errors"] = errors
    return out


def print_tables(result: dict[str, Any], console: Console) -> None:
    ds = result["dataset"]
    systems = result["systems"]
    for mode, title in (("exact", "exact span match (primary)"), ("partial", "partial overlap, one to one")):
        table = Table(title=f"{ds['split']} split, {ds['sentences']} sentences — {title}")
        table.add_column("type")
        table.add_column("gold", justify="right")
        for name in systems:
            for col in ("pred", "correct", "P", "R", "F1"):
                table.add_column(f"{name}\n{col}" if col == "pred" else col, justify="right",
                                 style="bold" if col == "F1" else None)
        for t in (*TYPES, "all"):
            row = [t, str(next(iter(systems.values()))[mode][t]["gold"])]
            for sysres in systems.values():
                s = sysres[mode][t]
                row += [str(s["predicted"]), str(s["correct"]), f"{s['precision']:.3f}", f"{s['recall']:.3f}",
                        f"{s['f1']:.3f}"]
            if t == "all":
                table.add_section()
            table.add_row(*row)
        console.print(table)
    times = Table(title="wall time (seconds)")
    for col in ("system", "model load", "predict", "sentences/s"):
        times.add_column(col, justify="left" if col == "system" else "right")
    for name, s in systems.items():
        times.add_row(name, f"{s['load_seconds']:.1f}", f"{s['seconds']:.1f}", f"{s['sentences_per_second']:.1f}")
    console.print(times)
    m = result["machine"]
    console.print(f"nproc {m['nproc']}, python {m['python']}, spacy {m['spacy']}, ginza {m['ginza']}, "
                  f"ja_ginza {m['ja-ginza']}, kankei {result['kankei_git']}")


def print_errors(errors: list[dict[str, Any]], top: int, console: Console) -> None:
    table = Table(title=f"kankei's {top} most frequent error kinds", show_lines=True)
    table.add_column("kind")
    table.add_column("n", justify="right")
    table.add_column("examples: gold → predicted (curid)")
    for e in errors[:top]:
        lines = [f"{'+'.join(x['gold']) or '∅'} → {', '.join(x['predicted']) or '∅'} ({x['curid']}) "
                 f"{x['text'][:60]}" for x in e["examples"]]
        table.add_row(e["kind"], str(e["count"]), "\n".join(lines))
    console.print(table)


def write_json(result: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


# -- command -------------------------------------------------------------------------------------

@click.command(help=__doc__.split("\n\n")[0])
@click.option("--split", type=click.Choice(sorted(SPLIT_REMAINDER)), default="test", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N sentences of the split (quick mode).")
@click.option("--data", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_DATA,
              show_default=True)
@click.option("--system", "systems", type=click.Choice(SYSTEMS), multiple=True,
              help="Run only these systems (default: both).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help=f"Write the JSON result here. Default: {DEFAULT_OUT.relative_to(ROOT)} for a full test run, "
                   "nothing otherwise.")
@click.option("--errors", "top_errors", type=click.IntRange(min=1),
              help="Also list kankei's N most frequent error kinds with examples (not allowed on test).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def main(split: str, limit: int | None, data: Path, systems: tuple[str, ...], out: Path | None,
         top_errors: int | None, fmt: str) -> None:
    if top_errors and split == "test":
        raise click.UsageError("--errors reads kankei's mistakes: use --split dev, never test")
    if top_errors and systems and "kankei" not in systems:
        raise click.UsageError("--errors needs the kankei system")
    if out is None and split == "test" and limit is None and not systems:
        out = DEFAULT_OUT
    progress = Console(stderr=True)
    sentences = load_split(data, split, limit)
    texts = [s.text for s in sentences]
    runs = []
    for name in systems or SYSTEMS:
        run = RUNNERS[name](texts, progress)
        run.counts = score(sentences, run.predictions)
        runs.append(run)
    errors = None
    if top_errors:
        kankei = next(r for r in runs if r.name == "kankei")
        errors = error_table(sentences, kankei.predictions)
    result = report(sentences, runs, split, limit, data, errors)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        console = Console()
        if not console.is_terminal:
            console = Console(width=max(console.width, 120))  # pipes and logs get the whole table
        print_tables(result, console)
        if errors is not None:
            print_errors(errors, top_errors or 0, console)
    if out is not None:
        write_json(result, out)
        progress.print(f"wrote {out}")


if __name__ == "__main__":
    main()
