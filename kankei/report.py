"""One self-contained HTML page about a graph (``kankei report``): corpus statistics, the most connected
people, communities and bridges, the timeline (embedded PNG), the interactive graph (embedded page), the
extraction's evaluation figures against a gold directory, and every relationship linked to the evidence
sentences it rests on.

Nothing is loaded from the network: the picture is a data URI, the graph page sits in an ``iframe``'s
``srcdoc`` with its scripts inlined.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from kankei.analysis import DEFAULT_SIDES, Analysis, analyze
from kankei.errors import KankeiError
from kankei.evaluate import EvalReport, evaluate, read_predictions
from kankei.graph_reads import ArticleRow, EvidenceSentence, read_articles, read_evidence, read_participation
from kankei.load.schema import ENTITY_LABELS
from kankei.load.store import Store
from kankei.timeline import build_timeline, render_png
from kankei.types import RELATIONS
from kankei.views import graph_page

__all__ = ["ReportSummary", "evidence_predictions", "report_html", "write_report"]

TOP_PEOPLE = 10
_STYLE = """
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", sans-serif; margin: 0 auto; max-width: 1280px;
       padding: 12px 20px 40px; color: #222; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 19px; margin-top: 30px; border-bottom: 2px solid #ddd; }
table { border-collapse: collapse; font-size: 13px; margin: 6px 0 12px; }
th, td { border: 1px solid #d5d5d5; padding: 3px 7px; vertical-align: top; text-align: left; }
th { background: #f2f2f2; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.figures { display: flex; flex-wrap: wrap; gap: 24px; } .muted { color: #666; font-size: 13px; }
div.wide { overflow-x: auto; } img.timeline { border: 1px solid #ddd; }
iframe.graph { width: 100%; height: 720px; border: 1px solid #ccc; }
mark.s { background: #d5e4f5; } mark.o { background: #f9dcc4; }
tr:target { outline: 3px solid #f2b134; }
nav a { margin-right: 12px; }
"""


@dataclass(frozen=True)
class ReportSummary:
    articles: int
    entities: dict[str, int]
    facts: dict[str, int]
    relationships: int
    evaluated: bool
    timeline_marks: int


def evidence_predictions(evidence: Iterable[EvidenceSentence]) -> list[dict[str, Any]]:
    """The store's facts in the shape :func:`kankei.evaluate.evaluate` scores (names, dates, titles)."""
    return [
        {
            "article": e.article,
            "relation": e.relation,
            "subject": {"name": e.subject_name},
            "object": {"name": e.object_name},
            "date": e.date,
            "title": e.title,
            "modality": e.modality or "actual",
            "evidence": {"sentence": e.sentence},
        }
        for e in evidence
    ]


def write_report(
    store: Store,
    out: str | Path,
    gold: str | Path | None = None,
    facts: str | Path | None = None,
    sides: tuple[str, str] = DEFAULT_SIDES,
) -> ReportSummary:
    """Write the report of ``store`` to ``out``; with ``gold``, score ``facts`` (a JSONL) or the store's own."""
    if facts is not None and gold is None:
        raise KankeiError("--facts is only used to score against --gold: give the gold directory too")
    analysis = analyze(store, sides)
    evidence = read_evidence(store)
    articles = read_articles(store)
    timeline = build_timeline(read_participation(store))
    png = render_png(timeline) if timeline.marks else None
    scores, scored = None, None
    if gold is not None:
        predictions = list(read_predictions(facts)) if facts is not None else evidence_predictions(evidence)
        scores = evaluate(gold, predictions)
        scored = str(facts) if facts is not None else f"the facts in {store.name}"
    page = report_html(store.name, analysis, evidence, articles, png, timeline.undated, scores, scored)
    Path(out).write_text(page, encoding="utf-8")
    entities = Counter(d.get("type") for _, d in analysis.graph.nodes(data=True))
    return ReportSummary(
        articles=len(articles),
        entities={label: entities.get(label, 0) for label in ENTITY_LABELS},
        facts=dict(Counter(e.relation for e in evidence)),
        relationships=analysis.graph.number_of_edges(),
        evaluated=scores is not None,
        timeline_marks=len(timeline.marks),
    )


def report_html(
    store_name: str,
    analysis: Analysis,
    evidence: Sequence[EvidenceSentence],
    articles: Sequence[ArticleRow],
    timeline_png: bytes | None,
    undated: int = 0,
    scores: EvalReport | None = None,
    scored: str | None = None,
) -> str:
    """The report page (see the module docstring)."""
    graph = analysis.graph
    numbers = {e.key: i for i, e in enumerate(evidence, 1)}
    links = _relationships(analysis, evidence)
    link_of = {e.key: n for n, (_, _, _, _, items) in enumerate(links, 1) for e in items}
    sections = [
        ("corpus", "Corpus", _corpus(analysis, evidence, articles)),
        ("people", "Most connected people", _people(analysis)),
        ("bridges", f"Bridges between {analysis.sides[0]} and {analysis.sides[1]}", _bridges(analysis)),
        ("communities", "Communities", _communities(analysis)),
        ("timeline", "Timeline", _timeline(timeline_png, undated)),
        ("graph", "Graph", _graph(analysis, evidence)),
    ]
    if scores is not None:
        sections.append(("evaluation", "Evaluation", _evaluation(scores, scored or "")))
    sections += [
        ("relationships", "Relationships and their evidence", _links_table(graph, links, numbers)),
        ("evidence", "Evidence sentences", _evidence_table(evidence, numbers, link_of)),
    ]
    nav = "".join(f'<a href="#{anchor}">{escape(title)}</a>' for anchor, title, _ in sections)
    body = "\n".join(f'<section id="{a}"><h2>{escape(t)}</h2>\n{html}</section>' for a, t, html in sections)
    today = dt.date.today().isoformat()
    return f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>kankei report: {escape(store_name)}</title>
<style>{_STYLE}</style></head>
<body>
<h1>kankei report</h1>
<p class="muted">Graph {escape(store_name)} · {today}</p>
<nav>{nav}</nav>
{body}
</body></html>
"""


# ---------------------------------------------------------------------------------------------- sections


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]], ids: Sequence[str] | None = None) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    lines = []
    for i, row in enumerate(rows):
        anchor = f' id="{ids[i]}"' if ids else ""
        cells = "".join(_cell(v) for v in row)
        lines.append(f"<tr{anchor}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(lines) + "\n</tbody></table>"


class _Raw(str):
    """Cell content that is already HTML."""


def _cell(value: Any) -> str:
    if isinstance(value, _Raw):
        return f"<td>{value}</td>"
    if isinstance(value, bool) or value is None:
        return f"<td>{'' if value is None else escape(str(value))}</td>"
    if isinstance(value, int | float):
        text = f"{value:.3f}" if isinstance(value, float) else str(value)
        return f'<td class="num">{text}</td>'
    return f"<td>{escape(str(value))}</td>"


def _corpus(analysis: Analysis, evidence: Sequence[EvidenceSentence], articles: Sequence[ArticleRow]) -> str:
    graph = analysis.graph
    entities = Counter(d.get("type") for _, d in graph.nodes(data=True))
    facts = Counter(e.relation for e in evidence)
    relationships = Counter(d["relation"] for _, _, d in graph.edges(data=True))
    per_article = Counter(e.article for e in evidence)
    summary = (
        f"<p>{len(articles)} articles, {sum(entities.values())} entities, {len(evidence)} facts "
        f"(evidence sentences), {graph.number_of_edges()} relationships.</p>"
    )
    figures = '<div class="figures">' + _table(
        ["entity type", "count"], [(label, entities.get(label, 0)) for label in ENTITY_LABELS]
    ) + _table(
        ["relation", "facts", "relationships"],
        [(r, facts.get(r, 0), relationships.get(r, 0)) for r in RELATIONS],
    ) + "</div>"
    table = _table(
        ["article", "title", "source", "published", "facts"],
        [(a.id, a.title, a.source, a.published, per_article.get(a.id, 0)) for a in articles],
    )
    return summary + figures + table


def _people(analysis: Analysis) -> str:
    people = sorted(analysis.people, key=lambda p: (-p.connections, -p.betweenness, p.name))[:TOP_PEOPLE]
    note = (
        '<p class="muted">Connections: distinct neighbours over VISITED, MET, ACCOMPANIED and HOLDS_POSITION; '
        "degree and betweenness centrality (networkx, normalised) on that graph; community: Louvain.</p>"
    )
    return note + _table(
        ["person", "side", "community", "connections", "degree", "betweenness"],
        [(p.name, p.side, p.community, p.connections, p.degree, p.betweenness) for p in people],
    )


def _bridges(analysis: Analysis) -> str:
    if not analysis.bridges:
        return f"<p>No social path (MET / ACCOMPANIED) joins people of {analysis.sides[0]} and {analysis.sides[1]}.</p>"
    note = (
        '<p class="muted">Sides: the country a person holds a position in. Ties: MET / ACCOMPANIED links to the '
        "other side. Brokerage: share of the two sides' shortest social paths through the person. Cut: share "
        "of connected cross-side pairs that lose every path without them.</p>"
    )
    return note + _table(
        ["person", "side", "ties to the other side", "brokerage", "cut"],
        [(b.name, b.side, "、".join(b.ties), b.brokerage, b.cut) for b in analysis.bridges],
    )


def _communities(analysis: Analysis) -> str:
    return _table(
        ["community", "size", "people", "places and organisations"],
        [(c.number, c.size, "、".join(c.people), "、".join(c.others)) for c in analysis.communities],
    )


def _timeline(png: bytes | None, undated: int) -> str:
    if png is None:
        return "<p>No dated visits or meetings.</p>"
    data = base64.b64encode(png).decode("ascii")
    note = f'<p class="muted">{undated} undated event part(s) are not shown.</p>' if undated else ""
    img = f'<img class="timeline" alt="timeline of visits and meetings" src="data:image/png;base64,{data}">'
    return f'<div class="wide">{img}</div>{note}'


def _graph(analysis: Analysis, evidence: Sequence[EvidenceSentence]) -> str:
    page = graph_page(analysis, evidence, title="The whole graph", height="660px")
    return (
        '<p class="muted">Drag to move, scroll to zoom, hover a node or link for details and evidence.</p>'
        f'<iframe class="graph" title="graph" srcdoc="{escape(page.html, quote=True)}"></iframe>'
    )


def _evaluation(scores: EvalReport, scored: str) -> str:
    rows = [
        (name, s.predicted, s.correct, s.gold, s.matched, s.precision, s.recall, s.f1)
        for name, s in scores.relations.items()
    ]
    rows.append(("macro", None, None, None, None, scores.macro_precision, scores.macro_recall, scores.macro_f1))
    accuracy = [
        (name, a.correct, a.total, a.value)
        for name, a in (("date", scores.date), ("title", scores.title), ("modality", scores.modality))
    ]
    return (
        f'<p class="muted">Scored: {escape(scored)} (rules of shared/eval, as in <code>kankei eval</code>).</p>'
        + _table(["relation", "predicted", "correct", "gold", "matched", "P", "R", "F1"], rows)
        + _table(["attribute", "correct", "total", "accuracy"], accuracy)
    )


def _relationships(
    analysis: Analysis, evidence: Sequence[EvidenceSentence]
) -> list[tuple[str, str, str, Mapping[str, Any], list[EvidenceSentence]]]:
    """(subject, relation, object, edge data, evidence) of every relationship, in graph order."""
    by_link: dict[tuple[str, str, str, str], list[EvidenceSentence]] = defaultdict(list)
    for e in evidence:
        title = e.title or "" if e.relation == "HOLDS_POSITION" else ""
        by_link[(e.subject, e.object, e.relation, title)].append(e)
        if e.relation == "MET":
            by_link[(e.object, e.subject, e.relation, title)].append(e)
    links = []
    for source, target, data in analysis.graph.edges(data=True):
        title = data.get("title") or "" if data["relation"] == "HOLDS_POSITION" else ""
        items = by_link.get((source, target, data["relation"], title), [])
        links.append((source, data["relation"], target, data, items))
    return links


def _links_table(graph: Any, links: Sequence[tuple], numbers: Mapping[str, int]) -> str:
    name = lambda n: graph.nodes[n].get("name", n)  # noqa: E731
    rows, ids = [], []
    for n, (source, relation, target, data, items) in enumerate(links, 1):
        dates = data.get("first_date") or ""
        if data.get("last_date") and data.get("last_date") != dates:
            dates = f"{dates}…{data['last_date']}"
        refs = " ".join(f'<a href="#ev-{numbers[e.key]}">[{numbers[e.key]}]</a>' for e in items)
        rows.append((name(source), relation, name(target), data.get("title"), dates, data.get("modality"),
                     data.get("confidence"), _Raw(refs)))
        ids.append(f"rel-{n}")
    return _table(["subject", "relation", "object", "title", "dates", "modality", "confidence", "evidence"], rows, ids)


def _evidence_table(
    evidence: Sequence[EvidenceSentence], numbers: Mapping[str, int], link_of: Mapping[str, int]
) -> str:
    rows, ids = [], []
    for e in evidence:
        n = numbers[e.key]
        back = f'<a href="#rel-{link_of[e.key]}">{n}</a>' if e.key in link_of else str(n)
        rows.append((_Raw(back), e.article, e.relation, e.subject_name, e.object_name, e.date, e.title,
                     e.modality, _Raw(_highlight(e)), f"{e.start_offset}–{e.end_offset}", e.rule, e.confidence))
        ids.append(f"ev-{n}")
    header = ["#", "article", "relation", "subject", "object", "date", "title", "modality", "sentence",
              "offsets", "rule", "confidence"]
    return _table(header, rows, ids)


def _highlight(e: EvidenceSentence) -> str:
    """The sentence with the subject and object mentions marked (first occurrence of each)."""
    spans = []
    for text, kind in ((e.subject_text, "s"), (e.object_text, "o")):
        at = e.sentence.find(text) if text else -1
        if at >= 0 and all(at >= end or at + len(text) <= start for start, end, _ in spans):
            spans.append((at, at + len(text), kind))
    out, pos = [], 0
    for start, end, kind in sorted(spans):
        out += [escape(e.sentence[pos:start]), f'<mark class="{kind}">{escape(e.sentence[start:end])}</mark>']
        pos = end
    out.append(escape(e.sentence[pos:]))
    return "".join(out)
