"""kankei's exceptions: one base, each carrying what the user needs to act on it."""

from __future__ import annotations

__all__ = ["KankeiError", "CorpusReadError", "FactsReadError", "StoreError", "QueryError"]


class KankeiError(Exception):
    """Base of every error kankei raises on purpose."""


class CorpusReadError(KankeiError):
    """An input file (or one line of a JSONL file) could not be read as an article."""

    def __init__(self, path: str, reason: str, line: int | None = None):
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class FactsReadError(KankeiError):
    """A line of a facts JSONL file is not a valid fact."""

    def __init__(self, path: str, line: int, reason: str):
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(f"{path}:{line}: {reason}")


class StoreError(KankeiError):
    """The graph store could not be opened, reached or written."""


class QueryError(KankeiError):
    """A canned query is unknown or its parameters are wrong."""
