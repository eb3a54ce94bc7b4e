"""``kankei extract`` on bad input: a clear message naming the file, the rest still processed."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kankei.cli import cli

pytestmark = pytest.mark.ginza

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "003_4edb4471bd7939ee.txt"
SENTENCE = "北朝鮮の金正恩国務委員長が訪朝したロシアのアンドレイ・ベロウソフ国防相と29日に面会した。"


@pytest.fixture
def messy_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    (corpus / "empty.txt").write_text("")
    (corpus / "blank.md").write_text("  \n\u3000\n")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (corpus / "sjis.txt").write_bytes(("---\npublished: 2024-12-02\n---\n" + SENTENCE).encode("cp932"))
    (corpus / "front.md").write_text("---\ntitle: [unclosed\npublished: 2024-12-02\n---\n" + SENTENCE)
    lines = [json.dumps({"id": "j1", "text": SENTENCE, "published": "2024-12-02"}, ensure_ascii=False),
             "{not json", json.dumps({"id": "j3", "text": SENTENCE, "published": "2024-12-02"}, ensure_ascii=False)]
    (corpus / "batch.jsonl").write_text("\n".join(lines) + "\n")
    (corpus / "gazetteer.tsv").write_text("Person\tテスト太郎\t\n")  # data, not an article
    return corpus


def run(*args):
    return CliRunner().invoke(cli, ["extract", *map(str, args), "--quiet"])


def test_bad_inputs_are_named_and_skipped_the_rest_is_processed(messy_corpus, tmp_path):
    out = tmp_path / "facts.jsonl"
    result = run(messy_corpus, "--out", out)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()

    def message(name: str) -> str:
        found = [ln for ln in lines if name in ln]
        assert found, f"no message for {name}: {result.output}"
        return found[0]

    assert "empty" in message("empty.txt")
    assert "empty" in message("blank.md")
    assert "undecodable" in message("image.txt")
    assert "batch.jsonl:2" in message("batch.jsonl:2")
    assert "front matter" in message("front.md")
    assert "gazetteer" not in result.output
    articles = {json.loads(line)["article"] for line in out.read_text(encoding="utf-8").splitlines()}
    # The seed, the Shift_JIS article, the article with broken front matter and both good JSONL lines.
    assert articles >= {"003_4edb4471bd7939ee", "sjis", "front", "j1", "j3"}
    assert "5 articles processed, 4 skipped, 0 failed" in result.output


def test_strict_exits_non_zero_when_something_was_skipped(messy_corpus, tmp_path):
    assert run(messy_corpus, "--out", tmp_path / "f.jsonl", "--strict").exit_code == 1


def test_strict_passes_on_a_clean_corpus(tmp_path):
    shutil.copy(SEED, tmp_path / SEED.name)
    assert run(tmp_path, "--out", tmp_path / "f.jsonl", "--strict").exit_code == 0


def test_overlong_article_is_chunked_and_offsets_still_point_into_it(tmp_path):
    filler = "両国は協力を強化している。" * 1500 + "\n"  # ~58 KB: over SudachiPy's 49,149-byte limit
    text = filler + SENTENCE + "\n" + filler
    assert len(text.encode("utf-8")) > 2 * 49_149
    (tmp_path / "long.txt").write_text("---\npublished: 2024-12-02\n---\n" + text, encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    result = run(tmp_path / "long.txt", "--out", out)
    assert result.exit_code == 0, result.output
    facts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert any(f["relation"] == "MET" for f in facts)
    for f in facts:
        assert text[f["evidence"]["start"]:f["evidence"]["end"]] == f["evidence"]["sentence"]


def test_two_workers_give_the_same_facts_as_one(tmp_path):
    for name in ("000_670e7b2955f43f4a.txt", "003_4edb4471bd7939ee.txt"):
        shutil.copy(ROOT / "corpus" / name, tmp_path / name)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run(tmp_path, "--out", one).exit_code == 0
    assert run(tmp_path, "--out", two, "--workers", "2").exit_code == 0
    assert sorted(one.read_text(encoding="utf-8").splitlines()) == sorted(two.read_text(encoding="utf-8").splitlines())
    assert one.read_text(encoding="utf-8")
