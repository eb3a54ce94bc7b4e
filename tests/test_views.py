"""kankei view | timeline | report on the really extracted corpus: the files are opened in headless Chromium
(Debian's package) with every network request sent to a dead proxy, a screenshot is taken and checked to
show something; the PNG timeline is checked for size, pixels and Japanese glyphs. The same pages come
out of the real Neo4j server.

Chromium is looked for as KANKEI_CHROMIUM, chromium, chromium-browser; without it these tests skip
locally and fail in CI (CI=true).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from kankei.cli import cli
from kankei.evaluate import evaluate
from kankei.facts_io import read_facts
from kankei.graph_reads import read_evidence
from kankei.load import load_facts
from kankei.load.ladybug_store import LadybugStore
from kankei.report import evidence_predictions
from kankei.timeline import find_cjk_font, read_timeline
from kankei.views import NODE_COLOURS

pytestmark = pytest.mark.ginza

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpus" / "gold"
SCREEN = (1200, 900)


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def surname(name: str) -> str:
    return name.split("・")[-1]


# ------------------------------------------------------------------------------------------- Chromium


@pytest.fixture(scope="module")
def chromium() -> str:
    for candidate in (os.environ.get("KANKEI_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    reason = "no Chromium: run scripts/install-dev (apt-get install chromium fonts-noto-cjk)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must open the pages")
    pytest.skip(reason)


def screenshot(chromium: str, page: Path, tmp_path: Path, size: tuple[int, int] = SCREEN) -> Image.Image:
    """A headless Chromium screenshot of ``page``; the network is a dead proxy, so only inlined code runs."""
    shot = tmp_path / f"{page.stem}-shot.png"
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}", "--proxy-server=http://127.0.0.1:9",
        "--virtual-time-budget=10000", f"--screenshot={shot}", f"--window-size={size[0]},{size[1]}",
        page.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert shot.exists(), f"no screenshot (exit {done.returncode}): {done.stderr[-2000:]}"
    image = Image.open(shot).convert("RGB")
    assert image.size == size
    return image


def assert_not_blank(image: Image.Image, min_colours: int = 40) -> None:
    colours = image.getcolors(maxcolors=image.width * image.height)
    commonest = max(count for count, _ in colours)
    assert len(colours) >= min_colours, f"only {len(colours)} colours: a blank page?"
    assert commonest / (image.width * image.height) < 0.97, "one colour fills the picture"


def pixels_near(image: Image.Image, hex_colour: str, tolerance: int = 12) -> int:
    target = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return sum(
        count
        for count, colour in image.getcolors(maxcolors=image.width * image.height)
        if all(abs(a - b) <= tolerance for a, b in zip(colour, target, strict=True))
    )


def dataset(html: str, name: str) -> list[dict]:
    found = re.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);", html, re.S)
    assert found, f"no {name} in the page"
    return json.loads(found.group(1))


def assert_offline(html: str) -> None:
    assert not re.search(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"https?://", html)
    assert "vis.Network" in html and len(html) > 300_000  # vis-network itself is inlined


# --------------------------------------------------------------------------------------------- stores


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory, extracted_corpus) -> Path:
    path = tmp_path_factory.mktemp("views") / "corpus.lbug"
    with LadybugStore.open(path) as store:
        load_facts(read_facts(extracted_corpus[0]), store)
    return path


# ----------------------------------------------------------------------------------------------- view


def test_view_draws_the_whole_graph_offline(corpus_store: Path, tmp_path: Path, chromium: str) -> None:
    out = tmp_path / "graph.html"
    result = invoke("view", "--store", str(corpus_store), "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert_offline(html)
    nodes = {n["id"]: n for n in dataset(html, "nodes")}
    edges = dataset(html, "edges")
    assert f"Wrote {out}: {len(nodes)} entities, {len(edges)} links." in result.output
    with LadybugStore.open(corpus_store, read_only=True) as store:
        evidence = read_evidence(store)
    for node in nodes.values():
        assert node["color"] == NODE_COLOURS[node["id"].split(":")[0]]
    putin = next(n for n in nodes.values() if surname(n["label"]) == "プーチン")
    leaf = nodes["Person:トランプ"]
    assert putin["size"] > leaf["size"]
    assert "大統領" in putin["title"] and "ロシア" in putin["title"]
    met = next(e for e in edges if e["label"] == "MET" and {e["from"], e["to"]} == {putin["id"], "Person:金正恩"})
    sentences = {e.sentence for e in evidence if e.relation == "MET" and {e.subject, e.object} == {putin["id"], "Person:金正恩"}}
    assert any(f"「{s}」" in met["title"] for s in sentences)
    assert re.search(r"\d{4}(-\d\d)*", met["title"])  # the dates
    assert {e["label"].split()[0] for e in edges} == {"VISITED", "MET", "ACCOMPANIED", "HOLDS_POSITION"}

    image = screenshot(chromium, out, tmp_path)
    assert_not_blank(image)
    # The legend swatch is 11 × 11 pixels; the drawn people are many times that.
    assert pixels_near(image, NODE_COLOURS["Person"]) > 2000
    assert pixels_near(image, NODE_COLOURS["Place"]) > 600


def test_view_around_a_person(corpus_store: Path, tmp_path: Path, chromium: str) -> None:
    out = tmp_path / "around.html"
    result = invoke("view", "--store", str(corpus_store), "--around", "ベロウソフ", "--depth", "1", "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    nodes = {n["id"] for n in dataset(html, "nodes")}
    assert "Person:ベロウソフ" in nodes and "Person:金正恩" in nodes and "Place:ロシア" in nodes
    assert "Person:トランプ" not in nodes and "Place:米国" not in nodes
    assert "ベロウソフ: 1 link around" in html
    assert_not_blank(screenshot(chromium, out, tmp_path))
    missing = invoke("view", "--store", str(corpus_store), "--around", "誰でもない人", "--out", str(out))
    assert missing.exit_code == 1 and "nothing called '誰でもない人'" in missing.output


# ------------------------------------------------------------------------------------------- timeline


def test_a_japanese_font_is_found_and_has_the_glyphs() -> None:
    from matplotlib.ft2font import FT2Font

    family, path = find_cjk_font()
    face = FT2Font(str(path))
    assert family and all(face.get_char_index(ord(c)) for c in "金正恩ベロウソフ平壌訪問")


def test_timeline_png_has_a_lane_per_person_and_no_missing_glyphs(corpus_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "timeline.png"
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph \d+ .* missing from")  # matplotlib's tofu warning
        result = invoke("timeline", "--store", str(corpus_store), "--out", str(out))
    assert result.exit_code == 0, result.output
    with LadybugStore.open(corpus_store, read_only=True) as store:
        timeline = read_timeline(store)
    lanes = {name for _, name in timeline.people()}
    assert f"{len(timeline.marks)} marks in {len(lanes)} lanes" in result.output
    assert "金正恩" in lanes and any(surname(n) == "ベロウソフ" for n in lanes)
    putin_june = [m for m in timeline.marks if surname(m.name) == "プーチン" and m.period == "2024-06" and m.type == "Visit"]
    assert any(m.place == "平壌" and "金正恩" in m.counterparts for m in putin_june)
    image = Image.open(out).convert("RGB")
    assert image.width >= 1000 and image.height >= 500
    assert_not_blank(image)
    assert pixels_near(image, "#4e79a7", 30) > 500 and pixels_near(image, "#e15759", 30) > 300  # visits, meetings


def test_timeline_of_one_person_as_html(corpus_store: Path, tmp_path: Path, chromium: str) -> None:
    out = tmp_path / "putin.html"
    result = invoke("timeline", "--store", str(corpus_store), "--person", "プーチン", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "in 1 lane" in result.output
    html = out.read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in html and "<td>平壌</td>" in html
    assert_not_blank(screenshot(chromium, out, tmp_path))
    wrong = invoke("timeline", "--store", str(corpus_store), "--out", str(tmp_path / "t.svg"))
    assert wrong.exit_code == 1 and "written as .png or .html" in wrong.output


# --------------------------------------------------------------------------------------------- report


def test_report_links_every_fact_to_its_evidence_and_scores_against_gold(
    corpus_store: Path, tmp_path: Path, chromium: str
) -> None:
    out = tmp_path / "report.html"
    result = invoke("report", "--store", str(corpus_store), "--gold", str(GOLD), "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    with LadybugStore.open(corpus_store, read_only=True) as store:
        evidence = read_evidence(store)
    assert f"{len(evidence)} facts" in result.output and "with evaluation" in result.output
    for section in ("Corpus", "Most connected people", "Bridges between ロシア and 北朝鮮", "Timeline", "Graph",
                    "Evaluation", "Relationships and their evidence", "Evidence sentences"):
        assert f">{section}</h2>" in html
    evidence_rows = set(re.findall(r'<tr id="(ev-\d+)"', html))
    assert len(evidence_rows) == len(evidence)
    links = set(re.findall(r'href="#(ev-\d+)"', html))
    assert links == evidence_rows  # every fact is linked from its relationship, every link lands
    assert set(re.findall(r'href="#(rel-\d+)"', html)) <= set(re.findall(r'<tr id="(rel-\d+)"', html))
    scores = evaluate(GOLD, evidence_predictions(evidence))
    assert f'<td>macro</td><td></td><td></td><td></td><td></td><td class="num">{scores.macro_precision:.3f}</td>' in html
    assert 'src="data:image/png;base64,' in html and '<iframe class="graph"' in html
    assert_offline(html.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))

    image = screenshot(chromium, out, tmp_path, (1200, 2600))
    assert_not_blank(image)
    assert pixels_near(image, "#4e79a7", 30) > 300  # timeline marks (and, further down, the graph)


def test_report_scores_a_facts_file_and_needs_gold_for_it(corpus_store: Path, tmp_path: Path, extracted_corpus) -> None:
    out = tmp_path / "report.html"
    facts = extracted_corpus[0]
    result = invoke("report", "--store", str(corpus_store), "--gold", str(GOLD), "--facts", str(facts), "--out", str(out))
    assert result.exit_code == 0, result.output
    scores = evaluate(GOLD, read_facts(facts))
    assert f"Scored: {facts}" in out.read_text(encoding="utf-8")
    assert f'<td class="num">{scores.macro_f1:.3f}</td></tr>' in out.read_text(encoding="utf-8")
    alone = invoke("report", "--store", str(corpus_store), "--facts", str(facts), "--out", str(out))
    assert alone.exit_code == 2 and "give the gold directory too" in alone.output


# ----------------------------------------------------------------------------------------- real Neo4j


@pytest.mark.neo4j
def test_view_timeline_and_report_from_neo4j(
    neo4j_corpus: tuple[str, dict[str, str]], corpus_store: Path, tmp_path: Path, chromium: str
) -> None:
    uri, env = neo4j_corpus
    pages = {}
    for name, store, extra in (("neo4j", uri, env), ("embedded", str(corpus_store), None)):
        view = invoke("view", "--store", store, "--out", str(tmp_path / f"{name}.html"), env=extra)
        assert view.exit_code == 0, view.output
        timeline = invoke("timeline", "--store", store, "--out", str(tmp_path / f"{name}.png"), env=extra)
        assert timeline.exit_code == 0, timeline.output
        report = invoke("report", "--store", store, "--out", str(tmp_path / f"{name}-report.html"), env=extra)
        assert report.exit_code == 0, report.output
        html = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        pages[name] = (dataset(html, "nodes"), dataset(html, "edges"), timeline.output.split(":", 1)[1])
    assert pages["neo4j"] == pages["embedded"]
    assert (tmp_path / "neo4j.png").read_bytes() == (tmp_path / "embedded.png").read_bytes()
    assert_not_blank(screenshot(chromium, tmp_path / "neo4j.html", tmp_path))
    assert_not_blank(screenshot(chromium, tmp_path / "neo4j-report.html", tmp_path))


def test_pages_of_an_empty_graph(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    store = str(tmp_path / "empty.lbug")
    assert invoke("load", str(empty), "--store", store).exit_code == 0
    view = invoke("view", "--store", store, "--out", str(tmp_path / "g.html"))
    assert view.exit_code == 0 and "0 entities, 0 links" in view.output
    report = invoke("report", "--store", store, "--out", str(tmp_path / "r.html"))
    assert report.exit_code == 0, report.output
    assert "No dated visits or meetings." in (tmp_path / "r.html").read_text(encoding="utf-8")
    timeline = invoke("timeline", "--store", store, "--out", str(tmp_path / "t.png"))
    assert timeline.exit_code == 1 and "no dated visits or meetings to draw" in timeline.output
