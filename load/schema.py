"""The graph model, declared once: node labels with their key and properties, relationship types with
their endpoints. Both engines are set up from it (ladybug needs tables, Neo4j constraints).

Labels and types are fixed names from this module; they are the only strings ever pasted into Cypher.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ENTITY_LABELS",
    "EVENT_LABELS",
    "DIRECT_RELATIONS",
    "NodeTable",
    "RelTable",
    "NODE_TABLES",
    "REL_TABLES",
    "ladybug_ddl",
    "neo4j_ddl",
]

ENTITY_LABELS: tuple[str, ...] = ("Person", "Organization", "Place")
EVENT_LABELS: tuple[str, ...] = ("Visit", "Meeting")
DIRECT_RELATIONS: tuple[str, ...] = ("VISITED", "MET", "ACCOMPANIED", "HOLDS_POSITION")


@dataclass(frozen=True)
class NodeTable:
    """A node label: its unique key property and its other properties (ladybug column types)."""

    label: str
    key: str
    properties: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class RelTable:
    """A relationship type: the (from, to) label pairs it may join and its properties."""

    type: str
    pairs: tuple[tuple[str, str], ...]
    properties: tuple[tuple[str, str], ...] = ()


_S = "STRING"
_ENTITY_PROPS = (
    ("type", _S),
    ("name", _S),
    ("key", _S),
    ("names", "STRING[]"),
    ("keys", "STRING[]"),
    ("kind", _S),
    # the keys again as one string, " k1 k2 … ", for an indexed `lookup CONTAINS ' key '` (no engine indexes
    # list membership; keys never contain spaces)
    ("lookup", _S),
)
_EVENT_PROPS = (
    ("type", _S),
    ("date", _S),
    ("date_precision", _S),
    ("modality", _S),
    ("place", _S),
    ("country", _S),
    ("articles", "INT64"),
    ("evidence", "INT64"),
    ("confidence", "DOUBLE"),
)
# The aggregates every direct relationship carries, recomputed from its Evidence nodes.
_DIRECT_PROPS = (
    ("confidence", "DOUBLE"),
    ("evidence", "INT64"),
    ("articles", "INT64"),
    ("first_date", _S),
    ("last_date", _S),
    ("modality", _S),
    ("title", _S),
)

NODE_TABLES: tuple[NodeTable, ...] = (
    NodeTable("Article", "id", (("title", _S), ("source", _S), ("url", _S), ("published", _S))),
    *(NodeTable(label, "id", _ENTITY_PROPS) for label in ENTITY_LABELS),
    NodeTable(
        "Evidence",
        "key",
        (
            ("article", _S),
            ("relation", _S),
            ("sentence", _S),
            ("start_offset", "INT64"),
            ("end_offset", "INT64"),
            ("rule", _S),
            ("confidence", "DOUBLE"),
            ("modality", _S),
            ("date", _S),
            ("date_precision", _S),
            ("date_text", _S),
            ("title", _S),
            ("subject_text", _S),
            ("object_text", _S),
            # true until the events this evidence feeds are derived again (kankei.load.derive)
            ("pending", "BOOLEAN"),
        ),
    ),
    *(NodeTable(label, "key", _EVENT_PROPS) for label in EVENT_LABELS),
)

_ANY_TO_ANY = tuple((a, b) for a in ENTITY_LABELS for b in ENTITY_LABELS)

REL_TABLES: tuple[RelTable, ...] = (
    *(RelTable(rel, _ANY_TO_ANY, _DIRECT_PROPS) for rel in DIRECT_RELATIONS),
    RelTable("PART_OF", (("Place", "Place"), ("Organization", "Place"))),
    RelTable("MENTIONS", tuple(("Article", label) for label in ENTITY_LABELS)),
    RelTable("REPORTS", (("Article", "Evidence"),)),
    RelTable("SUBJECT", tuple(("Evidence", label) for label in ENTITY_LABELS)),
    RelTable("OBJECT", tuple(("Evidence", label) for label in ENTITY_LABELS)),
    RelTable("PARTICIPATED", tuple((a, e) for a in ENTITY_LABELS for e in EVENT_LABELS), (("role", _S),)),
    RelTable("AT", tuple((e, "Place") for e in EVENT_LABELS)),
    RelTable("ABOUT", tuple(("Evidence", e) for e in EVENT_LABELS)),
    RelTable("DURING", (("Meeting", "Visit"),)),
)


# Columns added after graph files were first written: ``ALTER TABLE … ADD IF NOT EXISTS`` brings older files up.
ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("Evidence", "pending", "BOOLEAN"),
    *((label, "lookup", "STRING") for label in ENTITY_LABELS),
)


def ladybug_ddl() -> list[str]:
    """``CREATE … TABLE IF NOT EXISTS`` statements for the embedded store (node tables first), then the
    columns later versions added."""
    statements = []
    for table in NODE_TABLES:
        columns = [f"{table.key} STRING", *(f"{name} {kind}" for name, kind in table.properties)]
        statements.append(
            f"CREATE NODE TABLE IF NOT EXISTS {table.label}({', '.join(columns)}, PRIMARY KEY({table.key}))"
        )
    for rel in REL_TABLES:
        parts = [f"FROM {a} TO {b}" for a, b in rel.pairs]
        parts += [f"{name} {kind}" for name, kind in rel.properties]
        statements.append(f"CREATE REL TABLE IF NOT EXISTS {rel.type}({', '.join(parts)})")
    statements += [f"ALTER TABLE {label} ADD IF NOT EXISTS {name} {kind}" for label, name, kind in ADDED_COLUMNS]
    return statements


def neo4j_ddl() -> list[str]:
    """Uniqueness constraints on every node key and lookup indexes on names, all ``IF NOT EXISTS``."""
    statements = [
        f"CREATE CONSTRAINT kankei_{t.label.lower()}_{t.key} IF NOT EXISTS "
        f"FOR (n:{t.label}) REQUIRE n.{t.key} IS UNIQUE"
        for t in NODE_TABLES
    ]
    statements += [
        f"CREATE INDEX kankei_{label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)"
        for label in ENTITY_LABELS
    ]
    statements += [
        f"CREATE INDEX kankei_{label.lower()}_date IF NOT EXISTS FOR (n:{label}) ON (n.date)"
        for label in EVENT_LABELS
    ]
    # Canned queries find an entity by any of its keys: `n.lookup CONTAINS ' key '` on a text index.
    statements += [
        f"CREATE TEXT INDEX kankei_{label.lower()}_lookup IF NOT EXISTS FOR (n:{label}) ON (n.lookup)"
        for label in ENTITY_LABELS
    ]
    # Finds the evidence whose events are still to be derived without scanning every Evidence node.
    statements.append("CREATE INDEX kankei_evidence_pending IF NOT EXISTS FOR (n:Evidence) ON (n.pending)")
    return statements
