"""A Neo4j server over Bolt behind the store interface: managed transactions, so transient errors retry.

Every write goes through the driver's managed transactions (``execute_write``): a transient error
(``Neo.TransientError.*``: a deadlock between concurrent loads, a leader switch) or a lost connection
(``ServiceUnavailable``, ``SessionExpired``) re-runs the whole transaction with exponential backoff
(1 s, 2 s, 4 s … with jitter) for up to ``retry_seconds``; then the error is raised as a
:class:`StoreError`. The work is re-run from scratch, so it must only act through its transaction. A
connection lost during the commit itself (``IncompleteCommit``: did it commit or not?) is retried here
too, because every kankei write is idempotent (MERGE, aggregates recomputed from the evidence).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import AuthError, ClientError, DriverError, IncompleteCommit, Neo4jError

from kankei.errors import QueryError, StoreError
from kankei.load.schema import NODE_TABLES, neo4j_ddl
from kankei.settings import DEFAULT_RETRY_SECONDS, Neo4jCredentials

__all__ = ["Neo4jStore"]

T = TypeVar("T")

_ACCESS_MODE_CODE = "Neo.ClientError.Statement.AccessMode"

# A store-wide lock without a lock node: MERGE a node on a reserved key of a uniqueness-constrained label
# and delete it at once. The node is never visible outside the transaction, but the constraint's index
# entry lock is held until commit, so a second transaction asking for the same lock waits for the first.
_LOCK_LABEL, _LOCK_KEY = NODE_TABLES[0].label, NODE_TABLES[0].key
_TAKE_LOCK = f"MERGE (lock:{_LOCK_LABEL} {{{_LOCK_KEY}: $key}}) DELETE lock"
_LOCK_PREFIX = "\x00kankei-lock:"  # no real id starts with NUL


class Neo4jStore:
    """An injected :class:`neo4j.Driver` plus the database name; no I/O in the constructor."""

    engine = "neo4j"
    batch_size = 1000

    def __init__(
        self,
        driver: neo4j.Driver,
        name: str,
        database: str | None = None,
        retry_seconds: float = DEFAULT_RETRY_SECONDS,
    ):
        self._driver = driver
        self.name = name
        self.database = database
        self.retry_seconds = retry_seconds

    @classmethod
    def connect(
        cls, uri: str, credentials: Neo4jCredentials, *, retry_seconds: float = DEFAULT_RETRY_SECONDS
    ) -> Neo4jStore:
        """Connect and check the credentials at once, so a wrong password or a dead server fails here,
        at once (connecting is not retried; transactions are, for up to ``retry_seconds``).

        Raises:
            StoreError: unreachable server or refused login; the message never contains the password.
        """
        try:
            driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(credentials.user, credentials.password),
                notifications_min_severity="OFF",  # "unknown label" warnings on an empty graph are noise
                max_transaction_retry_time=retry_seconds,
            )
        except (ValueError, DriverError) as error:
            raise StoreError(_scrub(f"invalid Neo4j URI {uri!r}: {_one_line(error)}", credentials)) from error
        try:
            driver.verify_connectivity()
        except AuthError as error:
            driver.close()
            raise StoreError(
                f"Neo4j at {uri} refused user {credentials.user!r}: wrong user or password "
                "(set NEO4J_USER / NEO4J_PASSWORD in the environment or .env)"
            ) from error
        except (DriverError, Neo4jError, OSError) as error:
            driver.close()
            raise StoreError(_scrub(f"cannot reach Neo4j at {uri}: {_one_line(error)}", credentials)) from error
        return cls(driver, uri, credentials.database, retry_seconds)

    def ensure_schema(self) -> None:
        try:
            for statement in neo4j_ddl():
                try:
                    # IF NOT EXISTS makes a replay after a commit lost in transit harmless.
                    self._execute_write(lambda tx, s=statement: tx.run(s).consume())
                except ClientError as error:
                    # Two loads starting at once both create the schema; IF NOT EXISTS can still lose
                    # that race with "already exists", which is the outcome asked for.
                    if "AlreadyExists" not in (error.code or ""):
                        raise
        except (Neo4jError, DriverError) as error:
            raise StoreError(f"{self.name}: creating constraints failed: {_one_line(error)}") from error

    def write(self, cypher: str, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        payload = [dict(row) for row in rows]
        try:
            self._execute_write(lambda tx: tx.run(cypher, rows=payload).consume())
        except (Neo4jError, DriverError) as error:
            raise StoreError(f"{self.name}: {_one_line(error)}") from error

    def transaction(self, work: Callable[[_Transaction], T], *, lock: str | None = None) -> T:
        def run(tx: neo4j.ManagedTransaction) -> T:
            if lock is not None:
                tx.run(_TAKE_LOCK, key=_LOCK_PREFIX + lock).consume()
            return work(_Transaction(tx))

        try:
            return self._execute_write(run)
        except (Neo4jError, DriverError) as error:
            raise StoreError(f"{self.name}: {_one_line(error)}") from error

    def _execute_write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        return self._execute(work, neo4j.WRITE_ACCESS)

    def _execute(self, work: Callable[[neo4j.ManagedTransaction], T], mode: str) -> T:
        """A managed transaction; also replayed after an ``IncompleteCommit`` (see the module doc)."""
        deadline = time.monotonic() + self.retry_seconds
        while True:
            try:
                with self._driver.session(database=self.database, default_access_mode=mode) as session:
                    if mode == neo4j.READ_ACCESS:
                        return session.execute_read(work)
                    return session.execute_write(work)
            except IncompleteCommit:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(1.0)

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        parameters = dict(params or {})

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(cypher, parameters)]

        try:
            return self._execute(work, neo4j.READ_ACCESS)
        except ClientError as error:
            if error.code == _ACCESS_MODE_CODE:
                raise QueryError(
                    f"canned queries are read-only, and this one writes: {error.message}"
                ) from error
            raise StoreError(f"{self.name}: {_one_line(error)}") from error
        except (Neo4jError, DriverError) as error:
            raise StoreError(f"{self.name}: {_one_line(error)}") from error

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Transaction:
    """Statements inside one managed transaction (the driver commits or retries it)."""

    def __init__(self, tx: neo4j.ManagedTransaction):
        self._tx = tx

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        # The loader reads scalars and lists only: zipping the keys is several times cheaper than
        # Record.data(), which inspects every value for nodes and paths to convert.
        result = self._tx.run(cypher, dict(params or {}))
        keys = result.keys()
        return [dict(zip(keys, values, strict=True)) for values in result]

    def write(self, cypher: str, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            self._tx.run(cypher, rows=[dict(row) for row in rows]).consume()


def _one_line(error: BaseException) -> str:
    """The driver's message on one line (it spans several when a connection fails)."""
    return " ".join(str(error).split())


def _scrub(message: str, credentials: Neo4jCredentials) -> str:
    """Belt and braces: a driver message should never echo the password, but make sure."""
    return message.replace(credentials.password, "***") if credentials.password else message
