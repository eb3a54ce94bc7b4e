"""Bring the store's events in line with its evidence, incrementally: only what new evidence touches.

Events are a function of all evidence (:func:`kankei.load.events.plan_events`), but a local one, and this
module recomputes exactly the parts new or changed evidence can change, reading only what those parts
depend on, so a load's cost and memory follow what it brings, not the size of the graph:

- **visits** of a principal P depend on the VISITED and ACCOMPANIED evidence of the articles in which P has
  VISITED evidence (delegations are matched within one article) and on places;
- **meetings** of a pair depend on the pair's MET evidence, the visits either of them took part in (read
  back from the graph, where the visits are already up to date) and both sides' affiliations;
- **host** roles of a person X depend on X's meetings, the visits those meetings happened during, and X's
  affiliations.

The work list lives in the graph: the loader sets ``pending`` on every Evidence node it creates or changes
(and on the evidence about a place whose name or country changed), in the same transaction, and it is
cleared only after the events that evidence feeds are derived again. Deriving runs in rounds of at most
``ROUND`` pending evidence: visit rounds first (VISITED, ACCOMPANIED), then meeting rounds (MET, and
HOLDS_POSITION that gives someone a new affiliation). A visit that changes marks the MET evidence of its
visitors in its month, so the meetings that may have happened during it are derived again in a later round.
Each step is one transaction of at most ``batch_size // CHUNK_DIVISOR`` principals, pairs or people, under
the store-wide load lock; a crash or a failed transaction leaves the marks in place, and the next load (or
``derive_events``) completes the work. Nothing is derived when nothing is pending: a repeated load is cheap.
A visit step also clears the marks of any visit evidence whose article's visitors it has all just derived,
so a much-reported principal is not derived again in each later round its evidence would have come up in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from kankei.load import statements as st
from kankei.load.events import (
    UNDATED,
    EventPlan,
    EvidenceRow,
    Places,
    VisitInfo,
    affiliations_of,
    choose_place,
    plan_meetings,
    plan_visits,
)
from kankei.load.schema import ENTITY_LABELS
from kankei.load.store import Store, Transaction

__all__ = ["derive_events", "DeriveStats", "LOAD_LOCK", "ROUND", "CHUNK_DIVISOR"]

LOAD_LOCK = "load"  # the loader's lock too: one kankei writer at a time per Neo4j database
# Pending evidence per round: bounds the memory of a round (about 30 MB), while a much-reported person's
# visits and meetings are re-derived once per round they are touched in, so fewer rounds are faster.
ROUND = 50_000
# A transaction derives batch_size // CHUNK_DIVISOR principals, pairs or people: each reads and writes a few
# rows, so its statements stay near batch_size rows (500 on Neo4j, 5,000 on the embedded store).
CHUNK_DIVISOR = 2
VISIT_ROLES = ("visitor", "delegation member")
T = TypeVar("T")

_PLACES = "MATCH (p:Place) RETURN p.id AS id, p.name AS name"
_PART_OF = "MATCH (a)-[:PART_OF]->(b:Place) RETURN a.id AS a, b.id AS b"
# A visit round needs the articles only; a meeting round the pairs and the position holders.
_VISIT_PENDING = (
    "MATCH (e:Evidence) WHERE e.pending = true AND (e.relation = 'VISITED' OR e.relation = 'ACCOMPANIED') "
    "RETURN e.key AS key, e.article AS article LIMIT $limit"
)
_MEETING_PENDING = (
    "MATCH (e:Evidence) WHERE e.pending = true AND (e.relation = 'MET' OR e.relation = 'HOLDS_POSITION') "
    "MATCH (e)-[:SUBJECT]->(s) MATCH (e)-[:OBJECT]->(o) "
    "RETURN e.key AS key, e.relation AS relation, s.id AS s, s.type AS s_label, o.id AS o, o.type AS o_label "
    "LIMIT $limit"
)
# One relation's unmarked evidence, a slice at a time (one transaction each, so marking a big graph stays small).
_MARK_SOME = (
    "UNWIND $rows AS row MATCH (e:Evidence) WHERE e.relation = row.relation AND e.pending IS NULL "
    "WITH e LIMIT 10000 SET e.pending = true RETURN count(e) AS n"
)
_EVIDENCE_COLUMNS = (
    "e.key AS key, e.article AS article, e.relation AS relation, s.id AS subject, s.type AS subject_label, "
    "o.id AS object, o.type AS object_label, e.date AS date, e.modality AS modality, e.confidence AS confidence"
)
_ARTICLE_EVIDENCE = (
    "UNWIND $ids AS id MATCH (a:Article {id: id})-[:REPORTS]->(e:Evidence) "
    "WHERE e.relation = 'VISITED' OR e.relation = 'ACCOMPANIED' "
    f"MATCH (e)-[:SUBJECT]->(s) MATCH (e)-[:OBJECT]->(o) RETURN {_EVIDENCE_COLUMNS}, e.pending AS pending"
)
_ARTICLE_VISITORS = (
    "UNWIND $ids AS id MATCH (a:Article {id: id})-[:REPORTS]->(e:Evidence) WHERE e.relation = 'VISITED' "
    "MATCH (e)-[:SUBJECT]->(s) RETURN DISTINCT s.id AS id, s.type AS label"
)


def _visited_articles(label: str) -> str:
    return (
        f"UNWIND $ids AS id MATCH (p:{label} {{id: id}})<-[:SUBJECT]-(e:Evidence) WHERE e.relation = 'VISITED' "
        "RETURN DISTINCT e.article AS article"
    )


def _evidence_degree(label: str) -> str:
    """How many SUBJECT / OBJECT links point at some entities (``$ids``): which side of a pair is cheaper to
    start from."""
    return (
        f"UNWIND $ids AS id MATCH (x:{label} {{id: id}})<-[r:SUBJECT|OBJECT]-() RETURN x.id AS id, count(r) AS n"
    )


# The two pair reads start from ``row.x``, the side of the pair with fewer evidence links (see
# _oriented_pairs), and only check the other end ``row.y``: it has no label in the pattern (its ``type``, the
# same name, is checked instead), so neither engine can start from it. Starting from a much-reported person
# read every one of their evidence nodes once per pair (28 of the 218 s of deriving 300,000 facts' events).
def _met_evidence(x_label: str, y_label: str) -> str:
    """The MET evidence of some pairs (``row.x``, ``row.y``; returned as ``row.a``, ``row.b``), either way round."""
    return (
        f"UNWIND $rows AS row MATCH (x:{x_label} {{id: row.x}}) "
        "MATCH (x)<-[:SUBJECT|OBJECT]-(e:Evidence)-[:SUBJECT|OBJECT]->(y) "
        f"WHERE y.id = row.y AND y.type = '{y_label}' AND e.relation = 'MET' "
        "RETURN DISTINCT row.a AS a, row.b AS b, e.key AS key, "
        "e.article AS article, e.date AS date, e.modality AS modality, e.confidence AS confidence"
    )


def _pair_meetings(x_label: str, y_label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (x:{x_label} {{id: row.x}})-[:PARTICIPATED]->(m:Meeting)"
        f"<-[:PARTICIPATED]-(y) WHERE y.id = row.y AND y.type = '{y_label}' RETURN DISTINCT m.key AS key"
    )


def _events_of(label: str, event: str, role: str | None = None) -> str:
    """The events some entities take part in (in one ``role``, when given), with their role."""
    where = f"WHERE r.role = '{role}' " if role else ""
    return (
        f"UNWIND $ids AS id MATCH (x:{label} {{id: id}})-[r:PARTICIPATED]->(v:{event}) {where}"
        "RETURN x.id AS id, v.key AS key, r.role AS role"
    )


def _participants(event: str) -> str:
    return (
        f"UNWIND $ids AS id MATCH (v:{event} {{key: id}})<-[r:PARTICIPATED]-(x) "
        "RETURN v.key AS key, x.id AS id, x.type AS label, r.role AS role"
    )


def _links_from_event(event: str, rel: str, target_key: str) -> str:
    # The target has no label in the pattern (AT only ends at a Place, DURING only at a Visit): with one,
    # Neo4j can plan the read from a scan of the target's label, and did: these two reads took 14 of the 31 s
    # of deriving 50,000 facts' events with the labels, under 0.5 s without.
    return (
        f"UNWIND $ids AS id MATCH (v:{event} {{key: id}})-[:{rel}]->(t) "
        f"RETURN v.key AS key, t.{target_key} AS target"
    )


def _about(event: str) -> str:
    return (
        f"UNWIND $ids AS id MATCH (v:{event} {{key: id}})<-[:ABOUT]-(e:Evidence) "
        "RETURN v.key AS key, e.key AS target"
    )


_VISIT_OBJECTS = (
    "UNWIND $ids AS id MATCH (v:Visit {key: id})<-[:ABOUT]-(e:Evidence) WHERE e.relation = 'VISITED' "
    "MATCH (e)-[:OBJECT]->(p) RETURN v.key AS key, e.key AS evidence, p.id AS place"
)


def _during_visits(label: str) -> str:
    return (
        # DURING joins a Meeting to a Visit only: unlabelled ends keep Neo4j from planning a label scan.
        f"UNWIND $ids AS id MATCH (x:{label} {{id: id}})-[:PARTICIPATED]->(m)-[:DURING]->(v) "
        "RETURN DISTINCT x.id AS id, v.key AS key"
    )


_MARK_MEETING_EVIDENCE = (
    "UNWIND $rows AS row MATCH (m:Meeting {key: row.key}) MATCH (m)<-[:ABOUT]-(e:Evidence) SET e.pending = true"
)


@dataclass
class DeriveStats:
    """What :func:`derive_events` did: rounds, evidence cleared, and owners re-derived per kind."""

    rounds: int = 0
    evidence: int = 0
    principals: int = 0
    pairs: int = 0
    people: int = 0
    changed: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _read(tx: Store | Transaction, cypher: str, ids: Sequence[str], size: int = 1000) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for chunk in _chunks(ids, size):
        out += tx.read(cypher, {"ids": chunk})
    return out


def _read_rows(tx: Transaction, cypher: str, rows: Sequence[dict[str, Any]], size: int = 1000) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for chunk in _chunks(rows, size):
        out += tx.read(cypher, {"rows": chunk})
    return out


def _write(tx: Transaction, cypher: str, rows: Sequence[dict[str, Any]], size: int = 1000) -> None:
    for chunk in _chunks(rows, size):
        tx.write(cypher, chunk)


def derive_events(store: Store, batch_size: int | None = None, *, everything: bool = False) -> DeriveStats:
    """Derive the events of all pending evidence (see the module docstring); ``everything`` marks all
    evidence pending first, which rebuilds every event (a repair, and a check: the result is the same).

    ``batch_size`` bounds the rows of one statement (default: the store's ``batch_size``).
    """
    batch_size = batch_size or store.batch_size
    stats = DeriveStats()
    if everything:
        for relation in ("VISITED", "ACCOMPANIED", "MET", "HOLDS_POSITION"):
            while store.transaction(
                lambda tx, r=relation: tx.read(_MARK_SOME, {"rows": [{"relation": r}]})[0]["n"], lock=LOAD_LOCK
            ):
                pass
    while True:
        pending = store.read(_VISIT_PENDING, {"limit": ROUND})
        visit_round = bool(pending)
        if not pending:
            pending = store.read(_MEETING_PENDING, {"limit": ROUND})
        if not pending:
            return stats
        places = _read_places(store)
        if visit_round:
            _visit_round(store, pending, places, batch_size, stats)
        else:
            _meeting_round(store, pending, places, batch_size, stats)
        for chunk in _chunks([{"key": r["key"]} for r in pending], batch_size):
            store.transaction(lambda tx, chunk=chunk: tx.write(st.CLEAR_PENDING, chunk), lock=LOAD_LOCK)
        stats.rounds += 1
        stats.evidence += len(pending)


def _read_places(store: Store) -> Places:
    names = {r["id"]: r["name"] for r in store.read(_PLACES)}
    return Places([(r["a"], r["b"]) for r in store.read(_PART_OF)], names)


def _visit_round(store: Store, pending: list[dict[str, Any]], places: Places, size: int, stats: DeriveStats) -> None:
    articles = sorted({r["article"] for r in pending})
    principals = sorted({(r["label"], r["id"]) for r in _read(store, _ARTICLE_VISITORS, articles, size)}, key=_by_id)
    for chunk in _chunks(principals, _per_transaction(size)):
        store.transaction(lambda tx, chunk=chunk: _derive_visits(tx, chunk, places, size, stats), lock=LOAD_LOCK)
    stats.principals += len(principals)


def _meeting_round(store: Store, pending: list[dict[str, Any]], places: Places, size: int, stats: DeriveStats) -> None:
    pairs: set[tuple[tuple[str, str], tuple[str, str]]] = set()
    for r in pending:
        if r["relation"] == "MET" and r["s"] != r["o"]:
            pairs.add(_pair((r["s_label"], r["s"]), (r["o_label"], r["o"])))
    # A new affiliation may make someone the host of a visit, or the host whose visit a meeting was during.
    holders = sorted(
        {("Person", r["s"]) for r in pending if r["relation"] == "HOLDS_POSITION" and r["s_label"] == "Person"}
    )
    # A statement's worth of holders at a time: a much-reported holder has thousands of meetings.
    for chunk in _chunks([i for _, i in holders], size):
        met: dict[str, set[str]] = defaultdict(set)
        for row in store.read(_events_of("Person", "Meeting", "participant"), {"ids": chunk}):
            met[row["key"]].add(row["id"])
        for row in _read(store, _participants("Meeting"), sorted(met), size):
            for holder_id in met[row["key"]]:
                if row["id"] != holder_id:
                    pairs.add(_pair(("Person", holder_id), (row["label"], row["id"])))
    ordered = sorted(pairs, key=lambda p: (p[0][1], p[1][1]))
    for chunk in _chunks(ordered, _per_transaction(size)):
        store.transaction(lambda tx, chunk=chunk: _derive_meetings(tx, chunk, places, size, stats), lock=LOAD_LOCK)
    people = sorted({x for pair in ordered for x in pair} | set(holders), key=_by_id)
    for chunk in _chunks(people, _per_transaction(size)):
        store.transaction(lambda tx, chunk=chunk: _derive_hosts(tx, chunk, places, size, stats), lock=LOAD_LOCK)
    stats.pairs += len(ordered)
    stats.people += len(people)


def _per_transaction(size: int) -> int:
    return max(1, size // CHUNK_DIVISOR)


def _by_id(entity: tuple[str, str]) -> tuple[str, str]:
    return entity[1], entity[0]


def _pair(a: tuple[str, str], b: tuple[str, str]) -> tuple[tuple[str, str], tuple[str, str]]:
    return (a, b) if a[1] <= b[1] else (b, a)


def _evidence_rows(rows: Iterable[dict[str, Any]]) -> list[EvidenceRow]:
    out = {
        r["key"]: EvidenceRow(
            **{
                **r,
                "modality": r["modality"] or "actual",
                "confidence": float(r["confidence"] if r["confidence"] is not None else 1.0),
            }
        )
        for r in rows
    }
    return [out[k] for k in sorted(out)]


def _by_label(entities: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for label, entity in entities:
        if label in ENTITY_LABELS:
            out[label].append(entity)
    return out


# -- visits -----------------------------------------------------------------------------------------------


def _derive_visits(
    tx: Transaction, principals: list[tuple[str, str]], places: Places, size: int, stats: DeriveStats
) -> None:
    """Re-plan the visits of ``principals`` and write the difference (host roles are :func:`_derive_hosts`'s)."""
    owned = {entity for _, entity in principals}
    articles: set[str] = set()
    for label, ids in _by_label(principals).items():
        articles |= {r["article"] for r in _read(tx, _visited_articles(label), ids, size)}
    evidence = _read(tx, _ARTICLE_EVIDENCE, sorted(articles), size)
    plan = EventPlan()
    plan_visits(_evidence_rows({k: v for k, v in r.items() if k != "pending"} for r in evidence), places, plan)
    principal_of = {
        key: entity
        for (_, entity, event, key), role in plan.participation.items()
        if event == "Visit" and role == "visitor" and entity in owned
    }
    wanted = {key: props for key, props in plan.events["Visit"].items() if key in principal_of}
    roles = {
        (label, entity, key): role
        for (label, entity, _, key), role in plan.participation.items()
        if key in wanted
    }
    at = {(key, place) for _, key, place in plan.at if key in wanted}
    about = {(evidence, key) for evidence, _, key in plan.about if key in wanted}

    existing_keys: set[str] = set()
    for label, ids in _by_label(principals).items():
        existing_keys |= {r["key"] for r in _read(tx, _events_of(label, "Visit", "visitor"), ids, size)}
    keys = sorted(existing_keys | set(wanted))
    old_props = {r["key"]: r for r in _read(tx, st.read_event_props("Visit"), keys, size)}
    old_roles = {
        (r["label"], r["id"], r["key"]): r["role"] for r in _read(tx, _participants("Visit"), keys, size)
    }
    old_at = {(r["key"], r["target"]) for r in _read(tx, _links_from_event("Visit", "AT", "id"), keys, size)}
    old_about = {(r["target"], r["key"]) for r in _read(tx, _about("Visit"), keys, size)}

    stale = sorted(existing_keys - set(wanted))
    changed = _write_events(tx, "Visit", wanted, old_props, stale, size)
    # Host roles belong to _derive_hosts: leave them, unless the planned role (visitor, member) replaces one.
    own_old = {k: r for k, r in old_roles.items() if r != "host" and k[2] not in stale}
    changed |= _write_roles(tx, "Visit", roles, own_old, {k: r for k, r in old_roles.items() if r == "host"}, size)
    changed |= _write_links(tx, ("AT", "Visit", "key", "Place", "id"), at, old_at, stale, size, by=lambda x: x[0])
    changed |= _write_links(tx, ("ABOUT", "Evidence", "key", "Visit", "key"), about, old_about, stale, size,
                            by=lambda x: x[1])
    # Meetings during a changed visit must be derived again: mark their evidence.
    touched: set[tuple[str, str, str]] = set()
    for (label, entity, key), role in list(roles.items()) + list(old_roles.items()):
        if key in changed and role in VISIT_ROLES:
            touched.add((label, entity, "|" + key.rsplit("|", 1)[1]))
    meetings = _keys_in_periods(tx, "Meeting", touched, ("participant",), size)
    _write(tx, _MARK_MEETING_EVIDENCE, [{"key": k} for k in sorted(meetings)], size)
    _write(tx, st.CLEAR_PENDING, [{"key": k} for k in _settled(evidence, owned)], size)
    stats.changed["Visit"] += len(changed)


def _settled(evidence: list[dict[str, Any]], derived: set[str]) -> list[str]:
    """The pending keys among some articles' visit evidence whose every visitor is in ``derived``.

    Pending visit evidence asks for the visits of its article's visitors to be derived again. When all of
    them were derived in this transaction, from this very evidence, its mark is done with, whichever round
    it was meant for: clearing it here spares a later round re-deriving the same (often much-reported)
    principals, which made the number of rounds, and with it the work per fact, grow with the load.
    """
    outside = {r["article"] for r in evidence if r["relation"] == "VISITED" and r["subject"] not in derived}
    return sorted(r["key"] for r in evidence if r["pending"] and r["article"] not in outside)


def _keys_in_periods(
    tx: Transaction, event: str, wanted: set[tuple[str, str, str]], roles: tuple[str, ...], size: int
) -> set[str]:
    """Keys of the events of a kind that some entities took part in (in one of ``roles``) in some periods:
    ``wanted`` holds (label, entity, ``|period``). Each entity's events are read once and filtered here:
    asking per (entity, period) would expand a much-reported person's events once per period."""
    periods: dict[tuple[str, str], set[str]] = defaultdict(set)
    for label, entity, suffix in wanted:
        if label in ENTITY_LABELS and not suffix.endswith("|" + UNDATED):
            periods[(label, entity)].add(suffix)
    keys: set[str] = set()
    for label, ids in _by_label(periods).items():
        for r in _read(tx, _events_of(label, event), sorted(ids), size):
            if r["role"] in roles and "|" + r["key"].rsplit("|", 1)[1] in periods[(label, r["id"])]:
                keys.add(r["key"])
    return keys


def _write_events(
    tx: Transaction,
    label: str,
    wanted: dict[str, dict[str, Any]],
    old: dict[str, dict[str, Any]],
    stale: list[str],
    size: int,
) -> set[str]:
    """Delete stale events, create new ones, update changed ones; returns the keys that changed."""
    _write(tx, st.delete_events(label), [{"key": k} for k in stale], size)
    new = [{"key": k, **p} for k, p in sorted(wanted.items()) if k not in old]
    updated = [
        {"key": k, **p}
        for k, p in sorted(wanted.items())
        if k in old and any(old[k].get(name) != value for name, value in p.items())
    ]
    _write(tx, st.create_events(label), new, size)
    _write(tx, st.update_events(label), updated, size)
    return set(stale) | {r["key"] for r in new} | {r["key"] for r in updated}


def _write_roles(
    tx: Transaction,
    event: str,
    wanted: dict[tuple[str, str, str], str],
    old: dict[tuple[str, str, str], str],
    others: dict[tuple[str, str, str], str],
    size: int,
) -> set[str]:
    """Roles this step owns (``old``) brought to ``wanted``; ``others`` are roles another step owns, which a
    wanted role on the same (entity, event) replaces. Returns the event keys whose roles changed."""
    delete = sorted(k for k in old if k not in wanted)
    create = sorted(k for k in wanted if k not in old and k not in others)
    update = sorted(k for k in wanted if (k in old and old[k] != wanted[k]) or (k in others and others[k] != wanted[k]))
    for keys, make in ((delete, st.delete_participation), (create, st.create_participation),
                       (update, st.update_participation)):
        shaped: dict[str, list[dict[str, str]]] = defaultdict(list)
        for label, entity, key in keys:
            shaped[label].append({"id": entity, "event": key, "role": wanted.get((label, entity, key), "")})
        for label, rows in sorted(shaped.items()):
            if label in ENTITY_LABELS:
                _write(tx, make(label, event), rows, size)
    return {k[2] for k in (*delete, *create, *update)}


def _write_links(
    tx: Transaction,
    link: tuple[str, str, str, str, str],
    wanted: set[tuple[str, str]],
    old: set[tuple[str, str]],
    stale_events: list[str],
    size: int,
    by: Any,
) -> set[str]:
    """Plain links (a, b) brought to ``wanted``; links of deleted events went with them. Returns the event
    keys (``by`` picks the event of a link) whose links changed."""
    gone = set(stale_events)
    delete = sorted(x for x in old - wanted if by(x) not in gone)
    create = sorted(wanted - old)
    _write(tx, st.delete_link(*link), [{"a": a, "b": b} for a, b in delete], size)
    _write(tx, st.create_link(*link), [{"a": a, "b": b} for a, b in create], size)
    return {by(x) for x in (*delete, *create)}


# -- meetings -----------------------------------------------------------------------------------------------


def _affiliations(tx: Transaction, people: Iterable[str], places: Places, size: int) -> dict[str, set[str]]:
    rows = _read(tx, st.read_positions(), sorted(set(people)), size)
    return affiliations_of([(r["a"], r["b"]) for r in rows], places)


def _visit_info(tx: Transaction, keys: Iterable[str], places: Places, size: int) -> dict[str, VisitInfo]:
    """What meetings need of some visits, read back from the graph (visits are derived before meetings)."""
    keys = sorted(set(keys))
    visitors: dict[str, set[str]] = defaultdict(set)
    for r in _read(tx, _participants("Visit"), keys, size):
        if r["role"] in VISIT_ROLES:
            visitors[r["key"]].add(r["id"])
    objects: dict[str, dict[str, str]] = defaultdict(dict)
    for r in _read(tx, _VISIT_OBJECTS, keys, size):
        objects[r["key"]][r["evidence"]] = r["place"]
    info = {}
    for key in keys:
        if not objects[key]:
            continue
        reported = list(objects[key].values())
        info[key] = VisitInfo(
            key.rsplit("|", 1)[1], places.country(reported[0]), frozenset(visitors[key]), choose_place(reported, places)
        )
    return info


def _oriented_pairs(
    tx: Transaction, pairs: list[tuple[tuple[str, str], tuple[str, str]]], size: int
) -> dict[tuple[str, str], list[dict[str, str]]]:
    """Rows for the pair reads by (x label, y label): ``a``, ``b`` the pair, ``x`` the side with fewer
    evidence links (``a`` on a tie), ``y`` the other."""
    degree: dict[tuple[str, str], int] = {}
    for label, ids in _by_label({x for pair in pairs for x in pair}).items():
        degree |= {(label, r["id"]): r["n"] for r in _read(tx, _evidence_degree(label), sorted(ids), size)}
    out: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for a, b in pairs:
        if a[0] not in ENTITY_LABELS or b[0] not in ENTITY_LABELS:
            continue
        x, y = (b, a) if degree.get(b, 0) < degree.get(a, 0) else (a, b)
        out[(x[0], y[0])].append({"a": a[1], "b": b[1], "x": x[1], "y": y[1]})
    return out


def _derive_meetings(
    tx: Transaction,
    pairs: list[tuple[tuple[str, str], tuple[str, str]]],
    places: Places,
    size: int,
    stats: DeriveStats,
) -> None:
    """Re-plan the meetings of ``pairs`` and write the difference (host roles are :func:`_derive_hosts`'s)."""
    labels = {(a, b): (a_label, b_label) for (a_label, a), (b_label, b) in pairs}
    evidence, existing = [], set()
    for (x_label, y_label), rows in sorted(_oriented_pairs(tx, pairs, size).items()):
        for r in _read_rows(tx, _met_evidence(x_label, y_label), rows, size):
            # Which way round a MET fact was told does not matter to its meeting.
            a_label, b_label = labels[(r["a"], r["b"])]
            confidence = float(r["confidence"] if r["confidence"] is not None else 1.0)
            evidence.append(EvidenceRow(r["key"], r["article"], "MET", r["a"], a_label, r["b"], b_label, r["date"],
                                        r["modality"] or "actual", confidence))
        existing |= {r["key"] for r in _read_rows(tx, _pair_meetings(x_label, y_label), rows, size)}
    rows = sorted(set(evidence), key=lambda r: r.key)
    # The periods of the meetings tell which visits can matter (those of either person in the same period).
    periods = EventPlan()
    plan_meetings(rows, places, periods, {}, {})
    wanted_in: set[tuple[str, str, str]] = set()
    for (label, entity, event, key), _ in periods.participation.items():
        if event == "Meeting" and not key.endswith("|" + UNDATED):
            wanted_in.add((label, entity, "|" + key.rsplit("|", 1)[1]))
    visit_keys = _keys_in_periods(tx, "Visit", wanted_in, VISIT_ROLES, size)
    people = {x for pair in pairs for x in pair}
    plan = EventPlan()
    plan_meetings(
        rows, places, plan, _visit_info(tx, visit_keys, places, size),
        _affiliations(tx, [i for label, i in people if label == "Person"], places, size),
    )  # fmt: skip
    wanted = plan.events["Meeting"]
    roles = {(label, entity, key): role for (label, entity, event, key), role in plan.participation.items()
             if event == "Meeting"}  # fmt: skip
    at = {(key, place) for event, key, place in plan.at if event == "Meeting"}
    about = {(evidence, key) for evidence, event, key in plan.about if event == "Meeting"}
    during = set(plan.during)

    keys = sorted(existing | set(wanted))
    old_props = {r["key"]: r for r in _read(tx, st.read_event_props("Meeting"), keys, size)}
    old_roles = {(r["label"], r["id"], r["key"]): r["role"] for r in _read(tx, _participants("Meeting"), keys, size)}
    old_at = {(r["key"], r["target"]) for r in _read(tx, _links_from_event("Meeting", "AT", "id"), keys, size)}
    old_about = {(r["target"], r["key"]) for r in _read(tx, _about("Meeting"), keys, size)}
    old_during = {
        (r["key"], r["target"]) for r in _read(tx, _links_from_event("Meeting", "DURING", "key"), keys, size)
    }
    stale = sorted(existing - set(wanted))
    changed = _write_events(tx, "Meeting", wanted, old_props, stale, size)
    changed |= _write_roles(tx, "Meeting", roles, {k: r for k, r in old_roles.items() if k[2] not in stale}, {}, size)
    changed |= _write_links(tx, ("AT", "Meeting", "key", "Place", "id"), at, old_at, stale, size, by=lambda x: x[0])
    changed |= _write_links(tx, ("ABOUT", "Evidence", "key", "Meeting", "key"), about, old_about, stale, size,
                            by=lambda x: x[1])
    changed |= _write_links(tx, ("DURING", "Meeting", "key", "Visit", "key"), during, old_during, stale, size,
                            by=lambda x: x[0])
    stats.changed["Meeting"] += len(changed)


# -- hosts --------------------------------------------------------------------------------------------------


def _derive_hosts(
    tx: Transaction, people: list[tuple[str, str]], places: Places, size: int, stats: DeriveStats
) -> None:
    """Host roles of ``people``: X hosts visit V when X met one of V's visitors during V, is not one of them,
    and holds a position in V's country (see :func:`kankei.load.events.plan_meetings`)."""
    during: dict[str, set[str]] = defaultdict(set)  # person → visits their meetings happened during
    old: dict[tuple[str, str, str], str] = {}
    for label, ids in _by_label(people).items():
        for r in _read(tx, _during_visits(label), sorted(ids), size):
            during[r["id"]].add(r["key"])
        for r in _read(tx, _events_of(label, "Visit", "host"), sorted(ids), size):
            old[(label, r["id"], r["key"])] = r["role"]
    info = _visit_info(tx, {k for keys in during.values() for k in keys}, places, size)
    affiliations = _affiliations(tx, [i for _, i in people], places, size)
    wanted = {
        (label, entity, key): "host"
        for label, entity in people
        for key in during.get(entity, ())
        if key in info and entity not in info[key].visitors and info[key].country in affiliations.get(entity, ())
    }
    # Hosts are never among the visitors, so a wanted host role never meets a visitor's or member's role.
    changed = _write_roles(tx, "Visit", wanted, old, {}, size)
    stats.changed["host"] += len(changed)
