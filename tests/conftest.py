"""Shared fixtures: the real Neo4j server of the test session, the seed corpus and its gold."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from kankei.facts_io import read_facts  # noqa: E402
from kankei.load import load_facts  # noqa: E402
from kankei.load.neo4j_store import Neo4jStore  # noqa: E402
from kankei.settings import Neo4jCredentials  # noqa: E402

from neo4j_server import Neo4jServer, ensure_neo4j, stop_neo4j, wipe_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = CORPUS / "gold"


@pytest.fixture(scope="session")
def extracted_corpus(tmp_path_factory) -> tuple[Path, Path]:
    """Facts and entities JSONL of ``kankei extract corpus/`` (run once per test session)."""
    from click.testing import CliRunner

    from kankei.cli import cli

    out = tmp_path_factory.mktemp("extracted")
    facts, entities = out / "facts.jsonl", out / "entities.jsonl"
    result = CliRunner().invoke(cli, ["extract", str(CORPUS), "--out", str(facts), "--entities", str(entities),
                                      "--quiet"])
    assert result.exit_code == 0, result.output
    return facts, entities


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    """The session's real Neo4j: scripts/neo4j-local in .neo4j-local/test, or KANKEI_TEST_NEO4J_URI."""
    server = ensure_neo4j()  # raises with the log tail when there is no server: never skips
    yield server
    stop_neo4j(server)  # only if this session started it; KANKEI_NEO4J_KEEP=1 keeps it running


@pytest.fixture
def neo4j_clean(neo4j_server: Neo4jServer) -> Neo4jServer:
    """The session's server with an empty database: no nodes, relationships, constraints or indexes."""
    with neo4j_server.driver() as driver:
        wipe_database(driver)
    return neo4j_server


@pytest.fixture
def neo4j_store(neo4j_clean: Neo4jServer) -> Iterator[Neo4jStore]:
    """A kankei store on the session's Neo4j with an empty database."""
    with Neo4jStore.connect(neo4j_clean.uri, Neo4jCredentials(neo4j_clean.user, neo4j_clean.password)) as store:
        yield store


@pytest.fixture
def neo4j_corpus(neo4j_store: Neo4jStore, neo4j_clean: Neo4jServer, extracted_corpus
                 ) -> tuple[str, dict[str, str]]:
    """The extracted corpus loaded into the session's Neo4j: its URI, and the environment a `kankei`
    command needs to log in to it (KANKEI_STORE emptied so a developer's setting cannot interfere)."""
    load_facts(read_facts(extracted_corpus[0]), neo4j_store)
    return neo4j_clean.uri, {"NEO4J_USER": neo4j_clean.user, "NEO4J_PASSWORD": neo4j_clean.password,
                             "KANKEI_STORE": ""}
