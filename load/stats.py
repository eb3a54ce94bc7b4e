"""How big the graph is: node counts per label and relationship counts per type (``kankei stats``)."""

from __future__ import annotations

from dataclasses import dataclass

from kankei.load import statements as st
from kankei.load.schema import NODE_TABLES, REL_TABLES
from kankei.load.store import Store

__all__ = ["GraphCounts", "graph_counts"]


@dataclass(frozen=True)
class GraphCounts:
    """Counts of every label and relationship type of the model (zero when absent)."""

    nodes: dict[str, int]
    relationships: dict[str, int]


def graph_counts(store: Store) -> GraphCounts:
    """Count nodes by label and relationships by type, in the model's order."""
    nodes = {t.label: _count(store, st.count_nodes(t.label)) for t in NODE_TABLES}
    relationships = {t.type: _count(store, st.count_relationships(t.type)) for t in REL_TABLES}
    return GraphCounts(nodes, relationships)


def _count(store: Store, cypher: str) -> int:
    rows = store.read(cypher)
    return int(rows[0]["n"]) if rows else 0
