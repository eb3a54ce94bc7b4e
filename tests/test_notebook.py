"""notebooks/explore.ipynb, executed for real: against the session's Neo4j and on the embedded fallback."""

from __future__ import annotations

import base64
import os
import struct
import sys
from pathlib import Path

import nbformat
import pytest
from ipykernel.kernelspec import write_kernel_spec
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from kankei.facts_io import read_facts
from kankei.load import load_facts
from kankei.load.neo4j_store import Neo4jStore
from kankei.settings import Neo4jCredentials

from neo4j_server import Neo4jServer

pytestmark = [pytest.mark.ginza]

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
KERNEL = "kankei-test-python"
PYONGYANG_VISITORS = ("プーチン", "ラブロフ", "マントロフ", "ノバク", "ベロウソフ", "クリボルチコ")
SETTINGS = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "KANKEI_STORE")


@pytest.fixture(scope="module")
def kernels(tmp_path_factory) -> KernelSpecManager:
    """A kernelspec running this very interpreter (the user's `python3` spec may name another one)."""
    folder = tmp_path_factory.mktemp("kernels")
    write_kernel_spec(folder / KERNEL, overrides={"display_name": f"kankei tests ({sys.executable})"})
    return KernelSpecManager(kernel_dirs=[str(folder)])


def execute(kernels: KernelSpecManager, cwd: Path, settings: dict[str, str]) -> nbformat.NotebookNode:
    """Run every cell in a fresh kernel with only ``settings`` of the kankei/Neo4j variables set."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    # Empty values override a developer's .env at the project root, which the notebook also reads.
    env.update({name: "" for name in SETTINGS})
    env.update(settings, MPLBACKEND="module://matplotlib_inline.backend_inline")
    manager = KernelManager(kernel_name=KERNEL, kernel_spec_manager=kernels)
    client = NotebookClient(notebook, km=manager, timeout=300, kernel_name=KERNEL)
    client.execute(cwd=str(cwd), env=env)  # raises CellExecutionError, with the traceback, if a cell fails
    return notebook


def cell(notebook: nbformat.NotebookNode, tag: str) -> nbformat.NotebookNode:
    tagged = [c for c in notebook.cells if tag in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"one cell tagged {tag!r}"
    return tagged[0]


def text_of(node: nbformat.NotebookNode) -> str:
    """Everything a cell printed or showed as text."""
    parts = []
    for output in node.get("outputs", []):
        parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


def printed(notebook: nbformat.NotebookNode) -> str:
    return "".join(text_of(c) for c in notebook.cells if c.cell_type == "code")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def assert_answers(notebook: nbformat.NotebookNode) -> None:
    visited = text_of(cell(notebook, "officials-who-visited"))
    for surname in PYONGYANG_VISITORS:
        assert surname in visited, f"{surname} missing from officials-who-visited:\n{visited}"
    accompanied = text_of(cell(notebook, "who-accompanied-whom"))
    assert "ラブロフ" in accompanied and "プーチン" in accompanied, accompanied
    timeline = text_of(cell(notebook, "timeline"))
    assert "平壌" in timeline and "Visit" in timeline and "Meeting" in timeline, timeline

    network = cell(notebook, "network")
    images = [o["data"]["image/png"] for o in network.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1, "the network cell drew no figure"
    width, height = png_size(base64.b64decode(images[0]))
    assert width >= 600 and height >= 400, (width, height)
    counts = text_of(network)
    assert "entities" in counts and not counts.startswith("0 entities"), counts
    if _has_cjk_font():
        assert "no CJK font" not in counts, "a CJK font is installed but the notebook did not find it"


def _has_cjk_font() -> bool:
    from matplotlib import font_manager

    return any("CJK JP" in f.name for f in font_manager.fontManager.ttflist)


def test_committed_notebook_has_no_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code
    assert all(not c.outputs and c.execution_count is None for c in code), "clear the outputs before committing"


@pytest.mark.neo4j
def test_notebook_on_the_real_neo4j(
    neo4j_clean: Neo4jServer, extracted_corpus, kernels: KernelSpecManager, tmp_path: Path
) -> None:
    with Neo4jStore.connect(neo4j_clean.uri, Neo4jCredentials(neo4j_clean.user, neo4j_clean.password)) as store:
        load_facts(read_facts(extracted_corpus[0]), store)
    settings = {"NEO4J_URI": neo4j_clean.uri, "NEO4J_USER": neo4j_clean.user, "NEO4J_PASSWORD": neo4j_clean.password}

    notebook = execute(kernels, tmp_path, settings)

    assert f"Neo4j at {neo4j_clean.uri}" in printed(notebook)
    assert "embedded graph" not in printed(notebook) and "building" not in printed(notebook)
    assert_answers(notebook)


def test_notebook_builds_and_reads_the_embedded_graph_without_a_server(
    kernels: KernelSpecManager, tmp_path: Path
) -> None:
    graph = tmp_path / "kankei.lbug"

    notebook = execute(kernels, tmp_path, {"KANKEI_STORE": str(graph)})

    output = printed(notebook)
    assert f"building {graph}" in output and f"embedded graph {graph}" in output, output
    assert "Neo4j at" not in output
    assert graph.exists()
    assert_answers(notebook)
