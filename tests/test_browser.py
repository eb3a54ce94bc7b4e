"""Neo4j Browser with kankei's guide: headless Chromium logs in to the session's real Neo4j, opens the
generated guide (queries/browser-guide.html, served by scripts/browser-guide), runs a canned query from
it and leaves a screenshot in artifacts/browser.png; then applies queries/style.grass and draws the
people network (artifacts/browser-graph.png).

Chromium is Debian's (scripts/install-dev installs it), driven over the DevTools protocol on a pipe, so
no browser download and no extra Python package is needed. Without Chromium the browser test skips
locally and fails in CI (CI=true).
"""

from __future__ import annotations

import base64
import fcntl
import html
import importlib.machinery
import importlib.util
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PIL import Image

from kankei.facts_io import read_facts
from kankei.load import load_facts
from kankei.load.neo4j_store import Neo4jStore
from kankei.normalize import entity_key
from kankei.queries import get_query, list_queries
from kankei.settings import Neo4jCredentials

from neo4j_server import Neo4jServer

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "browser-guide"
STYLE = ROOT / "queries" / "style.grass"
ARTIFACTS = ROOT / "artifacts"
SCREENSHOT = ARTIFACTS / "browser.png"
GRAPH_SCREENSHOT = ARTIFACTS / "browser-graph.png"
QUERY = "officials-who-visited"
PYONGYANG_VISITORS = ("プーチン", "ラブロフ", "マントロフ", "ノバク", "ベロウソフ", "クリボルチコ")
WIDTH, HEIGHT = 1400, 1000
WAIT_S = 60


def load_script() -> ModuleType:
    """scripts/browser-guide as a module (it has no .py suffix, being a command)."""
    loader = importlib.machinery.SourceFileLoader("browser_guide", str(SCRIPT))
    spec = importlib.util.spec_from_loader("browser_guide", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def guide_url() -> Iterator[str]:
    """The queries folder served the way `scripts/browser-guide serve` serves it, on a free port."""
    server = load_script().guide_server(0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # "localhost", not 127.0.0.1: it is on Browser's default remote-content allowlist.
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# --- the generated guide ---------------------------------------------------------------------------


def test_committed_guide_is_generated_from_the_current_queries() -> None:
    result = subprocess.run([str(SCRIPT), "--check"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def test_guide_has_every_query_with_bound_params() -> None:
    guide = html.unescape((ROOT / "queries" / "browser-guide.html").read_text(encoding="utf-8"))
    script = load_script()
    for query in list_queries():
        assert script.body(query) in guide, query.name
        assert query.description in guide, query.name
    # Derived keys are computed as `kankei query` computes them, not copied from the header examples.
    assert f"person_key: '{entity_key('プーチン')}'" in guide
    assert entity_key("プーチン") != "プーチン"
    assert ":params {place: '平壌', place_key: '平壌'}" in guide


def test_guide_server_answers_browsers_cors_preflight(guide_url: str) -> None:
    preflight = urllib.request.Request(
        f"{guide_url}/browser-guide.html",
        method="OPTIONS",
        headers={"Origin": "http://127.0.0.1:7474", "Access-Control-Request-Method": "GET",
                 "Access-Control-Request-Headers": "cache-control,pragma,sentry-trace"},
    )
    with urllib.request.urlopen(preflight, timeout=10) as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["Access-Control-Allow-Headers"] == "cache-control,pragma,sentry-trace"
    with urllib.request.urlopen(f"{guide_url}/style.grass", timeout=10) as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "node.Person" in response.read().decode("utf-8")


# --- Chromium over the DevTools protocol --------------------------------------------------------------


WIRE_PIPES = """
import os, sys
commands, answers = int(sys.argv[1]), int(sys.argv[2])
os.dup2(commands, 3)
os.dup2(answers, 4)
os.close(commands)
os.close(answers)
os.execv(sys.argv[3], sys.argv[3:])
"""


class DevToolsError(RuntimeError):
    """Chromium answered a DevTools command with an error, or stopped answering."""


class Chromium:
    """Headless Chromium on --remote-debugging-pipe: commands go in on fd 3, answers come out on fd 4,
    each a JSON message ended by NUL. One page; its events are kept, unread, in ``events``."""

    def __init__(self, executable: str, profile: Path) -> None:
        commands_read, self._commands = os.pipe()
        self._answers, answers_write = os.pipe()
        # Chromium expects exactly fds 3 and 4. A small Python moves the pipes there and execs it (no
        # preexec_fn: threads run here); from fds above 9, so that moving one cannot overwrite the other.
        commands_read, answers_write = (self._above_9(commands_read), self._above_9(answers_write))
        flags = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--remote-debugging-pipe",
            f"--window-size={WIDTH},{HEIGHT}",
            # Only this machine: Browser would otherwise try guides.neo4j.com and its usage reports.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
        ]
        self._log = open(profile.parent / "chromium.log", "wb")  # noqa: SIM115 (closed in close())
        self.process = subprocess.Popen(
            [sys.executable, "-c", WIRE_PIPES, str(commands_read), str(answers_write), executable, *flags,
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
            pass_fds=(commands_read, answers_write), start_new_session=True,
        )
        os.close(commands_read)
        os.close(answers_write)
        self._buffer = b""
        self._last_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    @staticmethod
    def _above_9(fd: int) -> int:
        moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(fd)
        return moved

    def send(self, method: str, params: dict[str, Any] | None = None, *, page: bool = True,
             timeout: float = 30) -> dict[str, Any]:
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params or {}}
        if page and self.session:
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            for answer in self._receive(deadline):
                if answer.get("id") == self._last_id:
                    if "error" in answer:
                        raise DevToolsError(f"{method}: {answer['error']}")
                    return answer["result"]
                self.events.append(answer)

    def _receive(self, deadline: float) -> list[dict[str, Any]]:
        left = deadline - time.monotonic()
        if left <= 0:
            raise DevToolsError(f"Chromium did not answer in time (exit code {self.process.poll()})")
        ready, _, _ = select.select([self._answers], [], [], left)
        if not ready:
            return []
        chunk = os.read(self._answers, 1 << 20)
        if not chunk:
            raise DevToolsError(f"Chromium closed the pipe (exit code {self.process.poll()})")
        self._buffer += chunk
        *messages, self._buffer = self._buffer.split(b"\0")
        return [json.loads(m) for m in messages]

    def open_page(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, page=False)
        attached = self.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, page=False)
        self.session = attached["sessionId"]
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
        self.send("Page.navigate", {"url": url})

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise DevToolsError(f"{expression}: {result['exceptionDetails'].get('exception', result)}")
        return result["result"].get("value")

    def wait_for(self, expression: str, what: str, timeout: float = WAIT_S) -> Any:
        """Poll a JavaScript expression until it is truthy; on timeout fail with the page's text."""
        deadline = time.monotonic() + timeout
        polled = f"(() => {{ const value = ({expression}); return value instanceof Node ? true : value; }})()"
        while time.monotonic() < deadline:
            value = self.evaluate(polled)
            if value:
                return value
            time.sleep(0.25)
        self.screenshot(ARTIFACTS / "browser-failure.png")
        text = self.evaluate("document.body.innerText")
        pytest.fail(f"Browser: no {what} after {timeout} s (artifacts/browser-failure.png); page text:\n{text[:3000]}")

    def type_into(self, selector: str, text: str) -> None:
        """Focus a field, select what it holds and type over it (real input events, as React wants)."""
        found = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return false;"
            " e.focus(); if (e.select) e.select(); return true; })()"
        )
        assert found, f"no {selector} on the page"
        self.send("Input.insertText", {"text": text})

    def click(self, selector: str) -> None:
        found = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return false;"
            " e.click(); return true; })()"
        )
        assert found, f"no {selector} on the page"

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"]))

    def close(self) -> None:
        try:
            self.send("Browser.close", page=False, timeout=10)
            self.process.wait(timeout=10)
        except (DevToolsError, OSError, subprocess.TimeoutExpired):
            pass
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)  # its own session: only the Chromium started here
            self.process.wait(timeout=10)
        os.close(self._commands)
        os.close(self._answers)
        self._log.close()


def chromium_executable() -> str | None:
    candidates = [os.environ.get("KANKEI_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"]
    return next((found for c in candidates if c and (found := shutil.which(c))), None)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[Chromium]:
    executable = chromium_executable()
    if executable is None:
        reason = "no Chromium: run scripts/install-dev (apt-get install chromium fonts-noto-cjk)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the Browser test")
        pytest.skip(reason)
    profile = tmp_path / "profile"  # a new, empty profile: no stored credentials or settings
    profile.mkdir()
    browser = Chromium(executable, profile)
    try:
        yield browser
    finally:
        browser.close()


# --- the Browser test ---------------------------------------------------------------------------------


def frame_with(command: str, texts: tuple[str, ...]) -> str:
    """JavaScript: the text of the Browser frame whose command contains ``command`` and that shows every text."""
    return (
        "(() => { for (const frame of document.querySelectorAll('[data-testid=frame]')) {"
        " const command = frame.querySelector('[data-testid=frameCommand]');"
        f" if (!command || !command.innerText.includes({json.dumps(command)})) continue;"
        " const text = frame.innerText;"
        f" if ({json.dumps(list(texts))}.every(t => text.includes(t))) return text; }}"
        " return null; })()"
    )


def test_browser_runs_a_canned_query_from_the_guide(
    neo4j_clean: Neo4jServer, extracted_corpus, chromium: Chromium, guide_url: str
) -> None:
    if neo4j_clean.http_url is None:
        pytest.skip("KANKEI_TEST_NEO4J_URI names an external server: its Browser URL is unknown")
    with Neo4jStore.connect(neo4j_clean.uri, Neo4jCredentials(neo4j_clean.user, neo4j_clean.password)) as store:
        load_facts(read_facts(extracted_corpus[0]), store)
    slide = 2 + [q.name for q in list_queries()].index(QUERY)  # slide 1 is the introduction
    query_start = load_script().body(get_query(QUERY)).splitlines()[0]

    chromium.open_page(f"{neo4j_clean.http_url}/browser/")
    chromium.wait_for("document.querySelector('[data-testid=boltaddress]')", "login form")
    chromium.type_into("[data-testid=boltaddress]", neo4j_clean.uri)
    chromium.type_into("[data-testid=username]", neo4j_clean.user)
    chromium.type_into("[data-testid=password]", neo4j_clean.password)
    chromium.click("[data-testid=connect]")
    chromium.wait_for("document.body.innerText.includes('You are connected as user')", "connection")

    chromium.type_into(".monaco-editor textarea", f":play {guide_url}/browser-guide.html")
    chromium.click("[data-testid=editor-Run]")
    chromium.wait_for("document.body.innerText.includes('kankei: canned queries')", "guide")
    chromium.click(f"[data-testid=carousel] li[aria-label='{slide}']")
    chromium.wait_for(f"document.querySelector('pre[data-query={QUERY}] i')", f"{QUERY} slide")
    chromium.click(f"pre[data-params={QUERY}] i")  # the ▶ icon runs the block at once
    chromium.wait_for(frame_with(":params", ("平壌",)), ":params frame")
    chromium.click(f"pre[data-query={QUERY}] i")
    result = chromium.wait_for(frame_with(query_start, PYONGYANG_VISITORS), f"{QUERY} result with every visitor")
    time.sleep(0.5)  # let the table finish painting
    chromium.screenshot(SCREENSHOT)

    assert "ERROR" not in result
    assert_not_blank(SCREENSHOT)

    # queries/style.grass, then the guide's network query: people in their colour, captioned by name.
    chromium.type_into(".monaco-editor textarea", f":style {guide_url}/style.grass")
    chromium.click("[data-testid=editor-Run]")
    chromium.wait_for(frame_with(":style", ("node.Person",)), ":style frame")
    chromium.click("[data-testid=carousel] li[aria-label='1']")
    chromium.wait_for("document.querySelector('pre[data-query=network] i')", "network block")
    chromium.click("pre[data-query=network] i")
    person = re.search(r"node\.Person\s*\{[^}]*?\bcolor:\s*(#[0-9A-Fa-f]{6})", STYLE.read_text(encoding="utf-8"))
    assert person, "style.grass gives people no colour"
    chromium.wait_for(
        "(() => { const svg = [...document.querySelectorAll('svg')];"
        f" return svg.some(s => [...s.querySelectorAll('circle')].some(c => c.getAttribute('fill') === {json.dumps(person.group(1))}))"
        "   && svg.some(s => [...s.querySelectorAll('text')].some(t => t.textContent.trim() === '平壌')); })()",
        "graph with styled people and a 平壌 caption",
    )
    time.sleep(2)  # the force layout settles
    chromium.screenshot(GRAPH_SCREENSHOT)
    assert_not_blank(GRAPH_SCREENSHOT)


def assert_not_blank(path: Path) -> None:
    image = Image.open(path).convert("RGB")
    assert image.size == (WIDTH, HEIGHT)
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 200, f"{path} is (nearly) blank"
