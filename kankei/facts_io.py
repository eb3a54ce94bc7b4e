"""Facts JSONL: the documented interchange between extraction and loading."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from kankei.errors import FactsReadError
from kankei.types import Entity, Fact

__all__ = ["write_facts", "read_facts", "write_entities", "read_entities"]


def _dump(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write_facts(facts: Iterable[Fact], out: IO[str]) -> int:
    """Write one JSON object per fact; returns how many were written."""
    n = 0
    for fact in facts:
        out.write(_dump(fact.to_dict()) + "\n")
        n += 1
    return n


def read_facts(path: str | Path) -> Iterator[Fact]:
    """Stream facts from a JSONL file; a bad line raises :class:`FactsReadError` naming path and line."""
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield Fact.from_dict(json.loads(line))
            except (ValueError, TypeError, KeyError) as e:
                raise FactsReadError(str(path), lineno, f"not a fact: {e}") from e


def write_entities(entities: Iterable[Entity], out: IO[str]) -> int:
    """Write resolved entities (with aliases and mentions) as JSONL."""
    n = 0
    for entity in entities:
        out.write(_dump(entity.to_dict()) + "\n")
        n += 1
    return n


def read_entities(path: str | Path) -> Iterator[Entity]:
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield Entity.from_dict(json.loads(line))
            except (ValueError, TypeError, KeyError) as e:
                raise FactsReadError(str(path), lineno, f"not an entity: {e}") from e
