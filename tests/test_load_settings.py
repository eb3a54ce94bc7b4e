"""Store selection and credentials: --store, KANKEI_STORE, NEO4J_* and .env, the environment winning."""

from __future__ import annotations

from pathlib import Path

import pytest

from kankei.errors import StoreError
from kankei.settings import DEFAULT_STORE, neo4j_credentials, read_dotenv, store_spec


@pytest.fixture
def no_dotenv(tmp_path: Path) -> Path:
    return tmp_path / "absent.env"


@pytest.mark.parametrize(
    "value",
    [
        "bolt://127.0.0.1:7687",
        "neo4j://db.example:7687",
        "bolt+s://db.example",
        "neo4j+ssc://h",
        "BOLT://h:1",
    ],
)
def test_neo4j_uris_select_neo4j(value: str, no_dotenv: Path) -> None:
    spec = store_spec(value, env={}, dotenv=no_dotenv)
    assert (spec.engine, spec.target, spec.is_neo4j) == ("neo4j", value, True)


@pytest.mark.parametrize("value", ["graph.lbug", "data/kankei.lbug", "/abs/path/g", "C:graph"])
def test_anything_else_is_an_embedded_graph_file(value: str, no_dotenv: Path) -> None:
    spec = store_spec(value, env={}, dotenv=no_dotenv)
    assert (spec.engine, spec.target, spec.is_memory) == ("ladybug", value, False)


def test_memory_is_an_in_memory_embedded_graph(no_dotenv: Path) -> None:
    assert store_spec(":memory:", env={}, dotenv=no_dotenv).is_memory


def test_other_uri_schemes_are_refused(no_dotenv: Path) -> None:
    with pytest.raises(StoreError, match=r"unsupported store 'http://localhost:7474'"):
        store_spec("http://localhost:7474", env={}, dotenv=no_dotenv)


def test_empty_store_is_refused(no_dotenv: Path) -> None:
    with pytest.raises(StoreError, match="the store is empty"):
        store_spec("  ", env={}, dotenv=no_dotenv)


def test_command_line_beats_environment_beats_dotenv_beats_default(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    assert store_spec(None, env={}, dotenv=dotenv).target == DEFAULT_STORE
    dotenv.write_text("KANKEI_STORE=from-dotenv.lbug\n")
    assert store_spec(None, env={}, dotenv=dotenv).target == "from-dotenv.lbug"
    assert (
        store_spec(None, env={"KANKEI_STORE": "bolt://env:7687"}, dotenv=dotenv).target == "bolt://env:7687"
    )
    assert store_spec("cli.lbug", env={"KANKEI_STORE": "bolt://env:7687"}, dotenv=dotenv).target == "cli.lbug"


def test_dotenv_syntax(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\n\nexport NEO4J_USER=alice\nNEO4J_PASSWORD='s3cret #not a comment'\n"
        'QUOTED="two words"\nPLAIN=value # trailing comment\nnot a pair\nEMPTY=\n',
        encoding="utf-8",
    )
    assert read_dotenv(dotenv) == {
        "NEO4J_USER": "alice",
        "NEO4J_PASSWORD": "s3cret #not a comment",
        "QUOTED": "two words",
        "PLAIN": "value",
        "EMPTY": "",
    }
    assert read_dotenv(tmp_path / "missing") == {}


def test_credentials_from_dotenv_and_environment(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("NEO4J_USER=fromfile\nNEO4J_PASSWORD=filepass\n")
    creds = neo4j_credentials(env={}, dotenv=dotenv)
    assert (creds.user, creds.password, creds.database) == ("fromfile", "filepass", None)
    creds = neo4j_credentials(env={"NEO4J_PASSWORD": "envpass", "NEO4J_DATABASE": "news"}, dotenv=dotenv)
    assert (creds.user, creds.password, creds.database) == ("fromfile", "envpass", "news")
    assert "envpass" not in repr(creds)


def test_user_defaults_to_neo4j_and_a_missing_password_is_an_error(no_dotenv: Path) -> None:
    assert neo4j_credentials(env={"NEO4J_PASSWORD": "p"}, dotenv=no_dotenv).user == "neo4j"
    with pytest.raises(StoreError, match="NEO4J_PASSWORD is not set"):
        neo4j_credentials(env={}, dotenv=no_dotenv)
