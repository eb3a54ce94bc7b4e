"""The embedded store: a ladybug (Kùzu fork) graph in one local file, spoken to in its Cypher dialect."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import ladybug

from kankei.errors import QueryError, StoreError
from kankei.load.schema import ladybug_ddl

__all__ = ["LadybugStore"]

# What ladybug says when a read (a READ ONLY transaction, or a file opened read-only) tries to write.
_READ_ONLY_MESSAGES = (
    "write query inside a read-only transaction",
    "write operations in a read-only database",
)


class LadybugStore:
    """A ladybug database behind the :class:`~kankei.load.store.Store` interface.

    Every ``write`` is one explicit transaction (rolled back on error); every ``read`` runs in a
    ``READ ONLY`` transaction, which the engine itself enforces.
    """

    engine = "ladybug"

    def __init__(self, database: ladybug.Database, name: str, read_only: bool = False):
        self._db = database
        self._conn = ladybug.Connection(database)
        self.name = name
        self.read_only = read_only

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> LadybugStore:
        """Open (or create, unless ``read_only``) the graph file at ``path``; ``:memory:`` for scratch."""
        target = str(path)
        if target == ":memory:":
            read_only = False  # an in-memory graph starts empty; read-only would make it useless
        else:
            file = Path(target)
            if read_only and not file.exists():
                raise StoreError(
                    f"no graph at {target}: run `kankei load FACTS.jsonl --store {target}` first"
                )
            if file.is_dir():
                raise StoreError(f"{target} is a directory, not a graph file")
            if not read_only and not file.parent.exists():
                raise StoreError(f"cannot create {target}: folder {file.parent} does not exist")
        try:
            database = ladybug.Database(target, read_only=read_only)
        except RuntimeError as error:
            raise StoreError(f"cannot open embedded graph {target}: {error}") from error
        return cls(database, target, read_only=read_only)

    def ensure_schema(self) -> None:
        if self.read_only:
            return
        for statement in ladybug_ddl():
            self._run_in_transaction(statement, None, read_only=False)

    def write(self, cypher: str, rows: Sequence[Mapping[str, Any]]) -> None:
        # ladybug cannot infer a type for an empty list parameter, and there is nothing to do anyway.
        if not rows:
            return
        self._run_in_transaction(cypher, {"rows": list(rows)}, read_only=False)

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._run_in_transaction(cypher, dict(params or {}), read_only=True)

    def close(self) -> None:
        self._conn.close()
        self._db.close()

    def __enter__(self) -> LadybugStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run_in_transaction(
        self, cypher: str, params: dict[str, Any] | None, *, read_only: bool
    ) -> list[dict[str, Any]]:
        self._conn.execute("BEGIN TRANSACTION READ ONLY" if read_only else "BEGIN TRANSACTION")
        try:
            result = self._conn.execute(cypher, params or {})
            if isinstance(result, list):  # several statements in one string: keep the last answer
                result = result[-1]
            columns = result.get_column_names()
            rows = [dict(zip(columns, values, strict=True)) for values in result.get_all()]
        except RuntimeError as error:
            self._rollback()
            message = str(error).strip()
            if any(marker in message for marker in _READ_ONLY_MESSAGES):
                raise QueryError(f"canned queries are read-only, and this one writes: {message}") from error
            raise StoreError(f"{self.name}: {message}") from error
        self._conn.execute("COMMIT")
        return rows

    def _rollback(self) -> None:
        with contextlib.suppress(RuntimeError):  # the engine may have ended the failed transaction itself
            self._conn.execute("ROLLBACK")
