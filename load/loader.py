"""Facts → graph: :func:`load_facts` streams facts in batches into any store, then derives the events."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from kankei.errors import StoreError
from kankei.load import statements as st
from kankei.load.derive import derive_events
from kankei.load.rows import BatchRows, EntityRow, batch_rows
from kankei.load.schema import ENTITY_LABELS
from kankei.load.stats import graph_counts
from kankei.load.store import Store, Transaction
from kankei.normalize import entity_key
from kankei.types import Fact

__all__ = ["LoadStats", "load_facts", "write_batch", "DEFAULT_BATCH_SIZE"]

DEFAULT_BATCH_SIZE = 1000
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
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> LoadStats:
    """Load facts into ``store``: entities, articles, evidence, direct relationships, then events.

    Streams: only one batch of ``batch_size`` facts is in memory. Idempotent: loading the same facts
    again changes no count, because every node and relationship is MERGEd on a key and every aggregate
    is recomputed from the evidence. ``progress`` is called with the number of facts of each batch.

    Raises:
        StoreError: the store refused a write, or a fact has an entity of unknown type.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    started = time.perf_counter()
    store.ensure_schema()
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
            "and the previous events are intact; run the same command again to complete it"
        ) from error
    after = graph_counts(store)
    stats.nodes = {k: after.nodes[k] - before.nodes.get(k, 0) for k in after.nodes}
    stats.relationships = {
        k: after.relationships[k] - before.relationships.get(k, 0) for k in after.relationships
    }
    stats.seconds = time.perf_counter() - started
    return stats


def _write(store: Store, cypher: str, rows: Sequence[dict[str, Any]], size: int) -> None:
    for chunk in batched(rows, size):
        store.write(cypher, chunk)


def _pick_name(names: set[str]) -> str:
    # Any fixed rule makes the name independent of load order; the longest spelling is the fullest one.
    return min(names, key=lambda n: (-len(n), n))


def _entity_rows(tx: Transaction, label: str, entities: list[EntityRow]) -> list[dict[str, Any]]:
    """Union a batch's names, keys and kinds with the stored ones: the result is order-free."""
    stored = {row["id"]: row for row in tx.read(st.read_entities(label), {"ids": [e.id for e in entities]})}
    rows = []
    for entity in sorted(entities, key=lambda e: e.id):
        old = stored.get(entity.id, {})
        names = entity.names | set(old.get("names") or ())
        keys = entity.keys | set(old.get("keys") or ())
        kinds = entity.kinds | ({old["kind"]} if old.get("kind") else set())
        name = _pick_name(names)
        rows.append(
            {
                "id": entity.id,
                "type": label,
                "name": name,
                "key": entity_key(name),
                "names": sorted(names),
                "keys": sorted(keys),
                "kind": min(kinds) if kinds else None,
            }
        )
    return rows


def write_batch(store: Store, rows: BatchRows, size: int = DEFAULT_BATCH_SIZE) -> None:
    """Write one batch's rows; every statement MERGEs, so a retried or repeated batch changes nothing."""
    _write(store, st.MERGE_ARTICLES, sorted(rows.articles.values(), key=lambda r: r["id"]), size)
    for label in ENTITY_LABELS:
        entities = sorted((e for e in rows.entities.values() if e.type == label), key=lambda e: e.id)
        for chunk in batched(entities, size):
            store.transaction(lambda tx, label=label, chunk=chunk: _merge_entities(tx, label, chunk))
    for label in ("Place", "Organization"):
        links = [{"child": c, "parent": p} for lab, c, p in sorted(rows.part_of) if lab == label]
        _write(store, st.merge_part_of(label), links, size)
    for label in ENTITY_LABELS:
        mentions = sorted((a, i) for a, lab, i in rows.mentions if lab == label)
        _write(store, st.merge_mentions(label), [{"article": a, "id": i} for a, i in mentions], size)
    evidence = sorted(rows.evidence.values(), key=lambda r: r["key"])
    _write(store, st.MERGE_EVIDENCE, evidence, size)
    for s_label in ENTITY_LABELS:
        for o_label in ENTITY_LABELS:
            pair = [
                {"key": r["key"], "article": r["article"], "s": r["s"], "o": r["o"]}
                for r in evidence
                if r["s_label"] == s_label and r["o_label"] == o_label
            ]
            _write(store, st.link_evidence(s_label, o_label), pair, size)
    by_shape: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for relation, a_label, a, b_label, b, title in sorted(rows.relations):
        by_shape.setdefault((relation, a_label, b_label), []).append({"a": a, "b": b, "title": title})
    for (relation, a_label, b_label), pairs in sorted(by_shape.items()):
        for chunk in batched(pairs, size):
            store.transaction(
                lambda tx, shape=(relation, a_label, b_label), chunk=chunk: _aggregate(tx, *shape, chunk)
            )


def _merge_entities(tx: Transaction, label: str, entities: list[EntityRow]) -> None:
    # Lock first, then read and union: a concurrent load of the same entities waits for this commit and
    # then reads the union, so no name or key is lost (sorted ids: both lock in the same order).
    tx.write(st.lock_entities(label), [{"id": e.id, "type": label} for e in entities])
    tx.write(st.merge_entities(label), _entity_rows(tx, label, entities))


def _aggregate(tx: Transaction, relation: str, a_label: str, b_label: str, pairs: list[dict[str, Any]]) -> None:
    # Every recomputation of a relationship locks its from-node before counting the evidence, so the last
    # one to commit counted all evidence committed before it: no stale aggregate wins a race.
    tx.write(st.lock_nodes(a_label), [{"id": a} for a in sorted({p["a"] for p in pairs})])
    tx.write(st.aggregate_relation(relation, a_label, b_label), pairs)
