"""The store interface both engines implement, and :func:`open_store` to pick one from a store name."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from kankei.settings import StoreSpec, neo4j_credentials, store_spec

__all__ = ["Store", "open_store"]


class Store(Protocol):
    """A graph that takes parameterised Cypher.

    ``engine`` is ``neo4j`` or ``ladybug``: the canned queries pick their dialect variant by it.
    ``write`` runs one statement over ``$rows`` in one write transaction; ``read`` runs one statement
    in a read-only transaction, so a query that tries to write fails instead of changing the graph.
    """

    engine: str
    name: str

    def ensure_schema(self) -> None: ...

    def write(self, cypher: str, rows: Sequence[Mapping[str, Any]]) -> None: ...

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]: ...

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

        return Neo4jStore.connect(spec.target, neo4j_credentials())
    from kankei.load.ladybug_store import LadybugStore

    return LadybugStore.open(spec.target, read_only=read_only)
