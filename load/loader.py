"""Facts → graph: :func:`load_facts` streams facts in batches into any store, then derives the events."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from kankei.errors import StoreError
from kankei.load import statements as st
from kankei.load.derive import LOAD_LOCK, derive_events
from kankei.load.rows import BatchRows, EntityRow, batch_rows, lookup_text, relation_of
from kankei.load.schema import ENTITY_LABELS
from kankei.load.stats import graph_counts
from kankei.load.store import Store, Transaction
from kankei.normalize import entity_key
from kankei.types import Fact

__all__ = ["LoadStats", "load_facts", "write_batch", "LOAD_LOCK"]

# A fact's evidence writes about five rows (the node, its three links, its direct relationship): evidence
# goes in transactions of batch_size // ROWS_PER_FACT facts, so that a transaction writes about batch_size
# rows, as it always did, and a load killed while committing loses little.
ROWS_PER_FACT = 5
T = TypeVar("T")


@dataclass
class LoadStats:
    """What a load did.

    Attributes:
        facts: facts read. skipped: facts not loaded (subject = object). batches: batches written.
        nodes, relationships: count change per label / type (negative when stale events were replaced).
        seconds: wall time.
    """

    facts: int = 0
    skipped: int = 0
    batches: int = 0
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def nodes_created(self) -> int:
        return sum(self.nodes.values())

    @property
    def relationships_created(self) -> int:
        return sum(self.relationships.values())


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def load_facts(
    facts: Iterable[Fact],
    store: Store,
    batch_size: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> LoadStats:
    """Load facts into ``store``: entities, articles, evidence, direct relationships, then events.

    Streams: only one batch of ``batch_size`` facts (by default the store's ``batch_size``) is in memory,
    written in transactions of whole articles (see :func:`write_batch`). Idempotent: loading the same facts
    again changes no count, because what exists is read first and only what is new or changed is written,
    and every aggregate is recomputed from the evidence. Events are derived at the end, only for the evidence
    this load (or an interrupted earlier one) created or changed. ``progress`` is called with the number of
    facts of each batch.

    Raises:
        StoreError: the store refused a write, or a fact has an entity of unknown type.
    """
    if batch_size is None:
        batch_size = store.batch_size
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    started = time.perf_counter()
    store.ensure_schema()
    _backfill_lookup(store, batch_size)
    before = graph_counts(store)
    stats = LoadStats()
    for number, batch in enumerate(batched(facts, batch_size), 1):
        try:
            rows = batch_rows(batch)
        except ValueError as error:
            raise StoreError(str(error)) from error
        try:
            write_batch(store, rows, batch_size)
        except StoreError as error:
            first = stats.facts + 1
            done = f"the {number - 1} batches before it are in the graph; " if number > 1 else ""
            raise StoreError(
                f"batch {number} (facts {first}-{first + len(batch) - 1}) failed: {error}. {done}loading is "
                "idempotent, so run the same command again to complete it"
            ) from error
        stats.facts += len(batch)
        stats.skipped += rows.skipped
        stats.batches += 1
        if progress is not None:
            progress(len(batch))
    try:
        derive_events(store, batch_size)
    except StoreError as error:
        raise StoreError(
            f"deriving events after all {stats.batches} batches failed: {error}. The facts are in the graph "
            "and the evidence whose events are not derived yet is marked; run the same command again to "
            "complete it"
        ) from error
    after = graph_counts(store)
    stats.nodes = {k: after.nodes[k] - before.nodes.get(k, 0) for k in after.nodes}
    stats.relationships = {
        k: after.relationships[k] - before.relationships.get(k, 0) for k in after.relationships
    }
    stats.seconds = time.perf_counter() - started
    return stats


def _backfill_lookup(store: Store, size: int) -> None:
    """Give entities written before ``lookup`` existed their lookup string (a no-op on any newer graph)."""
    for label in ENTITY_LABELS:
        missing = store.read(st.missing_lookup(label))
        for chunk in batched(missing, size):
            rows = [{"id": r["id"], "lookup": lookup_text(r["keys"] or ())} for r in chunk]
            store.transaction(lambda tx, rows=rows, label=label: tx.write(st.set_lookup(label), rows))


def _write(tx: Transaction, cypher: str, rows: Sequence[dict[str, Any]], size: int) -> None:
    for chunk in batched(rows, size):
        tx.write(cypher, chunk)


def _read(tx: Transaction, cypher: str, ids: Sequence[str], size: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for chunk in batched(ids, size):
        out += tx.read(cypher, {"ids": chunk})
    return out


def _pick_name(names: set[str]) -> str:
    # Any fixed rule makes the name independent of load order; the longest spelling is the fullest one.
    return min(names, key=lambda n: (-len(n), n))


def _entity_row(entity: EntityRow, old: dict[str, Any]) -> dict[str, Any]:
    """Union a batch's names, keys and kinds with the stored ones: the result is order-free."""
    names = entity.names | set(old.get("names") or ())
    keys = entity.keys | set(old.get("keys") or ())
    kinds = entity.kinds | ({old["kind"]} if old.get("kind") else set())
    name = _pick_name(names)
    return {
        "id": entity.id,
        "type": entity.type,
        "name": name,
        "key": entity_key(name),
        "names": sorted(names),
        "keys": sorted(keys),
        "kind": min(kinds) if kinds else None,
        "lookup": lookup_text(keys),
    }


def _differs(row: dict[str, Any], old: dict[str, Any], props: Sequence[str]) -> bool:
    return any(row.get(p) != old.get(p) for p in props)


def write_batch(store: Store, rows: BatchRows, size: int) -> None:
    """Write one batch's rows: read what exists, create what is new, update what changed.

    First the articles, entities and their links, in one transaction; then the evidence, in transactions
    of about ``size // ROWS_PER_FACT`` facts, each holding whole articles and, with their evidence,
    everything that depends on it (its links, the direct relationships, the pending marks), so that an
    Evidence node in the store always comes with all of that. Creating on the strength of a read is safe
    because every kankei writer holds the store-wide load lock (Neo4j) or is the file's only writer
    (ladybug); a re-run batch (after a retry or a crash) finds its own work done and changes nothing.
    """
    store.transaction(lambda tx: _write_entities(tx, rows, size), lock=LOAD_LOCK)
    chunk: list[dict[str, Any]] = []
    evidence = sorted(rows.evidence.values(), key=lambda r: (r["article"], r["key"]))
    for i, row in enumerate(evidence):
        chunk.append(row)
        article_ends = i + 1 == len(evidence) or evidence[i + 1]["article"] != row["article"]
        if article_ends and (len(chunk) >= max(1, size // ROWS_PER_FACT) or i + 1 == len(evidence)):
            store.transaction(lambda tx, chunk=chunk: _write_evidence(tx, chunk, size), lock=LOAD_LOCK)
            chunk = []


def _write_entities(tx: Transaction, rows: BatchRows, size: int) -> None:
    """Articles, entities, PART_OF and MENTIONS of a batch."""
    articles = sorted(rows.articles.values(), key=lambda r: r["id"])
    old_articles = {r["id"]: r for r in _read(tx, st.read_articles(), [a["id"] for a in articles], size)}
    _write(tx, st.create_articles(), [a for a in articles if a["id"] not in old_articles], size)
    _write(tx, st.update_articles(), [
        a for a in articles if a["id"] in old_articles and _differs(a, old_articles[a["id"]], st.ARTICLE_PROPS)
    ], size)  # fmt: skip

    existed: set[str] = set()  # entities already in the store before this batch
    moved: dict[str, set[str]] = defaultdict(set)  # label → places/organisations whose country or name changed
    for label in ENTITY_LABELS:
        entities = sorted((e for e in rows.entities.values() if e.type == label), key=lambda e: e.id)
        old = {r["id"]: r for r in _read(tx, st.read_entities(label), [e.id for e in entities], size)}
        existed |= set(old)
        new_rows = [_entity_row(e, old.get(e.id, {})) for e in entities]
        _write(tx, st.create_entities(label), [r for r in new_rows if r["id"] not in old], size)
        changed = [r for r in new_rows if r["id"] in old and _differs(r, old[r["id"]], st.ENTITY_PROPS)]
        _write(tx, st.update_entities(label), changed, size)
        if label == "Place":  # events carry place names
            moved[label] |= {r["id"] for r in changed if r["name"] != old[r["id"]]["name"]}

    for label in ("Place", "Organization"):
        links = sorted((c, p) for lab, c, p in rows.part_of if lab == label)
        children = sorted({c for c, _ in links})
        old_links = {(r["child"], r["parent"]) for r in _read(tx, st.read_part_of(label), children, size)}
        new_links = [(c, p) for c, p in links if (c, p) not in old_links]
        _write(tx, st.create_part_of(label), [{"child": c, "parent": p} for c, p in new_links], size)
        # A known place under a new parent may now be in another country: its events must be derived again.
        moved[label] |= {c for c, _ in new_links if c in existed}

    old_mentions = {(r["article"], r["id"]) for r in _read(tx, st.read_mentions(), [a["id"] for a in articles], size)}
    for label in ENTITY_LABELS:
        mentions = sorted((a, i) for a, lab, i in rows.mentions if lab == label and (a, i) not in old_mentions)
        _write(tx, st.create_mentions(label), [{"article": a, "id": i} for a, i in mentions], size)

    for label, ids in sorted(moved.items()):
        _write(tx, st.mark_subtree_pending(label), [{"id": i} for i in sorted(ids)], size)


def _write_evidence(tx: Transaction, evidence: list[dict[str, Any]], size: int) -> None:
    """Some of a batch's Evidence rows (whole articles) with their links, direct relationships and marks."""
    evidence = sorted(evidence, key=lambda r: r["key"])
    # Articles that report nothing yet add evidence no relationship has counted (see _write_relations).
    reported = {r["id"] for r in _read(tx, st.reported_articles(), sorted({e["article"] for e in evidence}), size)}
    old_evidence = {r["key"]: r for r in _read(tx, st.read_evidence(), [e["key"] for e in evidence], size)}
    fresh = [e for e in evidence if e["key"] not in old_evidence]
    changed_evidence = [
        e for e in evidence if e["key"] in old_evidence and _differs(e, old_evidence[e["key"]], st.EVIDENCE_PROPS)
    ]
    holders = sorted(
        {e["s"] for e in fresh + changed_evidence if e["relation"] == "HOLDS_POSITION" and e["s_label"] == "Person"}
    )
    positions = {(r["a"], r["b"]) for r in _read(tx, st.read_positions(), holders, size)}

    def pending(row: dict[str, Any]) -> bool:
        # Events read VISITED, MET and ACCOMPANIED evidence, and HOLDS_POSITION only through who holds a
        # position where: a new title in a known place changes no event.
        if row["relation"] != "HOLDS_POSITION":
            return True
        return row["s_label"] == "Person" and (row["s"], row["o"]) not in positions

    # One statement per shape (a round trip each on Neo4j): marked and unmarked rows of a shape go together.
    shaped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for e in fresh:
        shaped[(e["s_label"], e["o_label"])].append({**e, "pending": True if pending(e) else None})
    for (s_label, o_label), rows in sorted(shaped.items()):
        for chunk in batched(rows, size):
            marks = {r["pending"] for r in chunk}
            tx.write(st.create_evidence(s_label, o_label, None if len(marks) > 1 else marks == {True}), chunk)
    _write(tx, st.update_evidence(), changed_evidence, size)
    _write(tx, st.MARK_PENDING, [{"key": e["key"]} for e in changed_evidence if pending(e)], size)
    _write_relations(tx, fresh, changed_evidence, reported, size)


def _write_relations(
    tx: Transaction,
    fresh: list[dict[str, Any]],
    changed: list[dict[str, Any]],
    reported: set[str],
    size: int,
) -> None:
    """Bring the direct relationships of new or changed evidence up to date.

    Usually a relationship only gains evidence from articles that reported nothing yet; then its aggregates are
    the stored ones combined with the new evidence, computed here without reading the evidence it already
    had (which, for a much-reported pair, is most of the work). Otherwise they are recomputed from all
    evidence in the store. Either way the result is the aggregate over all the relationship's evidence.
    """
    gained: dict[tuple[str, str, str, str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for e in fresh:
        gained[relation_of(e)].append(e)
    recompute = {relation_of(e) for e in changed}
    recompute |= {r for r, evidence in gained.items() if any(e["article"] in reported for e in evidence)}
    shapes: dict[tuple[str, str, str], set[tuple[str, str, str]]] = defaultdict(set)
    for relation, a_label, a, b_label, b, title in recompute:
        shapes[(relation, a_label, b_label)].add((a, b, title))
    for (relation, a_label, b_label), pairs in sorted(shapes.items()):
        rows = [{"a": a, "b": b, "title": title} for a, b, title in sorted(pairs)]
        _write(tx, st.aggregate_relation(relation, a_label, b_label), rows, size)

    # The rest only gains evidence from new articles: the batch's aggregates are added to the stored ones in
    # the store, one statement per shape (a round trip each on Neo4j, where reading the stored ones first took
    # three: read, create the new, update the others).
    by_shape: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for relation, a_label, a, b_label, b, title in sorted(set(gained) - recompute):
        row = _combine(None, gained[(relation, a_label, a, b_label, b, title)])
        by_shape[(relation, a_label, b_label)].append({"a": a, "b": b, "title": title, **row})
    for (relation, a_label, b_label), rows in sorted(by_shape.items()):
        _write(tx, st.add_to_relation(relation, a_label, b_label), rows, size)


def _combine(old: dict[str, Any] | None, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """Stored aggregates plus new evidence from new articles: max/min/counts as aggregate_relation computes."""
    dates = [e["date"] for e in evidence if e["date"] is not None]
    if old is not None:
        dates += [d for d in (old["first_date"], old["last_date"]) if d is not None]
    return {
        "confidence": max([e["confidence"] for e in evidence] + ([old["confidence"]] if old else [])),
        "evidence": len(evidence) + (old["evidence"] if old else 0),
        "articles": len({e["article"] for e in evidence}) + (old["articles"] if old else 0),
        "first_date": min(dates) if dates else None,
        "last_date": max(dates) if dates else None,
        "modality": min([e["modality"] for e in evidence] + ([old["modality"]] if old else [])),
    }

