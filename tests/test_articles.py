"""The corpus reader: seeds, front matter, JSONL, encodings, folder walking and problem reports."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import itertools
import json
import logging
import struct
import zlib
from pathlib import Path

import pytest

from kankei.articles import ReadReport, parse_published, read_articles
from kankei.errors import CorpusReadError
from kankei.extract.nlp import MAX_CHUNK_BYTES, split_chunks
from kankei.types import Article

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

JA = ("ロシアのプーチン大統領は19日、北朝鮮の平壌を訪問し、金正恩総書記と会談した。\n"
      "両首脳は「包括的戦略パートナーシップ条約」に署名した。ショイグ安全保障会議書記も同行した。\n")
TRIED = "tried utf-8, cp932, shift-jis-2004, euc-jp, euc-jis-2004"


def read(paths, **kwargs) -> tuple[list[Article], ReadReport]:
    """Read with a report and a problem collector; every problem must be one line naming a path."""
    report = ReadReport()
    problems: list[CorpusReadError] = []
    articles = list(read_articles(paths, on_problem=problems.append, report=report, **kwargs))
    assert report.problems == problems
    for p in problems:
        assert "\n" not in str(p) and "\r" not in str(p)
        assert str(p).startswith(p.path)
    return articles, report


def messages(report: ReadReport) -> list[str]:
    return [str(p) for p in report.problems]


def png_bytes() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def front(text: str, **meta: str) -> str:
    lines = "".join(f"{k}: {v}\n" for k, v in meta.items())
    return f"---\n{lines}---\n{text}"


# --------------------------------------------------------------------------- seeds


SEED_PUBLISHED = {
    "000_670e7b2955f43f4a": dt.date(2024, 6, 19),
    "001_c73a4b2870458b57": dt.date(2023, 9, 11),
    "002_519a2c083e35e509": dt.date(2024, 3, 26),
    "003_4edb4471bd7939ee": dt.date(2024, 12, 2),
    "004_acd389dd8f923f85": dt.date(2024, 6, 18),
}


def test_seed_corpus_is_read_with_metadata_and_body_verbatim():
    articles, report = read([CORPUS])
    # corpus/gold/*.jsonl would be five broken articles (no text): the walk must not enter gold/.
    assert report.problems == []
    assert report.summary() == "5 articles read, 0 skipped"
    assert [a.id for a in articles] == sorted(SEED_PUBLISHED)
    assert {a.id: a.published for a in articles} == SEED_PUBLISHED
    sources = {a.id: a.source for a in articles}
    assert sources["001_c73a4b2870458b57"] == "NHK"
    assert sources["002_519a2c083e35e509"] == "Valdai Club"
    for article in articles:
        file = CORPUS / f"{article.id}.txt"
        raw = file.read_text(encoding="utf-8")
        body_start = raw.index("\n---\n", 3) + len("\n---\n")
        assert article.text == raw[body_start:]
        assert article.title in article.text  # each seed repeats its headline in its text
        assert article.path == str(file)
    seed = articles[0]
    assert seed.title == "ホーム Fuji ロシアのプーチン大統領、弾薬を求めて北朝鮮に到着"
    sentence = "ロシアのプーチン大統領と北朝鮮の金正恩委員長は、2024年6月19日に北朝鮮の平壌で会談した。"
    start = seed.text.index(sentence)
    assert seed.text[start:start + len(sentence)] == sentence


def test_a_single_path_may_be_given_instead_of_a_list():
    articles, _ = read(str(CORPUS / "001_c73a4b2870458b57.txt"))
    assert [a.id for a in articles] == ["001_c73a4b2870458b57"]


# --------------------------------------------------------------------------- encodings


def _with_bom(bom: bytes, codec: str):
    return lambda s: bom + s.encode(codec)


ENCODERS = {
    "utf-8": lambda s: s.encode("utf-8"),
    "utf-8 BOM": lambda s: s.encode("utf-8-sig"),
    "utf-16-le BOM": _with_bom(codecs.BOM_UTF16_LE, "utf-16-le"),
    "utf-16-be BOM": _with_bom(codecs.BOM_UTF16_BE, "utf-16-be"),
    "shift_jis (cp932)": lambda s: s.encode("cp932"),
    "euc-jp": lambda s: s.encode("euc_jp"),
    "iso-2022-jp": lambda s: s.encode("iso2022_jp"),
}
# What the reader says of each: UTF-8 is expected, anything else is read and reported.
ENCODING_NOTES = {
    "utf-8": [],
    "utf-8 BOM": [],
    "utf-16-le BOM": ["not UTF-8: decoded as UTF-16 (byte-order mark); read"],
    "utf-16-be BOM": ["not UTF-8: decoded as UTF-16 (byte-order mark); read"],
    "shift_jis (cp932)": ["not UTF-8: decoded as Shift_JIS (cp932); read"],
    "euc-jp": ["not UTF-8: decoded as EUC-JP; read"],
    "iso-2022-jp": ["not UTF-8: decoded as ISO-2022-JP; read"],
}


def reasons(report: ReadReport) -> list[str]:
    return [p.reason for p in report.problems]


@pytest.mark.parametrize("encoding", list(ENCODERS))
def test_encodings_are_detected_and_front_matter_read(tmp_path, encoding):
    file = tmp_path / "enc.txt"
    file.write_bytes(ENCODERS[encoding](front(JA, title="日本語の題", published="2024年6月19日")))
    articles, report = read([file])
    assert reasons(report) == ENCODING_NOTES[encoding]
    [article] = articles
    assert article.text == JA  # BOM gone, nothing else touched
    assert article.title == "日本語の題"
    assert article.published == dt.date(2024, 6, 19)


def test_euc_jp_bytes_that_also_decode_as_cp932_are_read_as_euc_jp(tmp_path):
    text = "北朝鮮の金正恩総書記は、ロシアのプーチン大統領と会談した。\n"
    data = text.encode("euc_jp")
    assert data.decode("cp932") != text  # the trap is real: strict cp932 accepts these bytes
    file = tmp_path / "euc.txt"
    file.write_bytes(data)
    [article], report = read([file])
    assert article.text == text and reasons(report) == ["not UTF-8: decoded as EUC-JP; read"]


@pytest.mark.parametrize("codec", ["cp932", "euc_jp"])
def test_real_seed_text_in_legacy_encodings_round_trips(tmp_path, codec):
    raw = (CORPUS / "001_c73a4b2870458b57.txt").read_text(encoding="utf-8")
    expected = raw.encode(codec, "replace").decode(codec)  # what the codec can carry of the seed
    other = "euc_jp" if codec == "cp932" else "cp932"
    with contextlib.suppress(UnicodeDecodeError):  # the other codec must not give the same text
        assert raw.encode(codec, "replace").decode(other) != expected
    file = tmp_path / "seed.txt"
    file.write_bytes(raw.encode(codec, "replace"))
    [article], report = read([file])
    assert reasons(report) == [ENCODING_NOTES["shift_jis (cp932)" if codec == "cp932" else "euc-jp"][0]]
    assert article.id == "001_c73a4b2870458b57"
    assert article.published == dt.date(2023, 9, 11)
    assert article.text == expected[expected.index("\n---\n", 3) + 5:]


@pytest.mark.parametrize(
    ("name", "data", "detail"),
    [
        ("photo.txt", png_bytes(), "NUL bytes"),
        ("nul.txt", "本文\x00の途中にNUL".encode(), "NUL bytes"),
        ("garbage.md", b"\x80\xff\x80\xff\xfe\xfd", ""),
        ("control.txt", bytes(range(1, 32)) * 20, ""),
    ],
)
def test_binary_and_undecodable_files_are_reported_and_skipped(tmp_path, name, data, detail):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(JA, encoding="utf-8")
    articles, report = read([tmp_path])
    assert [a.id for a in articles] == ["good"]
    [message] = messages(report)
    assert message.startswith(f"{tmp_path / name}: not text / undecodable")
    assert detail in message
    assert message.endswith(f"({TRIED}); skipped")
    assert report.summary() == "1 article read, 1 skipped"


def test_bom_followed_by_invalid_bytes_is_undecodable(tmp_path):
    file = tmp_path / "bad-bom.txt"
    file.write_bytes(codecs.BOM_UTF8 + b"\xff\xfe\x80")
    _, report = read([file])
    assert messages(report) == [f"{file}: not text / undecodable: byte-order mark not followed by valid text "
                                "(tried utf-8-sig); skipped"]


# --------------------------------------------------------------------------- text kept verbatim


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings_and_characters_are_kept_verbatim(tmp_path, newline):
    body = newline.join(["ｶﾀｶﾅと２０２４年の全角数字。", "", "プーチン大統領が平壌を訪問した。", "末尾"])
    body += newline
    head = newline.join(["---", "id: verbatim", "published: 2024-06-19", "---", ""])
    file = tmp_path / "v.txt"
    file.write_bytes((head + body).encode("utf-8"))
    [article], report = read([file])
    assert report.problems == []
    assert article.id == "verbatim" and article.published == dt.date(2024, 6, 19)
    assert article.text == body  # no newline translation, no NFKC
    assert article.text.count(newline) == body.count(newline)
    assert article.text.index("平壌") == (head + body).index("平壌") - len(head)


def test_markdown_and_upper_case_suffix_are_articles(tmp_path):
    (tmp_path / "a.md").write_text(front("# 見出し\n本文。\n", id="md-1"), encoding="utf-8")
    (tmp_path / "b.TXT").write_text("大文字の拡張子。\n", encoding="utf-8")
    articles, report = read([tmp_path])
    assert [(a.id, a.text) for a in articles] == [("md-1", "# 見出し\n本文。\n"), ("b", "大文字の拡張子。\n")]
    assert report.problems == []


# --------------------------------------------------------------------------- front matter


def test_invalid_yaml_front_matter_is_reported_and_the_article_kept(tmp_path):
    file = tmp_path / "broken.txt"
    file.write_text("---\nid: broken-yaml\ntitle: 速報: 首相が訪米\npublished: 2024/06/19\n---\n"
                    "本文。首相が訪米した。\n", encoding="utf-8")
    [article], report = read([file])
    assert article.text == "本文。首相が訪米した。\n"
    assert article.id == "broken-yaml"
    assert (article.title, article.published) == ("速報: 首相が訪米", dt.date(2024, 6, 19))
    [problem] = report.problems
    assert problem.line == 3  # the title line of the file
    assert str(problem) == (f"{file}:3: invalid YAML front matter (mapping values are not allowed here); "
                            "read the text after it, metadata id, title, published taken from its simple "
                            "'key: value' lines")
    assert report.summary() == "1 article read, 0 skipped"


def test_invalid_yaml_with_nothing_to_salvage_uses_defaults(tmp_path):
    file = tmp_path / "nothing.txt"
    file.write_text("---\n[unclosed\n---\n本文。\n", encoding="utf-8")
    [article], report = read([file])
    assert (article.id, article.title, article.text) == ("nothing", None, "本文。\n")
    [message] = messages(report)
    assert message.startswith(f"{file}:")
    assert "invalid YAML front matter" in message and message.endswith("no metadata kept")


@pytest.mark.parametrize(("raw", "got"), [("---\n- a\n- b\n---\n本文。\n", "list"),
                                          ("---\n区切り線の間の段落。\n---\n本文。\n", "str")])
def test_a_dashed_block_that_is_not_a_mapping_is_kept_as_text(tmp_path, raw, got):
    file = tmp_path / "rule.md"
    file.write_text(raw, encoding="utf-8")
    [article], report = read([file])
    assert (article.id, article.text) == ("rule", raw)
    assert messages(report) == [f"{file}:1: the '---' block at the top is not a mapping of keys (got {got}), "
                                "so no front matter; read the whole file as text"]


def test_unclosed_front_matter_reads_the_whole_file(tmp_path):
    file = tmp_path / "open.txt"
    raw = "---\nid: x\n本文。\n"
    file.write_text(raw, encoding="utf-8")
    [article], report = read([file])
    assert (article.id, article.text) == ("open", raw)
    assert messages(report) == [f"{file}:1: front matter opened by '---' on line 1 is never closed "
                                "by a '---' line; read the whole file as text"]


def test_front_matter_values_are_taken_as_written(tmp_path):
    file = tmp_path / "f.txt"
    file.write_text(front("本文。\n", id="000123", title="yes", source="2024", url="https://example.org/a",
                          other="ignored"), encoding="utf-8")
    [article], report = read([file])
    assert report.problems == []
    assert (article.id, article.title, article.source, article.url) == (
        "000123", "yes", "2024", "https://example.org/a")  # not YAML's octal 83 and True


def test_empty_front_matter_and_non_text_values(tmp_path):
    (tmp_path / "empty-fm.txt").write_text("---\n---\n本文。\n", encoding="utf-8")
    (tmp_path / "list-title.txt").write_text(front("本文二。\n", title="[a, b]"), encoding="utf-8")
    articles, report = read([tmp_path])
    assert [(a.id, a.title, a.text) for a in articles] == [("empty-fm", None, "本文。\n"),
                                                           ("list-title", None, "本文二。\n")]
    assert messages(report) == [f"{tmp_path / 'list-title.txt'}: 'title' is not text (got list); ignored"]


def test_unparseable_published_is_reported_and_the_article_kept(tmp_path):
    file = tmp_path / "p.txt"
    file.write_text(front(JA, published="来週"), encoding="utf-8")
    [article], report = read([file])
    assert article.published is None and article.text == JA
    assert messages(report) == [f"{file}: published '来週' is not a date "
                                "(expected e.g. 2024-06-19, 2024/06/19 or 2024年6月19日); read without it"]
    assert report.summary() == "1 article read, 0 skipped"


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2024, 6, 19), dt.datetime(2024, 6, 19, 23, 59), "2024-06-19", "20240619", "2024/06/19",
        "2024/6/19", "2024.6.19", "2024年6月19日", "2024年6月19日(水)", "２０２４年６月１９日（水）",
        "2024-06-19T09:30:00+09:00", "2024-06-19 09:30", "2024-06-19T00:30:00Z", "令和6年6月19日",
        "Wed, 19 Jun 2024 09:30:00 +0900", " 2024-06-19 ",
    ],
)
def test_parse_published_accepts(value):
    assert parse_published(value) == dt.date(2024, 6, 19)


@pytest.mark.parametrize(
    "value", ["来週", "2024年6月", "2024-02-30", "19/06/2024x", 20240619, ["2024-06-19"]])
def test_parse_published_rejects(value):
    with pytest.raises(ValueError):
        parse_published(value)


def test_impossible_yaml_date_is_reported_once_not_raised(tmp_path):
    file = tmp_path / "feb30.txt"
    file.write_text(front(JA, id="feb30", published="2024-02-30"), encoding="utf-8")
    [article], report = read([file])
    assert (article.id, article.published, article.text) == ("feb30", None, JA)
    assert messages(report) == [f"{file}: published '2024-02-30' is not a date "
                                "(expected e.g. 2024-06-19, 2024/06/19 or 2024年6月19日); read without it"]


def test_parse_published_empty_is_none():
    assert parse_published(None) is None and parse_published("  ") is None


# --------------------------------------------------------------------------- JSONL


def test_jsonl_broken_lines_are_reported_with_line_numbers_and_the_rest_read(tmp_path):
    file = tmp_path / "feed.jsonl"
    lines = [
        '{"id": "a", "text": "一行目の記事。", "title": "題A", "source": "NHK", "published": "2024-06-19"}',
        '{"id": "b", "text": "壊れ',
        "",
        '["not", "an", "object"]',
        '{"id": "c"}',
        '{"id": "d", "text": "  "}',
        '{"id": "e", "text": 42}',
        '{"text": "idなしの記事。", "published": "2024/06/18"}',
        '{"id": "f", "text": "改行でない区切り\u2028を含む本文。", "published": "来週"}',
    ]
    file.write_bytes("\r\n".join(lines).encode("utf-8") + b"\r\n")
    articles, report = read([file])
    assert [(a.id, a.path, a.published) for a in articles] == [
        ("a", f"{file}:1", dt.date(2024, 6, 19)),
        ("feed:8", f"{file}:8", dt.date(2024, 6, 18)),
        ("f", f"{file}:9", None),
    ]
    assert articles[0].text == "一行目の記事。" and articles[0].title == "題A" and articles[0].source == "NHK"
    assert articles[2].text == "改行でない区切り\u2028を含む本文。"
    found = messages(report)
    assert found[0] == f"{file}:2: invalid JSON (Unterminated string starting at: column 21); skipped"
    assert found[1:] == [
        f"{file}:4: not a JSON object (got array); skipped",
        f"{file}:5: no 'text' key; skipped",
        f"{file}:6: empty article; skipped",
        f"{file}:7: 'text' is not a string (got number); skipped",
        f"{file}:9: published '来週' is not a date (expected e.g. 2024-06-19, 2024/06/19 or 2024年6月19日); "
        "read without it",
    ]
    assert [p.line for p in report.problems] == [2, 4, 5, 6, 7, 9]
    assert report.summary() == "3 articles read, 5 skipped"


def test_empty_jsonl_file_is_reported(tmp_path):
    file = tmp_path / "empty.jsonl"
    file.write_text("\n\n", encoding="utf-8")
    _, report = read([file])
    assert messages(report) == [f"{file}: empty file; skipped"]


# --------------------------------------------------------------------------- empty and duplicate articles


@pytest.mark.parametrize(
    "content", [b"", b"  \n\t\r\n", "\u3000\n".encode(), front(" \n\n", id="only-front").encode()],
    ids=["empty", "whitespace", "ideographic-space", "front-matter-only"],
)
def test_empty_article_is_reported_and_skipped(tmp_path, content):
    file = tmp_path / "empty.txt"
    file.write_bytes(content)
    articles, report = read([file])
    assert articles == []
    assert messages(report) == [f"{file}: empty article; skipped"]
    assert report.summary() == "0 articles read, 1 skipped"


def test_duplicate_ids_name_both_files_and_the_second_is_skipped(tmp_path):
    one, two, feed = tmp_path / "a" / "one.txt", tmp_path / "b" / "two.txt", tmp_path / "c" / "feed.jsonl"
    for f in (one, two, feed):
        f.parent.mkdir()
    one.write_text(front("最初の記事。\n", id="dup"), encoding="utf-8")
    two.write_text(front("二つ目の記事。\n", id="dup"), encoding="utf-8")
    feed.write_text('{"id": "ok", "text": "別の記事。"}\n{"id": "dup", "text": "三つ目。"}\n',
                    encoding="utf-8")
    articles, report = read([tmp_path])
    assert [(a.id, a.text) for a in articles] == [("dup", "最初の記事。\n"), ("ok", "別の記事。")]
    assert messages(report) == [
        f"{two}: duplicate id 'dup', already read from {one}; skipped",
        f"{feed}:2: duplicate id 'dup', already read from {one}; skipped",
    ]
    assert report.summary() == "2 articles read, 2 skipped"


def test_the_same_file_reached_twice_is_read_once(tmp_path):
    file = tmp_path / "once.txt"
    file.write_text(JA, encoding="utf-8")
    articles, report = read([tmp_path, file, tmp_path / "." / "once.txt"])
    assert [a.id for a in articles] == ["once"] and report.problems == []


# --------------------------------------------------------------------------- walking folders


def test_non_article_files_are_ignored_silently_in_a_walk(tmp_path):
    (tmp_path / "gazetteer.tsv").write_text("平壌\tPlace\n", encoding="utf-8")
    (tmp_path / "aliases.csv").write_text("金正恩,キム・ジョンウン\n", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(png_bytes())
    (tmp_path / "meta.json").write_text('{"id": "x", "text": "not read"}', encoding="utf-8")
    (tmp_path / "README").write_text("not an article\n", encoding="utf-8")
    (tmp_path / "article.txt").write_text(JA, encoding="utf-8")
    articles, report = read([tmp_path])
    assert [a.id for a in articles] == ["article"]
    assert report.problems == [] and report.summary() == "1 article read, 0 skipped"


def test_a_non_article_file_named_explicitly_is_reported(tmp_path):
    file = tmp_path / "gazetteer.tsv"
    file.write_text("平壌\tPlace\n", encoding="utf-8")
    articles, report = read([file])
    assert articles == []
    assert messages(report) == [f"{file}: not an article file (kankei reads .txt, .md and .jsonl); skipped"]


def test_gold_and_hidden_entries_are_skipped_in_a_walk_but_read_when_named(tmp_path):
    for rel in ["a.txt", ".hidden.txt", ".git/x.txt", "gold/g.txt", "sub/gold/g2.txt", "sub/ok.md"]:
        file = tmp_path / rel
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(f"{rel} の本文。\n", encoding="utf-8")
    (tmp_path / "gold" / "facts.jsonl").write_text('{"relation": "MET"}\n', encoding="utf-8")
    articles, report = read([tmp_path])
    assert [a.id for a in articles] == ["a", "ok"] and report.problems == []
    articles, report = read([tmp_path / "gold" / "g.txt", tmp_path / ".hidden.txt"])
    assert [a.id for a in articles] == ["g", ".hidden"] and report.problems == []
    articles, _ = read([tmp_path / "sub" / "gold"])  # a folder named explicitly is walked
    assert [a.id for a in articles] == ["g2"]


def test_a_corpus_folders_own_documentation_is_no_article_unless_named(tmp_path):
    for name in ["README.md", "readme.txt", "LICENSE.md", "sub/Readme.md", "readme-news.md", "a.txt"]:
        file = tmp_path / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(f"{name} の本文。\n", encoding="utf-8")
    articles, report = read([tmp_path])
    assert [a.id for a in articles] == ["a", "readme-news"] and report.problems == []
    articles, _ = read([tmp_path / "README.md"])
    assert [a.id for a in articles] == ["README"]


def test_walk_order_is_sorted_and_argument_order_kept(tmp_path):
    for rel in ["b.txt", "a.txt", "sub/d.txt", "sub/c.jsonl", "aa/e.md"]:
        file = tmp_path / rel
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text('{"text": "記事。"}\n' if rel.endswith(".jsonl") else "記事。\n", encoding="utf-8")
    articles, _ = read([tmp_path])
    assert [a.id for a in articles] == ["a", "b", "e", "c:1", "d"]
    articles, _ = read([tmp_path / "b.txt", tmp_path / "a.txt"])
    assert [a.id for a in articles] == ["b", "a"]


def test_missing_path_is_reported_and_reading_continues(tmp_path):
    missing = tmp_path / "nope"
    good = tmp_path / "good.txt"
    good.write_text(JA, encoding="utf-8")
    articles, report = read([missing, good])
    assert [a.id for a in articles] == ["good"]
    assert messages(report) == [f"{missing}: no such file or folder; skipped"]
    assert report.summary() == "1 article read, 1 skipped"


def test_problems_are_logged_when_no_callback_is_given(tmp_path, caplog):
    file = tmp_path / "empty.txt"
    file.write_bytes(b"")
    with caplog.at_level(logging.WARNING, logger="kankei"):
        assert list(read_articles([file])) == []
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == [
        ("kankei", logging.WARNING, f"{file}: empty article; skipped")]


# --------------------------------------------------------------------------- size


@pytest.mark.parametrize("codec", ["utf-8", "euc_jp"])
def test_a_5_mb_article_is_read_whole(tmp_path, codec):
    body = JA * (5_000_000 // len(JA.encode(codec)) + 1) + "最後の文。"
    file = tmp_path / "big.txt"
    file.write_bytes(front(body, id="big").encode(codec))
    assert file.stat().st_size > 5_000_000
    [article], report = read([file])
    assert reasons(report) == ([] if codec == "utf-8" else ["not UTF-8: decoded as EUC-JP; read"])
    assert len(article.text) == len(body) and article.text == body
    assert article.text.endswith("最後の文。")
    # What the parser gets: ~130 pieces under SudachiPy's limit that tile the text, so offsets survive.
    chunks = split_chunks(article.text)
    assert len(chunks) > 100 and all(len(c.text.encode("utf-8")) <= MAX_CHUNK_BYTES < 49_149 for c in chunks)
    assert [c.offset for c in chunks] == list(itertools.accumulate([0] + [len(c.text) for c in chunks[:-1]]))
    assert "".join(c.text for c in chunks) == article.text


# --------------------------------------------------------------------------- text kankei reads poorly


def test_an_english_article_is_read_and_reported(tmp_path):
    file = tmp_path / "english.txt"
    file.write_text(front("Russian President Vladimir Putin visited Pyongyang on June 19 and met Kim Jong Un.\n",
                          published="2024-06-20"), encoding="utf-8")
    [article], report = read([file])
    assert article.text.startswith("Russian President")
    assert reasons(report) == ["no Japanese text (kankei's rules read Japanese); read, expect few or no facts"]
    assert (report.read, report.skipped) == (1, 0)


def test_japanese_with_english_quotes_is_not_reported(tmp_path):
    file = tmp_path / "mixed.txt"
    file.write_text("プーチン大統領は「We will win」と述べた。NATO (North Atlantic Treaty Organization) も反発した。\n",
                    encoding="utf-8")
    _, report = read([file])
    assert report.problems == []


def test_a_long_body_without_a_japanese_sentence_end_is_read_and_reported(tmp_path):
    body = "プーチン大統領は19日に平壌を訪問し金正恩総書記と会談した\n" * 5  # no 。 anywhere
    (tmp_path / "noend.txt").write_text(body, encoding="utf-8")
    (tmp_path / "headline.txt").write_text("プーチン大統領が平壌を訪問\n", encoding="utf-8")  # short: fine
    articles, report = read([tmp_path])
    assert [a.text for a in articles] == ["プーチン大統領が平壌を訪問\n", body]  # sorted by file name
    assert messages(report) == [f"{tmp_path / 'noend.txt'}: no Japanese sentence end (。！？); read, "
                                "sentences cut at line ends only"]


def test_a_facts_file_among_articles_is_reported_once_and_skipped(tmp_path):
    fact = {"article": "a", "relation": "MET", "subject": {}, "object": {}, "evidence": {}}
    (tmp_path / "facts.jsonl").write_text((json.dumps(fact) + "\n") * 1000, encoding="utf-8")
    (tmp_path / "x.txt").write_text(JA, encoding="utf-8")
    articles, report = read([tmp_path])
    assert [a.id for a in articles] == ["x"]
    assert messages(report) == [f"{tmp_path / 'facts.jsonl'}: a kankei facts file, not articles "
                                "(load it with 'kankei load'); skipped"]
    assert (report.read, report.skipped) == (1, 1)
