"""Facts JSONL: the documented interchange between extraction and loading."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TypeVar

from kankei.errors import FactsReadError
from kankei.types import Entity, Fact

__all__ = ["write_facts", "read_facts", "write_entities", "read_entities"]

T = TypeVar("T")


def _write(records: Iterable[Fact] | Iterable[Entity], out: IO[str]) -> int:
    n = 0
    for record in records:
        out.write(json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n")
        n += 1
    return n


def _read(path: str | Path, parse: Callable[[dict], T], what: str) -> Iterator[T]:
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield parse(json.loads(line))
            except (ValueError, TypeError, KeyError) as e:
                raise FactsReadError(str(path), lineno, f"not {what}: {e}") from e


def write_facts(facts: Iterable[Fact], out: IO[str]) -> int:
    """Write one JSON object per fact; returns how many were written."""
    return _write(facts, out)


def read_facts(path: str | Path) -> Iterator[Fact]:
    """Stream facts from a JSONL file; a bad line raises :class:`FactsReadError` naming path and line."""
    return _read(path, Fact.from_dict, "a fact")


def write_entities(entities: Iterable[Entity], out: IO[str]) -> int:
    """Write resolved entities (with aliases and mentions) as JSONL; returns how many were written."""
    return _write(entities, out)


def read_entities(path: str | Path) -> Iterator[Entity]:
    """Stream resolved entities from a JSONL file written by :func:`write_entities`."""
    return _read(path, Entity.from_dict, "an entity")
