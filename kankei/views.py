"""The interactive graph page (``kankei view``): pyvis (vis-network) with its scripts inlined, so the one
HTML file opens offline.

Nodes are coloured (and shaped) by type and sized by degree centrality in the whole graph; links are
labelled by relation (and title, for positions); hovering shows a node's positions, visits and measures,
and a link's dates, counts and evidence sentences. ``around`` narrows the page to the entities within
``depth`` links of some nodes.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from kankei.analysis import DEFAULT_SIDES, Analysis, analyze
from kankei.errors import KankeiError
from kankei.graph_reads import EvidenceSentence, find_entities, read_evidence
from kankei.load.store import Store

__all__ = [
    "NODE_COLOURS",
    "RELATION_COLOURS",
    "GraphPage",
    "graph_page",
    "neighbourhood",
    "write_graph_page",
]

NODE_COLOURS = {"Person": "#4e79a7", "Organization": "#f28e2b", "Place": "#59a14f"}
NODE_SHAPES = {"Person": "dot", "Organization": "square", "Place": "diamond"}
RELATION_COLOURS = {"VISITED": "#59a14f", "MET": "#e15759", "ACCOMPANIED": "#b07aa1", "HOLDS_POSITION": "#9c755f"}
SENTENCES_SHOWN = 3  # evidence sentences per link in its tooltip
_OPTIONS = {
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -70, "springLength": 110, "avoidOverlap": 0.4},
        "stabilization": {"enabled": True, "iterations": 600, "fit": True},
    },
    "nodes": {"font": {"size": 20, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"}, "borderWidth": 1},
    "edges": {"font": {"size": 11, "align": "middle", "face": "sans-serif"}, "smooth": {"type": "dynamic"}},
    "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": True},
    "layout": {"randomSeed": 7},  # the same graph is drawn the same way every time
}
# pyvis's template always pulls Bootstrap from a CDN; the page does not need it (layout only).
_REMOTE_TAGS = re.compile(
    r"<link\b[^>]*\bhref=\"https?://[^>]*>|<script\b[^>]*\bsrc=\"https?://[^>]*>\s*</script>", re.S
)
_REMOTE_LEFT = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"https?://", re.S)
_STYLE = """<style>
body { margin: 0; font-family: "Noto Sans CJK JP", "Noto Sans JP", sans-serif; }
header.kankei { padding: 6px 12px; border-bottom: 1px solid #ddd; font-size: 14px; }
header.kankei h1 { font-size: 17px; margin: 0 0 4px 0; }
header.kankei .key { display: inline-block; margin-right: 14px; }
header.kankei .swatch { display: inline-block; width: 11px; height: 11px; margin-right: 4px; vertical-align: -1px; }
div.vis-tooltip { white-space: pre-wrap !important; max-width: 34em; font-size: 13px; line-height: 1.45; }
#mynetwork { float: none !important; box-sizing: border-box; border: none !important; }
html, body { overflow: hidden; }
</style>"""


@dataclass(frozen=True)
class GraphPage:
    html: str
    nodes: int
    edges: int


def neighbourhood(graph: nx.MultiDiGraph, centres: Iterable[str], depth: int) -> nx.MultiDiGraph:
    """The subgraph of the nodes within ``depth`` links (either direction) of any centre."""
    undirected = graph.to_undirected(as_view=True)
    keep: set[str] = set()
    for centre in centres:
        keep |= set(nx.single_source_shortest_path_length(undirected, centre, cutoff=depth))
    return graph.subgraph(keep).copy()


def graph_page(
    analysis: Analysis,
    evidence: Sequence[EvidenceSentence],
    graph: nx.MultiDiGraph | None = None,
    title: str = "kankei graph",
    height: str = "calc(100vh - 64px)",
) -> GraphPage:
    """The self-contained HTML page of ``graph`` (default: the whole analysed graph)."""
    graph = analysis.graph if graph is None else graph
    sentences = _sentences_by_link(evidence)
    top_degree = max((analysis.linked.degree(n) for n in analysis.linked), default=1) or 1
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    net.set_options(json.dumps(_OPTIONS))
    for node, data in sorted(graph.nodes(data=True)):
        kind = data.get("type", "Place")
        share = analysis.linked.degree(node) / top_degree if node in analysis.linked else 0.0
        net.add_node(
            node,
            label=data.get("name", node),
            title=_node_tooltip(analysis, node),
            color=NODE_COLOURS.get(kind, "#bab0ac"),
            shape=NODE_SHAPES.get(kind, "dot"),
            size=round(10 + 32 * math.sqrt(share), 1),
        )
    for (source, target, relation), items in sorted(_links(graph).items()):
        titles = sorted({d["title"] for d in items if d.get("title")})
        label = f"{relation} {'/'.join(titles)}" if titles else relation
        net.add_edge(
            source,
            target,
            label=label,
            title=_edge_tooltip(graph, source, target, relation, items, sentences),
            color=RELATION_COLOURS.get(relation, "#888888"),
            arrows="to" if relation != "MET" else {"to": {"enabled": False}},
            width=1 + min(4, math.log2(1 + sum(int(d.get("evidence") or 1) for d in items))),
        )
    html = net.generate_html()
    html = _REMOTE_TAGS.sub("", html)
    if _REMOTE_LEFT.search(html):
        raise KankeiError("the graph page still loads a script or style from the network (pyvis changed?)")
    header = _header(title, graph)
    html = html.replace("</head>", f"{_STYLE}\n<title>{escape(title)}</title>\n</head>", 1)
    html = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", html)
    html = html.replace("<body>", f"<body>\n{header}", 1)
    return GraphPage(html, graph.number_of_nodes(), len(_links(graph)))


def write_graph_page(
    store: Store,
    out: str | Path,
    around: Sequence[str] = (),
    depth: int = 1,
    sides: tuple[str, str] = DEFAULT_SIDES,
) -> GraphPage:
    """Read the graph from ``store``, draw it (or the neighbourhood of the ``around`` names) into ``out``."""
    analysis = analyze(store, sides)
    graph = analysis.graph
    title = f"kankei graph of {store.name}"
    if around:
        centres = []
        for name in around:
            ids = find_entities(store, name)
            if not ids:
                raise KankeiError(f"nothing called {name!r} in {store.name}")
            centres += ids
        graph = neighbourhood(graph, centres, depth)
        title = f"{' / '.join(around)}: {depth} link{'s' if depth != 1 else ''} around"
    page = graph_page(analysis, read_evidence(store), graph, title)
    Path(out).write_text(page.html, encoding="utf-8")
    return page


# ------------------------------------------------------------------------------------------------- text


def _links(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[dict]]:
    """Parallel edges of one relation (a person's several titles) folded into one drawn link."""
    links: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for source, target, data in graph.edges(data=True):
        links[(source, target, data["relation"])].append(data)
    return links


def _sentences_by_link(evidence: Sequence[EvidenceSentence]) -> dict[tuple[str, str, str], list[EvidenceSentence]]:
    found: dict[tuple[str, str, str], list[EvidenceSentence]] = defaultdict(list)
    for e in evidence:
        found[(e.subject, e.object, e.relation)].append(e)
        if e.relation == "MET":  # MET is stored once per pair, whichever way an article put it
            found[(e.object, e.subject, e.relation)].append(e)
    return found


def _node_tooltip(analysis: Analysis, node: str) -> str:
    graph = analysis.graph
    data = graph.nodes[node]
    lines = [f"{data.get('name', node)} ({data.get('type', '?')}{', ' + data['kind'] if data.get('kind') else ''})"]
    person = analysis.person(node)
    if person is not None:
        side = f"side: {person.side}" if person.side else "side: unknown"
        lines.append(f"{side} · community {person.community}")
    positions = sorted(
        f"{d.get('title') or '?'} ({graph.nodes[b].get('name', b)})"
        for _, b, d in graph.out_edges(node, data=True)
        if d["relation"] == "HOLDS_POSITION"
    )
    if positions:
        lines.append("positions: " + ", ".join(positions))
    visits = sorted(
        f"{graph.nodes[b].get('name', b)} {_dates(d)}".strip()
        for _, b, d in graph.out_edges(node, data=True)
        if d["relation"] == "VISITED"
    )
    if visits:
        lines.append("visited: " + "; ".join(visits))
    visitors = sorted(
        f"{graph.nodes[a].get('name', a)} {_dates(d)}".strip()
        for a, _, d in graph.in_edges(node, data=True)
        if d["relation"] == "VISITED"
    )
    if visitors:
        lines.append("visited by: " + "; ".join(visitors))
    if person is not None:
        lines.append(
            f"connections {person.connections} · degree {person.degree:.3f} · betweenness {person.betweenness:.3f}"
        )
    return "\n".join(lines)


def _edge_tooltip(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    relation: str,
    items: list[dict],
    sentences: dict[tuple[str, str, str], list[EvidenceSentence]],
) -> str:
    name = lambda n: graph.nodes[n].get("name", n)  # noqa: E731
    arrow = f"—{relation}—" if relation == "MET" else f"—{relation}→"  # MET has no direction
    lines = [f"{name(source)} {arrow} {name(target)}"]
    titles = sorted({d["title"] for d in items if d.get("title")})
    if titles:
        lines.append("title: " + ", ".join(titles))
    dates = sorted({_dates(d) for d in items if _dates(d)})
    facts = ", ".join(dates) if dates else "no date"
    count = sum(int(d.get("evidence") or 0) for d in items)
    articles = max(int(d.get("articles") or 0) for d in items)
    confidence = max(float(d.get("confidence") or 0) for d in items)
    modality = "/".join(sorted({d.get("modality") or "actual" for d in items}))
    lines.append(f"{facts} · {modality} · {count} sentence(s) in {articles} article(s) · confidence {confidence:g}")
    found = sentences.get((source, target, relation), [])
    if titles:
        found = [e for e in found if e.title in titles or not e.title]
    for e in found[:SENTENCES_SHOWN]:
        when = "".join(f", {v}" for v in (e.date, "planned" if e.modality == "planned" else None) if v)
        lines.append(f"「{e.sentence}」 ({e.article}{when})")
    if len(found) > SENTENCES_SHOWN:
        lines.append(f"… and {len(found) - SENTENCES_SHOWN} more")
    return "\n".join(lines)


def _dates(data: dict) -> str:
    first, last = data.get("first_date"), data.get("last_date")
    if first and last and first != last:
        return f"{first}…{last}"
    return first or last or ""


def _header(title: str, graph: nx.MultiDiGraph) -> str:
    keys = "".join(
        f'<span class="key"><span class="swatch" style="background:{colour}"></span>{kind}</span>'
        for kind, colour in NODE_COLOURS.items()
    )
    keys += "".join(
        f'<span class="key"><span class="swatch" style="background:{colour};height:3px"></span>{rel}</span>'
        for rel, colour in RELATION_COLOURS.items()
    )
    counts = (
        f"{graph.number_of_nodes()} entities, {len(_links(graph))} links · size = degree centrality · "
        "hover for evidence"
    )
    return f'<header class="kankei"><h1>{escape(title)}</h1>{keys}<span class="key">{escape(counts)}</span></header>'
