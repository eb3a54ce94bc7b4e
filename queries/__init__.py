"""Canned queries: one ``.cypher`` file per question, runnable as is in Neo4j Browser.

Each file starts with a header of ``//`` comments::

    // name: officials-who-visited
    // description: People who visited a place or any place inside it.
    // :param place => '平壌'
    // :param place_key => '平壌'

``:param`` lines are Neo4j Browser commands (paste them to run the file there); their values are the
defaults. A value followed by ``// required`` is only an example: the caller must give it. A parameter
``X_key`` next to a parameter ``X`` is derived: the runner sets it to ``entity_key(X)``, the normalised
name key (so ``プーチン`` finds ``ウラジーミル・プーチン`` through the entity's ``keys``).

Where the two engines' dialects cannot meet, ``NAME.ladybug.cypher`` holds the embedded store's
variant; the header of ``NAME.cypher`` is the reference and the variant must declare the same params.

>>> [q.name for q in list_queries()][:3]
['articles-mentioning', 'co-attendees', 'delegation']
>>> get_query("officials-who-visited").defaults()["place"]
'平壌'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from kankei.errors import QueryError
from kankei.normalize import entity_key

__all__ = [
    "Param",
    "CannedQuery",
    "list_queries",
    "get_query",
    "load_query_file",
    "bind_params",
    "run_query",
    "parse_header",
]

_NAME = re.compile(r"^//\s*name:\s*(\S+)\s*$")
_DESCRIPTION = re.compile(r"^//\s*description:\s*(.+?)\s*$")
_PARAM = re.compile(r"^//\s*:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+?)\s*$")
_REQUIRED = re.compile(r"\s*//\s*required\s*$")
_USED = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
DERIVED_SUFFIX = "_key"


@dataclass(frozen=True)
class Param:
    """A query parameter: its Browser default (an example when ``required``), and whether it is derived."""

    name: str
    default: Any
    required: bool = False
    derived_from: str | None = None


@dataclass(frozen=True)
class CannedQuery:
    """A parsed ``.cypher`` file (and its per-engine variants)."""

    name: str
    description: str
    params: tuple[Param, ...]
    path: Path

    def text(self, engine: str = "neo4j") -> str:
        """The Cypher for ``engine``: ``NAME.<engine>.cypher`` when it exists, else ``NAME.cypher``."""
        variant = self.path.with_name(f"{self.name}.{engine}.cypher")
        return (variant if variant.is_file() else self.path).read_text(encoding="utf-8")

    def variants(self) -> list[Path]:
        return sorted(self.path.parent.glob(f"{self.name}.*.cypher"))

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def user_params(self) -> list[Param]:
        """The parameters a caller may set (derived ones are computed)."""
        return [p for p in self.params if p.derived_from is None]


def _literal(text: str, where: str) -> Any:
    """A Browser ``:param`` value: a quoted string, integer, float, true/false or null."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return re.sub(r"\\(.)", r"\1", text[1:-1])
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise QueryError(f"{where}: cannot read the :param value {text!r}") from None


def parse_header(text: str, where: str = "query") -> tuple[str, str, tuple[Param, ...]]:
    """(name, description, params) from the leading ``//`` lines of a query file.

    Raises:
        QueryError: no ``name:`` or ``description:`` line, or an unreadable ``:param`` value.
    """
    name = description = None
    raw: list[tuple[str, Any, bool]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if not line.startswith("//"):
            break
        if m := _NAME.match(line):
            name = m.group(1)
        elif m := _DESCRIPTION.match(line):
            description = m.group(1)
        elif m := _PARAM.match(line):
            value, required = m.group(2), bool(_REQUIRED.search(m.group(2)))
            raw.append((m.group(1), _literal(_REQUIRED.sub("", value), where), required))
    if not name or not description:
        raise QueryError(f"{where}: the header needs `// name: …` and `// description: …` lines")
    declared = {n for n, _, _ in raw}
    params = tuple(
        Param(
            n,
            default,
            required,
            n.removesuffix(DERIVED_SUFFIX)
            if n.endswith(DERIVED_SUFFIX) and n.removesuffix(DERIVED_SUFFIX) in declared
            else None,
        )
        for n, default, required in raw
    )
    return name, description, params


def load_query_file(path: str | Path) -> CannedQuery:
    """Parse one ``.cypher`` file (a packaged one or the user's own)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise QueryError(f"cannot read query file {path}: {error.strerror or error}") from error
    name, description, params = parse_header(text, str(path))
    return CannedQuery(name, description, params, path)


def _query_dir() -> Path:
    return Path(str(resources.files(__name__)))


def list_queries() -> list[CannedQuery]:
    """Every packaged canned query, by name."""
    files = [p for p in _query_dir().glob("*.cypher") if p.stem.count(".") == 0]
    return sorted((load_query_file(p) for p in files), key=lambda q: q.name)


def get_query(name: str) -> CannedQuery:
    """The packaged query ``name``.

    Raises:
        QueryError: no such query (with the closest names as suggestions).
    """
    path = _query_dir() / f"{name}.cypher"
    if "/" in name or "." in name or not path.is_file():
        names = [q.name for q in list_queries()]
        close = difflib.get_close_matches(name, names, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise QueryError(f"unknown query {name!r}.{hint} `kankei query --list` shows them all.")
    return load_query_file(path)


def _coerce(query: CannedQuery, param: Param, value: Any) -> Any:
    """Command-line values are strings: turn them into the type of the default."""
    if not isinstance(value, str) or isinstance(param.default, str) or param.default is None:
        return value
    try:
        if isinstance(param.default, bool):
            if value.lower() not in ("true", "false"):
                raise ValueError(value)
            return value.lower() == "true"
        return type(param.default)(value)
    except ValueError:
        kind = type(param.default).__name__
        raise QueryError(
            f"query {query.name}: parameter {param.name!r} must be {kind}, not {value!r}"
        ) from None


def bind_params(query: CannedQuery, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults + given values + derived keys.

    Raises:
        QueryError: an unknown or derived parameter was given, or a required one is missing.
    """
    given = dict(given or {})
    by_name = {p.name: p for p in query.params}
    takes = ", ".join(p.name for p in query.user_params()) or "no parameters"
    for name in given:
        if name not in by_name:
            raise QueryError(f"query {query.name} has no parameter {name!r} (it takes: {takes})")
        if by_name[name].derived_from:
            raise QueryError(
                f"query {query.name}: parameter {name!r} is computed from {by_name[name].derived_from!r}; "
                f"give {by_name[name].derived_from!r} instead"
            )
    values: dict[str, Any] = {}
    for param in query.user_params():
        if param.name in given:
            values[param.name] = _coerce(query, param, given[param.name])
        elif param.required:
            raise QueryError(
                f"query {query.name} needs parameter {param.name!r} (e.g. -p {param.name}={param.default})"
            )
        else:
            values[param.name] = param.default
    for param in query.params:
        if param.derived_from:
            source = values.get(param.derived_from)
            values[param.name] = entity_key(source) if isinstance(source, str) else source
    return values


def run_query(
    store: Any, query: str | CannedQuery, params: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Run a canned query (by name or parsed) read-only on ``store``; rows as dicts, in the query's order.

    Raises:
        QueryError: unknown query or parameter, missing parameter, or a query that tries to write.
        StoreError: the store failed.
    """
    canned = get_query(query) if isinstance(query, str) else query
    values = bind_params(canned, params)
    text = canned.text(store.engine)
    used = set(_USED.findall(_strip_comments(text)))
    undeclared = sorted(used - set(values))
    if undeclared:
        raise QueryError(f"query {canned.name} uses undeclared parameter(s): {', '.join(undeclared)}")
    return store.read(text, {k: v for k, v in values.items() if k in used})


def _strip_comments(text: str) -> str:
    """The text without ``//`` comment lines and string literals, to see which ``$params`` it uses."""
    text = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    return re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", text)
