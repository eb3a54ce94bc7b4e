"""Replaying an embedded graph's write-ahead log without letting a torn log crash the caller.

A writer killed mid-commit leaves a torn last record in ``FILE.wal``. ladybug 0.22 replays up to the last
COMMIT and drops the rest, except when the log's last page is shorter than a read that straddles into it:
its ``BufferedFileReader`` then copies past the bytes it read and the process dies of SIGSEGV, which no
``try`` can catch. So a log left behind is first replayed in a throwaway process. If that process dies of
a signal, the log is cut back to a whole number of pages (every read then finds its bytes or a clean
"past the end" error) and replayed again. The cut drops at most the last 4 KiB of the log: the torn
record and, at worst, the last transactions committed before it, which re-running the interrupted load
restores (loads are idempotent).
"""

from __future__ import annotations

import fcntl
import logging
import os
import subprocess
import sys
from pathlib import Path

from kankei.errors import StoreError

__all__ = ["replay_log_safely"]

logger = logging.getLogger("kankei")

LOG_PAGE = 4096  # ladybug's LBUG_PAGE_SIZE, the unit its log reader reads in
MAX_CUTS = 3  # one cut is enough for the crash above; more would mean another bug, best not hidden

# Opening read-write replays the log into the graph file and checkpoints it on close, so the caller's own
# open has nothing left to replay. It fails cleanly (exit 1) when another process holds the file, when the
# folder is read-only, or when the graph needs a recovery only the caller's open path knows how to do.
_REPLAY = (
    "import sys, ladybug\n"
    "ladybug.Database(sys.argv[1], read_only=False, throw_on_wal_replay_failure=False).close()\n"
)


def _replay_in_child(graph: Path) -> int:
    """The exit status of replaying ``graph``'s log in a throwaway process (negative: killed by a signal)."""
    child = subprocess.run([sys.executable, "-c", _REPLAY, str(graph)], capture_output=True, check=False)
    return child.returncode


def _cut_to_whole_pages(graph: Path, log: Path) -> int | None:
    """Cut ``log`` to a whole number of pages while holding ladybug's own lock on ``graph``.

    Returns the number of bytes dropped, or None if another process holds the graph (then it is that
    process's log, and not ours to touch) or we may not write it (then the caller's open reports that).
    """
    try:
        handle = open(graph, "rb+")  # noqa: SIM115 (closed below; the open itself may be refused)
    except OSError:
        return None
    with handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # ladybug locks with fcntl(F_SETLK) too
        except OSError:
            return None
        try:
            size = log.stat().st_size
            whole = (size - 1) // LOG_PAGE * LOG_PAGE  # always drops something: the full last page too
            os.truncate(log, whole)
            return size - whole
        finally:
            fcntl.lockf(handle, fcntl.LOCK_UN)


def replay_log_safely(graph: Path) -> None:
    """Replay the write-ahead log left next to ``graph``, if any, so that opening ``graph`` cannot crash.

    Does nothing when there is no log (a graph closed cleanly has none). Logs a warning on the ``kankei``
    logger when it had to cut the log; raises :class:`StoreError` if replaying still crashes after that.
    """
    log = graph.with_name(graph.name + ".wal")
    for cuts in range(MAX_CUTS + 1):
        if not graph.is_file() or not log.is_file() or log.stat().st_size == 0:
            return
        if _replay_in_child(graph) >= 0:
            return
        if cuts == MAX_CUTS:
            raise StoreError(
                f"ladybug crashes replaying the write-ahead log {log}: move it aside to open {graph} as of its "
                "last checkpoint, then re-run the interrupted `kankei load`"
            )
        dropped = _cut_to_whole_pages(graph, log)
        if dropped is None:
            return
        logger.warning(
            "the write-ahead log of %s ends in a torn record that ladybug cannot read (the process writing "
            "it was killed); dropped its last %d bytes: re-run the interrupted `kankei load` to restore "
            "what they held",
            graph,
            dropped,
        )
