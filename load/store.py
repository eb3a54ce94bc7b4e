"""The store interface both engines implement, and :func:`open_store` to pick one from a store name."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from kankei.settings import StoreSpec, neo4j_credentials, neo4j_retry_seconds, store_spec

__all__ = ["Store", "Transaction", "open_store"]

T = TypeVar("T")


class Transaction(Protocol):
    """Reads and writes inside one open write transaction (see :meth:`Store.transaction`)."""

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]: ...

    def write(self, cypher: str, rows: Sequence[Mapping[str, Any]]) -> None: ...


class Store(Protocol):
    """A graph that takes parameterised Cypher.

    ``engine`` is ``neo4j`` or ``ladybug``: the canned queries pick their dialect variant by it.
    ``batch_size`` is the rows per statement (and facts per load batch) the engine handles best.
    ``write`` runs one statement over ``$rows`` in one write transaction; ``read`` runs one statement
    in a read-only transaction, so a query that tries to write fails instead of changing the graph.
    ``transaction`` runs ``work`` (reads and writes) as one write transaction: on Neo4j a managed one,
    re-run as a whole on transient errors (deadlock, dropped connection), so ``work`` must only act through
    the transaction it is given. ``lock`` names a store-wide lock taken first (Neo4j; the embedded file
    has a single writer anyway), which serialises that work between concurrent loads.
    """

    engine: str
    name: str
    batch_size: int

    def ensure_schema(self) -> None: ...

    def write(self, cypher: str, rows: Sequence[Mapping[str, Any]]) -> None: ...

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]: ...

    def transaction(self, work: Callable[[Transaction], T], *, lock: str | None = None) -> T: ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...


def open_store(spec: str | StoreSpec | None = None, *, read_only: bool = False) -> Store:
    """Open the store a name points to (see :mod:`kankei.settings`); ``None`` means ``KANKEI_STORE``/default.

    ``read_only`` opens an embedded file read-only (it must exist); Neo4j sessions are per call anyway.

    Raises:
        StoreError: the server is unreachable or refuses the credentials, or the file cannot be opened.
    """
    if not isinstance(spec, StoreSpec):
        spec = store_spec(spec)
    if spec.is_neo4j:
        from kankei.load.neo4j_store import Neo4jStore

        return Neo4jStore.connect(spec.target, neo4j_credentials(), retry_seconds=neo4j_retry_seconds())
    from kankei.load.ladybug_store import LadybugStore

    return LadybugStore.open(spec.target, read_only=read_only)
