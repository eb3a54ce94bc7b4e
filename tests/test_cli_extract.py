"""``kankei extract`` on bad input: a clear message naming the file, the rest still processed."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kankei.articles import read_articles
from kankei.cli import cli

pytestmark = pytest.mark.ginza

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "003_4edb4471bd7939ee.txt"
SENTENCE = "北朝鮮の金正恩国務委員長が訪朝したロシアのアンドレイ・ベロウソフ国防相と29日に面会した。"


LONG_FILLER = "両国は協力を強化している。" * 1500 + "\n"  # ~58 KB: over SudachiPy's 49,149-byte limit
PUBLISHED = "---\npublished: 2024-12-02\n---\n"


@pytest.fixture
def messy_corpus(tmp_path):
    """One good seed and every kind of bad input a scraper produces (issue 4's list)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    (corpus / "empty.txt").write_text("")
    (corpus / "blank.md").write_text("  \n\u3000\n")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (corpus / "nul.txt").write_bytes(SENTENCE.encode() + b"\x00\x00" + SENTENCE.encode())
    (corpus / "sjis.txt").write_bytes((PUBLISHED + SENTENCE).encode("cp932"))
    (corpus / "eucjp.txt").write_bytes((PUBLISHED + SENTENCE).encode("euc_jp"))
    (corpus / "utf16.txt").write_bytes((PUBLISHED + SENTENCE).encode("utf-16"))  # with its BOM
    (corpus / "crlf.txt").write_bytes((PUBLISHED + "見出し\n\n" + SENTENCE + "\n").replace("\n", "\r\n").encode())
    (corpus / "cr.txt").write_bytes((PUBLISHED + "見出し\n\n" + SENTENCE + "\n").replace("\n", "\r").encode())
    (corpus / "long.txt").write_text(PUBLISHED + LONG_FILLER + SENTENCE + "\n" + LONG_FILLER, encoding="utf-8")
    (corpus / "front.md").write_text("---\ntitle: [unclosed\npublished: 2024-12-02\n---\n" + SENTENCE)
    (corpus / "baddate.txt").write_text("---\npublished: 去年の暮れ\n---\n" + SENTENCE)
    lines = [json.dumps({"id": "j1", "text": SENTENCE, "published": "2024-12-02"}, ensure_ascii=False),
             "{not json", json.dumps({"id": "j3", "text": SENTENCE, "published": "2024-12-02"}, ensure_ascii=False)]
    (corpus / "batch.jsonl").write_text("\n".join(lines) + "\n")
    (corpus / "twin.txt").write_text("---\nid: j1\n---\n" + SENTENCE)  # the id of batch.jsonl's first line
    (corpus / "english.txt").write_text("Russia's defence minister Andrei Belousov met Kim Jong Un on Friday.\n")
    (corpus / "noend.txt").write_text(PUBLISHED + (SENTENCE.rstrip("。") + "\n") * 3)
    (corpus / "gazetteer.tsv").write_text("Person\tテスト太郎\t\n")  # data, not an article
    return corpus


def run(*args):
    return CliRunner().invoke(cli, ["extract", *map(str, args), "--quiet"])


# file (or file:line) → what its one-line message must say; the seed and gazetteer.tsv get none.
EXPECTED_MESSAGES = {
    "empty.txt": "empty article; skipped",
    "blank.md": "empty article; skipped",
    "image.txt": "not text / undecodable: NUL bytes",
    "nul.txt": "not text / undecodable: NUL bytes",
    "sjis.txt": "not UTF-8: decoded as Shift_JIS (cp932); read",
    "eucjp.txt": "not UTF-8: decoded as EUC-JP; read",
    "utf16.txt": "not UTF-8: decoded as UTF-16 (byte-order mark); read",
    "front.md": "invalid YAML front matter",
    "baddate.txt": "published '去年の暮れ' is not a date",
    "batch.jsonl:2": "invalid JSON",
    "twin.txt": "duplicate id 'j1', already read from",
    "english.txt": "no Japanese text",
    "noend.txt": "no Japanese sentence end",
}
PROCESSED = {"003_4edb4471bd7939ee", "sjis", "eucjp", "utf16", "crlf", "cr", "long", "front", "baddate", "j1",
             "j3", "english", "noend"}  # fmt: skip


def test_bad_inputs_are_named_and_skipped_the_rest_is_processed(messy_corpus, tmp_path):
    out = tmp_path / "facts.jsonl"
    result = run(messy_corpus, "--out", out)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for where, says in EXPECTED_MESSAGES.items():
        found = [ln for ln in lines if f"{messy_corpus / where}:" in ln]
        assert len(found) == 1, f"{where}: {found or result.output}"
        assert says in found[0], found[0]
    assert not [ln for ln in lines if "gazetteer" in ln or SEED.name in ln or "crlf" in ln or "/cr.txt" in ln]
    assert f"{len(PROCESSED)} articles processed, 6 skipped, 0 failed" in result.output

    facts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {f["article"] for f in facts} == PROCESSED - {"english"}

    def pairs(article: str) -> set[tuple[str, str, str]]:
        return {(f["relation"], f["subject"]["name"], f["object"]["name"]) for f in facts if f["article"] == article}

    # Without 。 the lines are still read as sentences and give what the punctuated sentence gives.
    assert pairs("noend") == pairs("j1") and ("MET", "金正恩", "アンドレイ・ベロウソフ") in pairs("j1")
    # Evidence offsets point into each article's text as decoded (line ends kept), chunked or not.
    texts = {a.id: a.text for a in read_articles([messy_corpus], on_problem=lambda p: None)}
    for f in facts:
        assert texts[f["article"]][f["evidence"]["start"]:f["evidence"]["end"]] == f["evidence"]["sentence"]
    long_met = [f for f in facts if f["article"] == "long" and f["relation"] == "MET"]
    assert long_met and long_met[0]["evidence"]["start"] >= len(LONG_FILLER)
    assert {f["subject"]["name"] for f in facts if f["article"] == "cr"} >= {"金正恩"}


def test_strict_exits_non_zero_when_something_was_skipped(messy_corpus, tmp_path):
    assert run(messy_corpus, "--out", tmp_path / "f.jsonl", "--strict").exit_code == 1


def test_strict_passes_on_a_clean_corpus(tmp_path):
    shutil.copy(SEED, tmp_path / SEED.name)
    assert run(tmp_path, "--out", tmp_path / "f.jsonl", "--strict").exit_code == 0


def test_two_workers_give_the_same_facts_as_one(tmp_path):
    for name in ("000_670e7b2955f43f4a.txt", "003_4edb4471bd7939ee.txt"):
        shutil.copy(ROOT / "corpus" / name, tmp_path / name)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run(tmp_path, "--out", one).exit_code == 0
    assert run(tmp_path, "--out", two, "--workers", "2").exit_code == 0
    assert sorted(one.read_text(encoding="utf-8").splitlines()) == sorted(two.read_text(encoding="utf-8").splitlines())
    assert one.read_text(encoding="utf-8")
