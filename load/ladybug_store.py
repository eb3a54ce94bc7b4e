"""The embedded store: a ladybug (Kùzu fork) graph in one local file, spoken to in its Cypher dialect."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import ladybug

from kankei.errors import QueryError, StoreError
from kankei.load.ladybug_wal import replay_log_safely
from kankei.load.schema import NODE_TABLES, REL_TABLES, ladybug_ddl

__all__ = ["LadybugStore"]

T = TypeVar("T")

# What ladybug says when a writer was killed mid-checkpoint (a read-write open finishes the recovery)...
_RECOVERY_PENDING = "checkpoint recovery is pending"
# ... and when another process holds the file (one writer at a time).
_LOCKED = re.compile(r"Could not set lock on file(?:.*?Lock is held by PID (\d+))?", re.S)

# What ladybug says when a read (a READ ONLY transaction, or a file opened read-only) tries to write.
_READ_ONLY_MESSAGES = (
    "write query inside a read-only transaction",
    "write operations in a read-only database",
)


# Statements a READ ONLY transaction lets through although they write files: COPY … TO, EXPORT DATABASE.
_WRITES_FILES = re.compile(r"(?:^|;)\s*(?:COPY|EXPORT)\b", re.I)


def _writes_files(cypher: str) -> bool:
    """True if a statement of ``cypher`` (comments and string literals aside) starts with COPY or EXPORT."""
    code = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", cypher)
    code = "\n".join(line.split("//", 1)[0] for line in code.splitlines())
    return bool(_WRITES_FILES.search(code.strip()))


def _open_database(target: str, read_only: bool) -> ladybug.Database:
    # A writer killed while committing leaves a torn last record in the write-ahead log. That transaction
    # never committed: replay stops before it and opens what was committed, where ladybug's default would
    # refuse to open the file at all ("the WAL file is corrupted").
    return ladybug.Database(target, read_only=read_only, throw_on_wal_replay_failure=False)


def _open_error(target: str, error: RuntimeError) -> StoreError:
    """One line saying why the file did not open; "in use by another process" when another holds it."""
    if locked := _LOCKED.search(str(error)):
        holder = f" (pid {locked.group(1)})" if locked.group(1) else ""
        return StoreError(
            f"embedded graph {target} is in use by another process{holder}: one process at a time may write "
            "it; wait for that one to finish (or use a Neo4j server for concurrent loads)"
        )
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
    return StoreError(f"cannot open embedded graph {target}: {first_line}")


class LadybugStore:
    """A ladybug database behind the :class:`~kankei.load.store.Store` interface.

    Every ``write`` is one explicit transaction (rolled back on error); every ``read`` runs in a
    ``READ ONLY`` transaction, which the engine itself enforces.
    """

    engine = "ladybug"
    # A statement's cost here is mostly fixed and grows with the graph: ladybug runs UNWIND … MATCH on a key
    # as a hash join over a scan of the table, not as index lookups. On a 100,000-fact graph, reading one
    # article's evidence took 217 ms and 20,000 articles' 415 ms; loading those facts took 193 s in
    # statements of 1,000 rows and 127 s in statements of 10,000.
    batch_size = 10_000

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
            replay_log_safely(file)
        try:
            database = _open_database(target, read_only)
        except RuntimeError as error:
            if not (read_only and _RECOVERY_PENDING in str(error)):
                raise _open_error(target, error) from error
            # A writer was killed mid-checkpoint: only a read-write open completes the recovery.
            try:
                _open_database(target, read_only=False).close()
                database = _open_database(target, read_only=True)
            except RuntimeError as retry_error:
                raise _open_error(target, retry_error) from retry_error
        store = cls(database, target, read_only=read_only)
        if read_only:
            store._require_tables()
        return store

    def _require_tables(self) -> None:
        # A load killed while it created the tables leaves some of them; a read-only open cannot add the
        # rest, and every query on them would fail with ladybug's "Table … does not exist".
        present = {row["name"] for row in self.read("CALL show_tables() RETURN name")}
        tables = [*(t.label for t in NODE_TABLES), *(t.type for t in REL_TABLES)]
        missing = [name for name in tables if name not in present]
        if missing:
            self.close()
            raise StoreError(
                f"embedded graph {self.name} is incomplete (no table {', '.join(missing)}): a load into it stopped "
                f"while creating them; run `kankei load FACTS.jsonl --store {self.name}` again"
            )

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
        if _writes_files(cypher):
            raise QueryError("canned queries are read-only, and this one writes files (COPY … TO / EXPORT)")
        return self._run_in_transaction(cypher, dict(params or {}), read_only=True)

    def transaction(self, work: Callable[[_Transaction], T], *, lock: str | None = None) -> T:
        # ``lock`` is moot here: the file has one writing process and this connection runs one transaction.
        self._begin(read_only=False)
        try:
            result = work(_Transaction(self))
        except BaseException:
            self._rollback()
            raise
        self._conn.execute("COMMIT")
        return result

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
        self._begin(read_only=read_only)
        try:
            rows = self._execute(cypher, params)
        except BaseException:
            self._rollback()
            raise
        self._conn.execute("COMMIT")
        return rows

    def _begin(self, *, read_only: bool) -> None:
        try:
            self._conn.execute("BEGIN TRANSACTION READ ONLY" if read_only else "BEGIN TRANSACTION")
        except RuntimeError as error:
            raise StoreError(f"{self.name}: {str(error).strip()}") from error

    def _execute(self, cypher: str, params: dict[str, Any] | None) -> list[dict[str, Any]]:
        """One statement inside the open transaction; engine errors become typed kankei errors."""
        try:
            result = self._conn.execute(cypher, params or {})
            if isinstance(result, list):  # several statements in one string: keep the last answer
                result = result[-1]
            columns = result.get_column_names()
            return [dict(zip(columns, values, strict=True)) for values in result.get_all()]
        except RuntimeError as error:
            message = str(error).strip()
            if any(marker in message for marker in _READ_ONLY_MESSAGES):
                raise QueryError(f"canned queries are read-only, and this one writes: {message}") from error
            raise StoreError(f"{self.name}: {message}") from error

    def _rollback(self) -> None:
        with contextlib.suppress(RuntimeError):  # the engine may have ended the failed transaction itself
            self._conn.execute("ROLLBACK")


class _Transaction:
    """Statements inside the store's open write transaction."""

    def __init__(self, store: LadybugStore):
        self._store = store

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._store._execute(cypher, dict(params or {}))

    def write(self, cypher: str, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:  # ladybug cannot type an empty list parameter, and there is nothing to do anyway
            self._store._execute(cypher, {"rows": list(rows)})
