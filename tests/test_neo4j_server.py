"""The real Neo4j the tests use, and scripts/neo4j-local that runs it: auth, loopback only, Browser, wipe."""

from __future__ import annotations

import json
import secrets
import socket
import urllib.request
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from neo4j_server import Neo4jServer, run_script, script_env, wipe_database


def _settings(server: Neo4jServer, *names: str) -> dict[str, str]:
    with server.driver() as driver:
        records, _, _ = driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value", names=list(names)
        )
    return {record["name"]: record["value"] for record in records}


def _local_only(server: Neo4jServer) -> Path:
    if server.home is None or server.http_url is None:
        pytest.skip("external server (KANKEI_TEST_NEO4J_URI): not started by scripts/neo4j-local")
    return server.home


def _non_loopback_address() -> str | None:
    """This machine's address on its default route (a UDP connect sends nothing), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routed, never answered
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


@pytest.mark.neo4j
def test_server_answers_over_bolt_with_auth_enabled(neo4j_server: Neo4jServer) -> None:
    with neo4j_server.driver() as driver:
        records, _, _ = driver.execute_query("RETURN $word AS word", word="関係")
    assert records[0]["word"] == "関係"
    assert _settings(neo4j_server, "dbms.security.auth_enabled") == {"dbms.security.auth_enabled": "true"}


@pytest.mark.neo4j
def test_wrong_password_raises_auth_error_without_the_real_password(neo4j_server: Neo4jServer) -> None:
    wrong = secrets.token_urlsafe(16)
    assert wrong != neo4j_server.password
    with (
        GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, wrong)) as driver,
        pytest.raises(AuthError) as caught,
    ):
        driver.verify_connectivity()
    assert neo4j_server.password not in str(caught.value)
    assert neo4j_server.password not in repr(caught.value)
    assert neo4j_server.password not in repr(neo4j_server)


@pytest.mark.neo4j
def test_server_listens_on_loopback_only(neo4j_server: Neo4jServer) -> None:
    _local_only(neo4j_server)
    bolt_port = int(neo4j_server.uri.rsplit(":", 1)[1])
    http_port = int(str(neo4j_server.http_url).rsplit(":", 1)[1])
    assert _settings(
        neo4j_server,
        "server.default_listen_address",
        "server.bolt.listen_address",
        "server.http.listen_address",
        "server.https.enabled",
    ) == {
        "server.default_listen_address": "127.0.0.1",
        "server.bolt.listen_address": f"127.0.0.1:{bolt_port}",
        "server.http.listen_address": f"127.0.0.1:{http_port}",
        "server.https.enabled": "false",
    }
    address = _non_loopback_address()
    if address is not None:  # the same ports on the machine's own network address must be closed
        for port in (bolt_port, http_port):
            with socket.socket() as sock:
                sock.settimeout(2)
                assert sock.connect_ex((address, port)) != 0, f"{address}:{port} accepts connections"


@pytest.mark.neo4j
def test_http_serves_browser_and_advertises_the_bolt_address(neo4j_server: Neo4jServer) -> None:
    _local_only(neo4j_server)
    with urllib.request.urlopen(f"{neo4j_server.http_url}/browser/", timeout=10) as response:
        assert response.status == 200
        assert "<html" in response.read().decode("utf-8", "replace").lower()
    with urllib.request.urlopen(f"{neo4j_server.http_url}/", timeout=10) as response:
        discovery = json.load(response)
    assert discovery["bolt_direct"] == neo4j_server.uri
    assert discovery["neo4j_edition"] == "community"
    assert discovery["neo4j_version"].startswith("5.26.")


@pytest.mark.neo4j
def test_wipe_database_removes_data_constraints_and_indexes(neo4j_clean: Neo4jServer) -> None:
    # Start empty: an equivalent index left by another test would make CREATE INDEX … IF NOT EXISTS a no-op.
    with neo4j_clean.driver() as driver:
        driver.execute_query(
            "CREATE (:Person {name: $a})-[:MET]->(:Person {name: $b})-[:VISITED]->(:Place {name: $c})",
            a="岸田文雄",
            b="バイデン",
            c="ワシントン",
        )
        driver.execute_query(
            "CREATE CONSTRAINT kankei_test_key IF NOT EXISTS FOR (p:Person) REQUIRE p.key IS UNIQUE"
        )
        driver.execute_query(
            "CREATE INDEX `kankei test ``odd`` name` IF NOT EXISTS FOR (p:Place) ON (p.name)"
        )
        driver.execute_query(
            "CREATE FULLTEXT INDEX kankei_test_text IF NOT EXISTS FOR (p:Person) ON EACH [p.name]"
        )
        lookups, _, _ = driver.execute_query(
            "SHOW INDEXES YIELD name, type WHERE type = 'LOOKUP' RETURN name"
        )
        indexes_before, _, _ = driver.execute_query("SHOW INDEXES YIELD name RETURN name")
        assert {r["name"] for r in indexes_before} >= {
            "kankei_test_key",
            "kankei test `odd` name",
            "kankei_test_text",
        }

        wipe_database(driver)

        counts, _, _ = driver.execute_query(
            "OPTIONAL MATCH (n) WITH count(n) AS nodes "
            "OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS rels"
        )
        constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name")
        indexes_after, _, _ = driver.execute_query("SHOW INDEXES YIELD name RETURN name")
    assert (counts[0]["nodes"], counts[0]["rels"]) == (0, 0)
    assert constraints == []
    assert {r["name"] for r in indexes_after} == {r["name"] for r in lookups}


@pytest.mark.neo4j
def test_script_env_prints_uri_and_user_but_never_the_password(neo4j_server: Neo4jServer) -> None:
    home = _local_only(neo4j_server)
    result = run_script("env", script_env(home, neo4j_server.password))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"export NEO4J_URI={neo4j_server.uri}\nexport NEO4J_USER=neo4j\n"
    assert neo4j_server.password not in result.stdout + result.stderr


@pytest.mark.neo4j
def test_script_start_when_running_is_a_quiet_no_op(neo4j_server: Neo4jServer) -> None:
    home = _local_only(neo4j_server)
    pid_before = (home / "run" / "neo4j-local.pid").read_text()
    result = run_script("start", script_env(home, neo4j_server.password))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("neo4j-local: already running") and result.stdout.count("\n") == 1
    assert result.stderr == ""
    assert neo4j_server.password not in result.stdout
    assert (home / "run" / "neo4j-local.pid").read_text() == pid_before
    assert run_script("status", script_env(home)).returncode == 0


@pytest.mark.neo4j
def test_script_start_with_another_password_fails_clearly(neo4j_server: Neo4jServer) -> None:
    home = _local_only(neo4j_server)
    wrong = secrets.token_urlsafe(16)
    result = run_script("start", script_env(home, wrong))
    assert result.returncode == 1
    assert "rejects NEO4J_PASSWORD" in result.stderr
    assert wrong not in result.stdout + result.stderr
    assert neo4j_server.password not in result.stdout + result.stderr
    with neo4j_server.driver() as driver:  # the running server is left alone
        driver.verify_connectivity()


def test_script_start_without_password_fails_before_fetching(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = run_script("start", script_env(home))
    assert result.returncode == 1
    assert "NEO4J_PASSWORD is not set" in result.stderr
    assert not (home / "lib").exists()
    assert run_script("status", script_env(home)).returncode == 3
