"""The extraction benchmark in quick mode: it runs end to end and writes a well-formed result (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.ginza

ROOT = Path(__file__).resolve().parent.parent


def test_quick_benchmark_writes_positive_rates(tmp_path: Path) -> None:
    out = tmp_path / "extract_bench.json"
    # The default data: Wikinews when ../shared is there, the seed articles of a fresh clone otherwise.
    run = subprocess.run([sys.executable, "bench/extract_bench.py", "--quick", "--limit", "6", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    n = result["sample"]["articles"]
    assert 1 <= n <= 6 and result["sample"]["chars"] > 0
    assert set(result["systems"]) == {"ginza", "ginza-kankei", "kankei-w1", "kankei-w2"}
    for name, s in result["systems"].items():
        assert s["articles"] == n, name
        assert s["chars"] == result["sample"]["chars"], name
        assert s["articles_per_second"] > 0 and s["chars_per_second"] > 0 and s["chars_per_cpu_second"] > 0, name
        assert s["peak_mb"] > 0 and len(s["rss_max_mb_by_tenth"]) == 10, name
    assert result["systems"]["kankei-w2"]["worker_processes"] >= 1
    assert result["systems"]["kankei-w1"]["failed"] == 0
    assert result["ratios"]["kankei_vs_ginza"] > 0 and result["ratios"]["workers2_speedup"] > 0
    assert set(result["ratios"]["targets"]) == {"kankei_vs_ginza", "workers2_speedup", "worker_peak_vs_ginza"}
    assert result["machine"]["nproc"] >= 1 and result["machine"]["spacy"]
    assert "profile" not in result  # quick mode does not profile
