"""The entity graph as a networkx graph, written as GraphML, GEXF or node-link JSON (``kankei export``).

Only people, organisations and places and the four direct relations go out: the reified evidence and the
events are the database's business; tools like Gephi want the plain network.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from kankei.load.schema import DIRECT_RELATIONS, ENTITY_LABELS
from kankei.load.store import Store

__all__ = ["EXPORT_FORMATS", "entity_graph", "export_graph"]

EXPORT_FORMATS = ("graphml", "gexf", "json")

_EDGE_PROPS = ("confidence", "evidence", "articles", "first_date", "last_date", "modality", "title")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    # GraphML and GEXF have no null: leave absent values out.
    return {k: v for k, v in values.items() if v is not None}


def entity_graph(store: Store) -> nx.MultiDiGraph:
    """Entities as nodes (id → name, type, kind), direct relationships as keyed edges, in a stable order."""
    graph = nx.MultiDiGraph()
    for label in ENTITY_LABELS:
        rows = store.read(f"MATCH (n:{label}) RETURN n.id AS id, n.name AS name, n.kind AS kind")
        for row in sorted(rows, key=lambda r: r["id"]):
            graph.add_node(row["id"], **_clean({"name": row["name"], "type": label, "kind": row["kind"]}))
    for relation in DIRECT_RELATIONS:
        props = ", ".join(f"r.{p} AS {p}" for p in _EDGE_PROPS)
        rows = store.read(f"MATCH (a)-[r:{relation}]->(b) RETURN a.id AS source, b.id AS target, {props}")
        for row in sorted(rows, key=lambda r: (r["source"], r["target"], r["title"] or "")):
            key = f"{relation}:{row['title']}" if row["title"] else relation
            attrs = _clean({p: row[p] for p in _EDGE_PROPS})
            graph.add_edge(row["source"], row["target"], key=key, relation=relation, **attrs)
    return graph


def export_graph(store: Store, fmt: str, out: str | Path) -> nx.MultiDiGraph:
    """Write the entity graph to ``out`` as ``graphml``, ``gexf`` or ``json`` (node-link); returns it."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    graph = entity_graph(store)
    if fmt == "graphml":
        nx.write_graphml(graph, out, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(graph, out, encoding="utf-8")
    else:
        data = nx.node_link_data(graph, edges="edges")
        Path(out).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return graph
