"""Where the graph lives and how to log in: ``--store``, ``KANKEI_STORE``, ``NEO4J_*`` and ``.env``.

A store is named by one string:

- ``bolt://host:7687``, ``neo4j://…``, ``bolt+s://…`` (any Neo4j driver scheme): a Neo4j server, with
  ``NEO4J_USER`` (default ``neo4j``), ``NEO4J_PASSWORD`` and optionally ``NEO4J_DATABASE``; transient
  errors (deadlock, dropped connection, leader switch) are retried with backoff for up to
  ``KANKEI_NEO4J_RETRY_SECONDS`` (default 30) before a load gives up;
- ``:memory:``: an embedded ladybug graph in memory (gone when the process ends);
- anything else: the path of an embedded ladybug graph file (default ``kankei.lbug``).

Values come from the command line first, then the environment, then a ``.env`` file in the current
directory (``KEY=value`` lines; the environment wins, so a CI secret beats a stale file).

>>> store_spec("bolt://127.0.0.1:7687", env={}).is_neo4j
True
>>> store_spec(None, env={}).target
'kankei.lbug'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from kankei.errors import StoreError

__all__ = [
    "DEFAULT_STORE",
    "NEO4J_SCHEMES",
    "StoreSpec",
    "Neo4jCredentials",
    "read_dotenv",
    "settings_env",
    "store_spec",
    "neo4j_credentials",
    "neo4j_retry_seconds",
    "DEFAULT_RETRY_SECONDS",
]

DEFAULT_STORE = "kankei.lbug"
NEO4J_SCHEMES = frozenset({"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"})
MEMORY = ":memory:"
DEFAULT_RETRY_SECONDS = 30.0  # the Neo4j driver's own default for managed transactions


@dataclass(frozen=True)
class StoreSpec:
    """A resolved store name.

    Attributes:
        target: the URI of a Neo4j server, a ladybug file path or ``:memory:``.
        engine: ``neo4j`` or ``ladybug``.
    """

    target: str
    engine: str

    @property
    def is_neo4j(self) -> bool:
        return self.engine == "neo4j"

    @property
    def is_memory(self) -> bool:
        return self.engine == "ladybug" and self.target == MEMORY


@dataclass(frozen=True)
class Neo4jCredentials:
    """Who logs in to Neo4j; the password never appears in ``repr`` or messages."""

    user: str
    password: str = field(repr=False)
    database: str | None = None


def read_dotenv(path: str | Path = ".env") -> dict[str, str]:
    """``KEY=value`` pairs of a ``.env`` file (none if missing); ``export``, quotes and comments allowed."""
    path = Path(path)
    if not path.is_file():
        return {}
    values: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:  # an inline comment after an unquoted value
            value = value.split(" #", 1)[0].rstrip()
        if key:
            values[key] = value
    return values


def settings_env(env: Mapping[str, str] | None = None, dotenv: str | Path = ".env") -> dict[str, str]:
    """The settings in force: ``.env`` values overridden by the environment."""
    merged = read_dotenv(dotenv)
    merged.update(os.environ if env is None else env)
    return merged


def store_spec(
    value: str | None, env: Mapping[str, str] | None = None, dotenv: str | Path = ".env"
) -> StoreSpec:
    """Resolve ``--store`` (or ``KANKEI_STORE``, or the default file) to a :class:`StoreSpec`.

    Raises:
        StoreError: a URI whose scheme is not a Neo4j one (``http://…``), or an empty value.
    """
    settings = settings_env(env, dotenv)
    target = value if value is not None else settings.get("KANKEI_STORE") or DEFAULT_STORE
    target = target.strip()
    if not target:
        raise StoreError("the store is empty: give --store bolt://HOST:7687 or a file path")
    if target == MEMORY:
        return StoreSpec(target=target, engine="ladybug")
    scheme = urlsplit(target).scheme.lower() if "://" in target else ""
    if scheme in NEO4J_SCHEMES:
        return StoreSpec(target=target, engine="neo4j")
    if scheme:
        raise StoreError(
            f"unsupported store {target!r}: use a Neo4j URI ({', '.join(sorted(NEO4J_SCHEMES))}) "
            "or the path of an embedded graph file"
        )
    return StoreSpec(target=target, engine="ladybug")


def neo4j_credentials(env: Mapping[str, str] | None = None, dotenv: str | Path = ".env") -> Neo4jCredentials:
    """``NEO4J_USER`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE`` from the environment or ``.env``.

    Raises:
        StoreError: no password is set.
    """
    settings = settings_env(env, dotenv)
    password = settings.get("NEO4J_PASSWORD")
    if not password:
        raise StoreError("NEO4J_PASSWORD is not set: export it or put NEO4J_PASSWORD=… in .env")
    return Neo4jCredentials(
        user=settings.get("NEO4J_USER") or "neo4j",
        password=password,
        database=settings.get("NEO4J_DATABASE") or None,
    )


def neo4j_retry_seconds(env: Mapping[str, str] | None = None, dotenv: str | Path = ".env") -> float:
    """How long a Neo4j transaction is retried on transient errors: ``KANKEI_NEO4J_RETRY_SECONDS``.

    Raises:
        StoreError: the value is not a non-negative number.
    """
    raw = settings_env(env, dotenv).get("KANKEI_NEO4J_RETRY_SECONDS", "").strip()
    if not raw:
        return DEFAULT_RETRY_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also refuses nan
        raise StoreError(f"KANKEI_NEO4J_RETRY_SECONDS={raw!r} is not a number of seconds (e.g. 30)")
    return seconds
