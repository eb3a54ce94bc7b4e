"""The real Neo4j server of the test session: find or start it, wipe it between tests, stop it.

By default the tests get their own server, started with `scripts/neo4j-local` in a test-only home
(`.neo4j-local/test`, override with KANKEI_TEST_NEO4J_HOME) on ports 17687/17474 (override with
KANKEI_TEST_NEO4J_BOLT_PORT / KANKEI_TEST_NEO4J_HTTP_PORT), so it never touches a developer's graph.
Its password is generated on the first start and kept in `<home>/test-password` (mode 0600), because
Neo4j takes an initial password only once per home.

To test against a server you run yourself (say a container), set KANKEI_TEST_NEO4J_URI (and
KANKEI_TEST_NEO4J_USER, KANKEI_TEST_NEO4J_PASSWORD). Plain NEO4J_URI is deliberately NOT used: the
tests wipe the database, and NEO4J_URI from a developer's `.env` points at their real graph.

Nothing here skips: when no server can be had, `ensure_neo4j` raises with the reason and the log tail.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import neo4j
from neo4j import GraphDatabase

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "neo4j-local"
TEST_HOME_MARKER = ".kankei-test-home"  # only a home carrying it may have its data thrown away
PORTS_FILE = "test-ports"
PASSWORD_FILE = "test-password"
START_TIMEOUT_S = 240  # a cold Maven fetch plus the first start take about 25 s here


class Neo4jUnavailable(RuntimeError):
    """The test session could not get a working Neo4j server."""


@dataclass(frozen=True)
class Neo4jServer:
    """Where the session's server answers. `home` and `http_url` are None for an external server."""

    uri: str
    user: str
    password: str = field(repr=False)
    http_url: str | None = None
    home: Path | None = None
    started_here: bool = False

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    def driver(self) -> neo4j.Driver:
        """A new driver for this server; the caller closes it."""
        return GraphDatabase.driver(self.uri, auth=self.auth)


def neo4j_test_home() -> Path:
    return Path(os.environ.get("KANKEI_TEST_NEO4J_HOME") or REPO / ".neo4j-local" / "test").resolve()


def _port(name: str, default: int) -> str:
    value = os.environ.get(name, str(default))
    if not value.isdigit():
        raise Neo4jUnavailable(f"{name}={value!r} is not a port number")
    return value


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _any_free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def home_ports(home: Path) -> tuple[str, str]:
    """Bolt and HTTP ports of the test home: the variables, else the ports it used last time, else
    17687/17474, else (when another process holds those, e.g. a second checkout's tests) free ones."""
    explicit = ("KANKEI_TEST_NEO4J_BOLT_PORT" in os.environ, "KANKEI_TEST_NEO4J_HTTP_PORT" in os.environ)
    if any(explicit):
        return _port("KANKEI_TEST_NEO4J_BOLT_PORT", 17687), _port("KANKEI_TEST_NEO4J_HTTP_PORT", 17474)
    running = _running_ports(home)
    if running:
        return running
    remembered = home / PORTS_FILE
    if remembered.exists():
        bolt, http = remembered.read_text().split()
        return bolt, http
    bolt, http = 17687, 17474
    if not (_port_free(bolt) and _port_free(http)):
        bolt, http = _any_free_port(), _any_free_port()
    if home.exists():
        remembered.write_text(f"{bolt} {http}\n")
    return str(bolt), str(http)


def _running_ports(home: Path) -> tuple[str, str] | None:
    """The ports the home's server runs on, when it runs (its neo4j.conf is rewritten at every start)."""
    pid_file, conf = home / "run" / "neo4j-local.pid", home / "conf" / "neo4j.conf"
    if not (pid_file.exists() and conf.exists()):
        return None
    pid = pid_file.read_text().strip()
    if not pid.isdigit() or not Path(f"/proc/{pid}").exists():
        return None
    text = conf.read_text()
    bolt = re.search(r"^server\.bolt\.listen_address=127\.0\.0\.1:(\d+)$", text, re.M)
    http = re.search(r"^server\.http\.listen_address=127\.0\.0\.1:(\d+)$", text, re.M)
    return (bolt.group(1), http.group(1)) if bolt and http else None


def script_env(home: Path, password: str | None = None) -> dict[str, str]:
    """Environment for `scripts/neo4j-local` acting on the test home (NEO4J_PASSWORD only if given)."""
    bolt, http = home_ports(home)
    env = {
        **os.environ,
        "KANKEI_NEO4J_HOME": str(home),
        "KANKEI_NEO4J_BOLT_PORT": bolt,
        "KANKEI_NEO4J_HTTP_PORT": http,
    }
    env.pop("NEO4J_PASSWORD", None)
    if password is not None:
        env["NEO4J_PASSWORD"] = password
    return env


def run_script(command: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), command], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _verified(server: Neo4jServer) -> Neo4jServer:
    try:
        with server.driver() as driver:
            driver.verify_connectivity()
    except neo4j.exceptions.Neo4jError as error:  # AuthError and friends: the server answered
        raise Neo4jUnavailable(f"Neo4j at {server.uri} refused user {server.user!r}: {error}") from error
    except neo4j.exceptions.DriverError as error:
        raise Neo4jUnavailable(f"Neo4j at {server.uri} does not answer over Bolt: {error}") from error
    return server


def _external(uri: str) -> Neo4jServer:
    password = os.environ.get("KANKEI_TEST_NEO4J_PASSWORD") or os.environ.get("NEO4J_PASSWORD")
    if not password:
        raise Neo4jUnavailable(
            "KANKEI_TEST_NEO4J_URI is set but neither KANKEI_TEST_NEO4J_PASSWORD nor NEO4J_PASSWORD"
        )
    user = os.environ.get("KANKEI_TEST_NEO4J_USER") or os.environ.get("NEO4J_USER") or "neo4j"
    return _verified(Neo4jServer(uri=uri, user=user, password=password))


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def _test_password(home: Path, running: bool) -> str:
    """The password the test home was initialised with; a fresh one (kept 0600) for a fresh home."""
    stored = home / PASSWORD_FILE
    if stored.exists():
        return stored.read_text().strip()
    if (home / "data" / "databases" / "system").exists():
        # Initialised by someone else with a password we do not know.
        if running or not (home / TEST_HOME_MARKER).exists():
            raise Neo4jUnavailable(
                f"{home} holds a Neo4j database whose password is not in {stored}. Stop that server "
                f"(KANKEI_NEO4J_HOME={home} {SCRIPT} stop) and delete {home / 'data'}, or put its "
                f"password in {stored}."
            )
        shutil.rmtree(home / "data")  # a test-only home: its data is disposable
    password = os.environ.get("KANKEI_TEST_NEO4J_PASSWORD") or secrets.token_urlsafe(24)
    _write_private(stored, password + "\n")
    return password


def _start_local() -> Neo4jServer:
    home = neo4j_test_home()
    if not home.exists():
        home.mkdir(mode=0o700, parents=True)
        (home / TEST_HOME_MARKER).write_text("test-only Neo4j home of kankei; its data may be deleted\n")
    env = script_env(home)
    running = run_script("status", env).returncode == 0
    password = _test_password(home, running)
    env = script_env(home, password)
    try:
        result = run_script("start", env, timeout=START_TIMEOUT_S)
    except subprocess.TimeoutExpired as error:
        raise Neo4jUnavailable(f"{SCRIPT} start did not finish in {START_TIMEOUT_S} s") from error
    if result.returncode != 0:
        output = (result.stdout + result.stderr).replace(password, "***")
        raise Neo4jUnavailable(f"{SCRIPT} start failed (exit {result.returncode}):\n{output}")
    server = Neo4jServer(
        uri=f"bolt://127.0.0.1:{env['KANKEI_NEO4J_BOLT_PORT']}",
        user="neo4j",
        password=password,
        http_url=f"http://127.0.0.1:{env['KANKEI_NEO4J_HTTP_PORT']}",
        home=home,
        started_here=not running,
    )
    return _verified(server)


def ensure_neo4j() -> Neo4jServer:
    """The session's Neo4j: KANKEI_TEST_NEO4J_URI if set, else the test home's server (started if need be)."""
    uri = os.environ.get("KANKEI_TEST_NEO4J_URI")
    return _external(uri) if uri else _start_local()


def stop_neo4j(server: Neo4jServer) -> None:
    """Stop the server if this session started it (KANKEI_NEO4J_KEEP=1 keeps it for the next run)."""
    if not server.started_here or server.home is None or os.environ.get("KANKEI_NEO4J_KEEP") == "1":
        return
    result = run_script("stop", script_env(server.home))
    if result.returncode != 0:
        raise Neo4jUnavailable(
            f"{SCRIPT} stop failed (exit {result.returncode}):\n{result.stdout}{result.stderr}"
        )


def _quoted(name: str) -> str:
    """A schema name as a Cypher identifier (names come from SHOW ..., never from user input)."""
    return "`" + name.replace("`", "``") + "`"


def wipe_database(driver: neo4j.Driver, database: str | None = None) -> None:
    """Delete all nodes, relationships, constraints and indexes (but the built-in token lookup indexes)."""
    with driver.session(database=database) as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
        # Dropping a constraint drops its backing index too, so constraints go first.
        constraints = [record["name"] for record in session.run("SHOW CONSTRAINTS YIELD name")]
        for name in constraints:
            session.run(f"DROP CONSTRAINT {_quoted(name)} IF EXISTS").consume()
        indexes = [
            record["name"]
            for record in session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name")
        ]
        for name in indexes:
            session.run(f"DROP INDEX {_quoted(name)} IF EXISTS").consume()
