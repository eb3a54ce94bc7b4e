"""Faults against a real Neo4j server: killed mid-load, dropped connections, a deadlock, a wrong password,
an unreachable server, and two loads at once.

These tests kill and restart their server, so they do not use the session's: this module starts its own
with scripts/neo4j-local, in a home under tmp on two free ports (sharing the session's downloaded jars
when there are some), and stops it at the end. The reference graph of every check is one uninterrupted
load of the same facts into a fresh embedded store: tests/test_queries_neo4j.py shows that both engines
build the same graph, so "equal to the reference" means "equal to an uninterrupted load".
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import neo4j
import pytest
from test_faults_embedded import full_snapshot, kankei, reference_snapshot, write_synthetic

from kankei.facts_io import read_facts
from kankei.load import load_facts
from kankei.load import statements as st
from kankei.load.neo4j_store import Neo4jStore
from kankei.settings import Neo4jCredentials

from neo4j_server import START_TIMEOUT_S, neo4j_test_home, run_script, wipe_database
from test_load_seed_facts import SEED_FACTS

pytestmark = pytest.mark.neo4j

FETCH_MARKER = ".kankei-fetched"  # scripts/neo4j-local's mark of a complete lib/ folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LocalServer:
    """A Neo4j started by scripts/neo4j-local for this module only."""

    home: Path
    bolt: int
    http: int
    password: str = field(repr=False)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt}"

    def script_env(self) -> dict[str, str]:
        return {
            **os.environ,
            "KANKEI_NEO4J_HOME": str(self.home),
            "KANKEI_NEO4J_BOLT_PORT": str(self.bolt),
            "KANKEI_NEO4J_HTTP_PORT": str(self.http),
            "NEO4J_PASSWORD": self.password,
        }

    def start(self) -> None:
        result = run_script("start", self.script_env(), timeout=START_TIMEOUT_S)
        assert result.returncode == 0, (result.stdout + result.stderr).replace(self.password, "***")

    def stop(self) -> None:
        run_script("stop", self.script_env())

    def kill(self) -> None:
        """SIGKILL the server's JVM and wait until its Bolt port is closed."""
        pid = int((self.home / "run" / "neo4j-local.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while _port_open(self.bolt):
            assert time.monotonic() < deadline, "the killed server still answers"
            time.sleep(0.1)

    def driver(self) -> neo4j.Driver:
        return neo4j.GraphDatabase.driver(self.uri, auth=("neo4j", self.password), notifications_min_severity="OFF")

    def credentials(self) -> Neo4jCredentials:
        return Neo4jCredentials("neo4j", self.password)

    def wipe(self) -> None:
        with self.driver() as driver:
            wipe_database(driver)

    def count(self, label: str) -> int:
        with self.driver() as driver:
            records, _, _ = driver.execute_query(st.count_nodes(label))
        return records[0]["n"]

    def kankei_env(self, **extra: str) -> dict[str, str]:
        """Environment of a `kankei` process logging in to this server (nothing from the caller's NEO4J_*)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KANKEI_"))}
        return {**env, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": self.password, **extra}


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[LocalServer]:
    home = tmp_path_factory.mktemp("neo4j-faults")
    shared_lib = neo4j_test_home() / "lib"
    if (shared_lib / FETCH_MARKER).is_file():
        (home / "lib").symlink_to(shared_lib)  # the same jars: no second copy, no Maven run
    local = LocalServer(home, free_port(), free_port(), "faults-" + secrets.token_urlsafe(18))
    local.start()
    try:
        yield local
    finally:
        local.stop()


@pytest.fixture(scope="module")
def facts(tmp_path_factory) -> tuple[Path, Path, Path, int, dict[str, list]]:
    """A large facts file (copies 0-19 of the seed: 1,780 facts), two overlapping parts of it (copies 0-11
    and 8-19), its size and the snapshot of its uninterrupted load."""
    folder = tmp_path_factory.mktemp("faults-neo4j-facts")
    whole, first, second = folder / "whole.jsonl", folder / "first.jsonl", folder / "second.jsonl"
    count = write_synthetic(whole, range(0, 20))
    write_synthetic(first, range(0, 12))
    write_synthetic(second, range(8, 20))
    return whole, first, second, count, reference_snapshot(whole, folder / "reference.lbug")


BATCH = 100


def _evidence(driver: neo4j.Driver) -> int:
    return driver.execute_query(st.count_nodes("Evidence")).records[0]["n"]


def _graph(server: LocalServer) -> dict[str, list]:
    with Neo4jStore.connect(server.uri, server.credentials()) as store:
        return full_snapshot(store)


def test_the_server_killed_mid_load_fails_that_batch_and_a_rerun_completes(server, facts, tmp_path) -> None:
    whole, _, _, count, reference = facts
    server.wipe()
    args = ("load", str(whole), "--store", server.uri, "--batch-size", str(BATCH))
    # A short retry window: the test waits for the failure, not for 30 s of retries.
    process = kankei(*args, env=server.kankei_env(KANKEI_NEO4J_RETRY_SECONDS="2"), cwd=tmp_path)
    deadline = time.monotonic() + 120
    with server.driver() as driver:
        while _evidence(driver) < count // 4:  # a few of its 18 batches are in
            assert process.poll() is None, f"the load ended before the kill: {process.communicate()}"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    server.kill()
    out, err = process.communicate(timeout=120)

    assert process.returncode == 1, err
    failed = re.search(r"^Error: batch (\d+) \(facts (\d+)-(\d+)\) failed: (.+)$", err, re.M)
    assert failed, err
    batch, first, last = int(failed[1]), int(failed[2]), int(failed[3])
    assert batch >= 2 and first == (batch - 1) * BATCH + 1 and last == batch * BATCH
    assert failed[4].startswith(f"{server.uri}: Couldn't connect to 127.0.0.1:{server.bolt}")
    assert failed[4].endswith(
        f"the {batch - 1} batches before it are in the graph; loading is idempotent, so run the same command "
        "again to complete it"
    )
    # Before giving up, the managed transaction was retried with backoff (one notice per retry).
    *notices, error_line = err.strip().splitlines()
    assert error_line == failed[0]
    assert notices and all(n.startswith("warning: Neo4j transaction failed, retrying in ") for n in notices), err
    assert "Traceback" not in err and server.password not in out + err

    server.start()  # recovers the database from its transaction log
    assert 0 < server.count("Evidence") < count  # the committed batches survived the crash
    rerun = kankei(*args, env=server.kankei_env(), cwd=tmp_path)
    out, err = rerun.communicate(timeout=180)
    assert rerun.returncode == 0, err
    assert f"Loaded {count} facts into {server.uri}" in out
    assert _graph(server) == reference


class DroppingProxy:
    """A TCP proxy in front of the server whose open connections can be cut at any moment."""

    def __init__(self, target_port: int):
        self._target = target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.cut = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self._target))
            with self._lock:
                self._sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def drop_all(self) -> int:
        """Cut every open connection; returns how many there were."""
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.cut += len(sockets) // 2
        return len(sockets) // 2

    def close(self) -> None:
        self._listener.close()
        self.drop_all()


class _RetryCounter(logging.Handler):
    """Counts the driver's "Transaction failed and will be retried" warnings while in a ``with`` block."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self._log = logging.getLogger("neo4j.session")

    def emit(self, record: logging.LogRecord) -> None:
        self.count += record.msg.startswith("Transaction failed and will be retried")

    def __enter__(self) -> _RetryCounter:
        self._level = self._log.level
        self._log.setLevel(logging.WARNING)
        self._log.addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        self._log.removeHandler(self)
        self._log.setLevel(self._level)


def test_dropped_connections_are_retried_and_the_load_completes(server, tmp_path: Path) -> None:
    small = tmp_path / "facts.jsonl"
    count = write_synthetic(small, range(4))
    reference = reference_snapshot(small, tmp_path / "reference.lbug")
    server.wipe()
    proxy = DroppingProxy(server.bolt)
    store = Neo4jStore.connect(f"bolt://127.0.0.1:{proxy.port}", server.credentials(), retry_seconds=60)
    done = threading.Event()
    cuts_during_load: list[int] = []
    retries = _RetryCounter()

    def cut_now_and_then() -> None:
        while not done.wait(0.5) and len(cuts_during_load) < 4:
            if n := proxy.drop_all():
                cuts_during_load.append(n)

    cutter = threading.Thread(target=cut_now_and_then)
    cutter.start()
    try:
        with retries:
            stats = load_facts(read_facts(small), store, batch_size=50)
    finally:
        done.set()
        cutter.join()
        store.close()
        proxy.close()
    assert len(cuts_during_load) >= 3, cuts_during_load  # the load outlived several cuts ...
    assert retries.count >= 3  # ... because the driver retried the transactions they broke
    assert stats.facts == count
    assert _graph(server) == reference


def test_a_deadlock_is_retried_by_the_managed_transaction(server) -> None:
    server.wipe()
    with server.driver() as driver:
        driver.execute_query("CREATE (:Person {id: 'a', type: 'Person'}), (:Person {id: 'b', type: 'Person'})")
    other_holds_b, store_holds_a = threading.Event(), threading.Event()
    other_result: list[str] = []

    def other() -> None:  # an explicit (unmanaged) transaction: takes B, then waits for A
        with server.driver() as driver, driver.session() as session, session.begin_transaction() as tx:
            tx.run("MATCH (n:Person {id: 'b'}) SET n.by = 'other'").consume()
            other_holds_b.set()
            store_holds_a.wait(10)
            tx.run("MATCH (n:Person {id: 'a'}) SET n.by = 'other'").consume()
            tx.commit()
            other_result.append("committed")

    attempts: list[int] = []

    def work(tx) -> int:  # takes A, then B while the other holds B and waits for A: a deadlock
        attempts.append(1)
        tx.write("UNWIND $rows AS row MATCH (n:Person {id: row.id}) SET n.by = 'store'", [{"id": "a"}])
        if len(attempts) == 1:
            store_holds_a.set()
            time.sleep(0.5)  # the other transaction now waits for A
        tx.write("UNWIND $rows AS row MATCH (n:Person {id: row.id}) SET n.by = 'store'", [{"id": "b"}])
        return len(attempts)

    thread = threading.Thread(target=other)
    thread.start()
    assert other_holds_b.wait(10)
    with Neo4jStore.connect(server.uri, server.credentials()) as store:
        # The younger transaction (ours) is the deadlock's victim; the driver rolls it back and re-runs it.
        assert store.transaction(work) == 2
    thread.join(30)
    assert other_result == ["committed"]
    with server.driver() as driver:
        records, _, _ = driver.execute_query("MATCH (n:Person) RETURN n.id AS id, n.by AS by ORDER BY id")
    assert [(r["id"], r["by"]) for r in records] == [("a", "store"), ("b", "store")]


def _timed_load(server: LocalServer, store: str, password: str, cwd: Path) -> tuple[subprocess.CompletedProcess, float]:
    began = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "kankei", "load", str(SEED_FACTS), "--store", store],
        env=server.kankei_env(NEO4J_PASSWORD=password),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, time.monotonic() - began


def test_a_wrong_password_fails_fast_with_a_clear_message_without_any_password(server, tmp_path) -> None:
    server.wipe()
    wrong = "wrong-" + secrets.token_urlsafe(12)
    result, seconds = _timed_load(server, server.uri, wrong, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: Neo4j at {server.uri} refused user 'neo4j': wrong user or password "
        "(set NEO4J_USER / NEO4J_PASSWORD in the environment or .env)"
    )
    assert wrong not in output and server.password not in output
    assert seconds < 15  # no retrying a refused login (Python start-up included)
    assert server.count("Person") == 0


def test_an_unreachable_server_fails_fast_with_a_clear_message(server, tmp_path) -> None:
    closed = free_port()
    secret = "secret-" + secrets.token_urlsafe(12)
    result, seconds = _timed_load(server, f"bolt://127.0.0.1:{closed}", secret, tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: cannot reach Neo4j at bolt://127.0.0.1:{closed}: ")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert secret not in result.stdout + result.stderr
    assert seconds < 15


def test_two_loads_at_once_duplicate_nothing_and_lose_nothing(server, facts, tmp_path) -> None:
    _, first, second, count, reference = facts
    server.wipe()  # constraints too: both loads also race to create the schema
    env = server.kankei_env()
    loads = [
        kankei("load", str(part), "--store", server.uri, "--batch-size", str(BATCH), env=env, cwd=tmp_path)
        for part in (first, second)
    ]
    results = [(p.wait(timeout=300), *p.communicate()) for p in loads]
    for code, _, err in results:
        assert code == 0, err
    with server.driver() as driver:
        duplicate_links, _, _ = driver.execute_query(
            "MATCH (x)-[r]->(y) WITH x, y, type(r) AS type, r.title AS title, count(*) AS n WHERE n > 1 "
            "RETURN x.id AS x, y.id AS y, type, title, n LIMIT 5"
        )
        duplicate_nodes, _, _ = driver.execute_query(
            "MATCH (n) WITH labels(n) AS labels, coalesce(n.id, n.key) AS key, count(*) AS n WHERE n > 1 "
            "RETURN labels, key, n LIMIT 5"
        )
    assert [r.data() for r in duplicate_links] == [] and [r.data() for r in duplicate_nodes] == []
    graph = _graph(server)
    # Shared people got a new spelling from every copy in both files: none may be lost to a race.
    kim = next(row for row in graph["entities"] if row["id"] == "Person:金正恩")
    assert len(kim["names"]) == 20
    assert graph == reference  # counts, properties and links: the graph of one load of both files


def test_no_password_reaches_the_server_logs(server) -> None:
    leaked = [
        path
        for path in (server.home / "logs").rglob("*")
        if path.is_file() and server.password.encode() in path.read_bytes()
    ]
    assert (server.home / "logs" / "debug.log").is_file()
    assert leaked == []
