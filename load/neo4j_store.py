"""A Neo4j server over Bolt behind the store interface: managed transactions, so transient errors retry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import neo4j
from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError

from kankei.errors import QueryError, StoreError
from kankei.load.schema import neo4j_ddl
from kankei.settings import Neo4jCredentials

__all__ = ["Neo4jStore"]

_ACCESS_MODE_CODE = "Neo.ClientError.Statement.AccessMode"


class Neo4jStore:
    """An injected :class:`neo4j.Driver` plus the database name; no I/O in the constructor."""

    engine = "neo4j"

    def __init__(self, driver: neo4j.Driver, name: str, database: str | None = None):
        self._driver = driver
        self.name = name
        self.database = database

    @classmethod
    def connect(cls, uri: str, credentials: Neo4jCredentials) -> Neo4jStore:
        """Connect and check the credentials at once, so a wrong password fails here, clearly.

        Raises:
            StoreError: unreachable server or refused login; the message never contains the password.
        """
        try:
            driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(credentials.user, credentials.password),
                notifications_min_severity="OFF",  # "unknown label" warnings on an empty graph are noise
            )
        except (ValueError, DriverError) as error:
            raise StoreError(_scrub(f"invalid Neo4j URI {uri!r}: {error}", credentials)) from error
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
            raise StoreError(_scrub(f"cannot reach Neo4j at {uri}: {error}", credentials)) from error
        return cls(driver, uri, credentials.database)

    def ensure_schema(self) -> None:
        try:
            with self._driver.session(database=self.database) as session:
                for statement in neo4j_ddl():
                    session.run(statement).consume()
        except Neo4jError as error:
            raise StoreError(f"{self.name}: creating constraints failed: {error}") from error

    def write(self, cypher: str, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        payload = [dict(row) for row in rows]
        try:
            with self._driver.session(database=self.database) as session:
                session.execute_write(lambda tx: tx.run(cypher, rows=payload).consume())
        except (Neo4jError, DriverError) as error:
            raise StoreError(f"{self.name}: {error}") from error

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        parameters = dict(params or {})

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(cypher, parameters)]

        try:
            with self._driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                return session.execute_read(work)
        except ClientError as error:
            if error.code == _ACCESS_MODE_CODE:
                raise QueryError(
                    f"canned queries are read-only, and this one writes: {error.message}"
                ) from error
            raise StoreError(f"{self.name}: {error}") from error
        except (Neo4jError, DriverError) as error:
            raise StoreError(f"{self.name}: {error}") from error

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _scrub(message: str, credentials: Neo4jCredentials) -> str:
    """Belt and braces: a driver message should never echo the password, but make sure."""
    return message.replace(credentials.password, "***") if credentials.password else message
