"""What ships with the repository keeps credentials out and servers off the network."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_docker_compose_binds_every_port_to_localhost_and_reads_the_password_from_env() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    neo4j = compose["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert neo4j["ports"] and all(port.startswith("127.0.0.1:") for port in neo4j["ports"])
    # Fails at `docker compose up` when the password is unset, instead of starting with a default.
    assert re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD:\?[^}]+\}", neo4j["environment"]["NEO4J_AUTH"])
    assert set(neo4j["volumes"]) >= {"neo4j-data:/data", "neo4j-logs:/logs"}


def test_dot_env_is_ignored_and_the_example_holds_only_a_placeholder() -> None:
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT)
    assert ignored.returncode == 0, ".env must be git-ignored"
    example = dict(
        line.split("=", 1) for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    assert example["NEO4J_PASSWORD"] == "change-me"


def test_no_shipped_file_holds_a_literal_password() -> None:
    """Code, scripts, configuration, docs and notebooks (tests set made-up ones on purpose)."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    literal = re.compile(
        r"NEO4J_PASSWORD=(?!change-me\b)['\"]?\w"  # an env assignment with a real value (not … or $VAR)
        r"|auth\s*=\s*\(\s*['\"][^'\"]*['\"]\s*,\s*['\"]"  # a driver auth tuple with a literal password
        r"|set-initial-password\s+['\"]?\w"  # Neo4j's admin command given a literal
    )
    offenders = []
    for name in files:
        path = ROOT / name
        if name.startswith("tests/") or path.suffix in {".png", ".lbug"} or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if literal.search(line):
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert not offenders
