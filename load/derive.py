"""Bring the store's events in line with its evidence: read, plan (:func:`plan_events`), write the difference.

Runs after every load. Events are a function of all evidence, so a new article may merge, re-date or
re-key events that earlier articles created; writing only the difference keeps a repeated load a no-op
and a new article's load limited to what it changes.

The whole step is one transaction under the store-wide ``events`` lock: two loads finishing at once on
one Neo4j derive one after the other, and the second reads what the first wrote (and all evidence both
wrote), so no stale plan overwrites a newer one; a load killed mid-way leaves the old events intact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from kankei.load import statements as st
from kankei.load.events import EventPlan, EvidenceRow, plan_events
from kankei.load.schema import ENTITY_LABELS, EVENT_LABELS
from kankei.load.store import Store, Transaction

__all__ = ["derive_events", "read_plan_inputs", "EVENTS_LOCK"]

EVENTS_LOCK = "events"

_EVIDENCE = (
    "MATCH (s)<-[:SUBJECT]-(e:Evidence)-[:OBJECT]->(o) "
    "WHERE e.relation = 'VISITED' OR e.relation = 'MET' OR e.relation = 'ACCOMPANIED' "
    "RETURN e.key AS key, e.article AS article, e.relation AS relation, s.id AS subject, "
    "s.type AS subject_label, o.id AS object, o.type AS object_label, e.date AS date, "
    "e.modality AS modality, e.confidence AS confidence"
)
_PART_OF = "MATCH (a)-[:PART_OF]->(b:Place) RETURN a.id AS a, b.id AS b"
_PLACES = "MATCH (p:Place) RETURN p.id AS id, p.name AS name"
_POSITIONS = "MATCH (p:Person)-[:HOLDS_POSITION]->(x) RETURN DISTINCT p.id AS a, x.id AS b"

# (relationship, from label, from key, to label, to key) of the plain derived links.
_LINKS = (
    *(("AT", e, "key", "Place", "id") for e in EVENT_LABELS),
    *(("ABOUT", "Evidence", "key", e, "key") for e in EVENT_LABELS),
    ("DURING", "Meeting", "key", "Visit", "key"),
)


def read_plan_inputs(store: Store | Transaction) -> dict[str, Any]:
    """The evidence, PART_OF links, place names and positions :func:`plan_events` needs."""
    evidence = [
        EvidenceRow(
            **{
                **row,
                "modality": row["modality"] or "actual",
                "confidence": float(row["confidence"] if row["confidence"] is not None else 1.0),
            }
        )
        for row in store.read(_EVIDENCE)
    ]
    return {
        "evidence": evidence,
        "part_of": [(r["a"], r["b"]) for r in store.read(_PART_OF)],
        "place_names": {r["id"]: r["name"] for r in store.read(_PLACES)},
        "positions": [(r["a"], r["b"]) for r in store.read(_POSITIONS)],
    }


def derive_events(store: Store, batch_size: int = 1000) -> EventPlan:
    """Recompute Visit / Meeting events from the store's evidence and write only what changed.

    One transaction under the ``events`` lock (see the module docstring); ``batch_size`` rows per statement.
    """
    return store.transaction(lambda tx: _derive(tx, batch_size), lock=EVENTS_LOCK)


def _derive(store: Transaction, batch_size: int) -> EventPlan:
    plan = plan_events(**read_plan_inputs(store))
    write = _Writer(store, batch_size)
    # Stale links and nodes go first, so a re-keyed event never collides with its old self.
    existing_roles = _existing_participation(store)
    stale_roles = {k: r for k, r in existing_roles.items() if plan.participation.get(k) != r}
    _write_roles(write, stale_roles, delete=True)
    existing_links = {link: set(_read_link(store, link)) for link in _LINKS}
    wanted_links = _wanted_links(plan)
    for link in _LINKS:
        write(st.delete_link(*link), sorted(existing_links[link] - wanted_links[link]))
    for label in EVENT_LABELS:
        existing = {row["key"]: row for row in store.read(st.read_events(label))}
        wanted = plan.events[label]
        write(st.delete_events(label), [{"key": k} for k in sorted(set(existing) - set(wanted))])
        changed = [
            {"key": k, **props} for k, props in sorted(wanted.items()) if not _same(existing.get(k), props)
        ]
        write(st.merge_events(label), changed)
    _write_roles(
        write, {k: r for k, r in plan.participation.items() if existing_roles.get(k) != r}, delete=False
    )
    for link in _LINKS:
        write(st.merge_link(*link), sorted(wanted_links[link] - existing_links[link]))
    return plan


class _Writer:
    def __init__(self, store: Transaction, size: int):
        self.store, self.size = store, size

    def __call__(self, cypher: str, rows: Iterable[Any]) -> None:
        rows = [r if isinstance(r, dict) else {"a": r[0], "b": r[1]} for r in rows]
        for start in range(0, len(rows), self.size):
            self.store.write(cypher, rows[start : start + self.size])


def _same(old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    if old is None:
        return False
    return all(old.get(k) == v for k, v in new.items())


def _existing_participation(store: Transaction) -> dict[tuple[str, str, str, str], str]:
    roles = {}
    for event_label in EVENT_LABELS:
        for row in store.read(st.read_participation(event_label)):
            roles[(row["label"], row["id"], event_label, row["event"])] = row["role"]
    return roles


def _write_roles(write: _Writer, roles: dict[tuple[str, str, str, str], str], *, delete: bool) -> None:
    shaped: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for (label, entity, event_label, event), role in sorted(roles.items()):
        shaped[(label, event_label)].append({"id": entity, "event": event, "role": role})
    for (label, event_label), rows in sorted(shaped.items()):
        if label not in ENTITY_LABELS:
            continue
        make = st.delete_participation if delete else st.merge_participation
        write(make(label, event_label), rows)


def _read_link(store: Transaction, link: tuple[str, str, str, str, str]) -> list[tuple[str, str]]:
    return [(row["a"], row["b"]) for row in store.read(st.read_link(*link))]


def _wanted_links(plan: EventPlan) -> dict[tuple[str, str, str, str, str], set[tuple[str, str]]]:
    wanted: dict[tuple[str, str, str, str, str], set[tuple[str, str]]] = {link: set() for link in _LINKS}
    for event_label, key, place in plan.at:
        wanted[("AT", event_label, "key", "Place", "id")].add((key, place))
    for evidence, event_label, key in plan.about:
        wanted[("ABOUT", "Evidence", "key", event_label, "key")].add((evidence, key))
    for meeting, visit in plan.during:
        wanted[("DURING", "Meeting", "key", "Visit", "key")].add((meeting, visit))
    return wanted
