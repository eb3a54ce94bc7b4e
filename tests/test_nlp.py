"""Chunking under SudachiPy's byte limit keeps offsets into the original text."""

import pytest

from kankei.extract.nlp import MAX_CHUNK_BYTES, _batches, load_nlp, sentences, split_chunks


def test_short_text_is_one_chunk():
    assert [(c.text, c.offset) for c in split_chunks("あいう")] == [("あいう", 0)]


def test_long_text_is_cut_at_line_ends_with_offsets():
    para = "ロシアのプーチン大統領が平壌に到着した。" * 400 + "\n"
    text = para * 5
    chunks = split_chunks(text)
    assert len(chunks) > 1
    for c in chunks:
        assert len(c.text.encode("utf-8")) <= MAX_CHUNK_BYTES
        assert text[c.offset:c.offset + len(c.text)] == c.text
    assert "".join(c.text for c in chunks) == text


def test_a_single_overlong_line_is_cut_too():
    text = "あ" * 60_000  # no line end, no sentence end
    chunks = split_chunks(text)
    assert all(len(c.text.encode("utf-8")) <= MAX_CHUNK_BYTES for c in chunks)
    assert "".join(c.text for c in chunks) == text


def test_batches_are_capped_by_characters_as_well_as_by_count():
    # A long article's chunks are parsed a few at a time (memory grows with the tokens in a batch),
    # while short articles still fill whole batches; nothing is lost or reordered.
    items = [("あ" * 9_000, 0), ("い" * 9_000, 1), ("う" * 9_000, 2), ("え" * 30_000, 3), ("お" * 10, 4)]
    batches = list(_batches(iter(items), size=16, max_chars=20_000))
    assert [[i for _, i in b] for b in batches] == [[0, 1], [2], [3], [4]]
    short = [("か" * 100, i) for i in range(40)]
    assert [len(b) for b in _batches(iter(short), size=16, max_chars=20_000)] == [16, 16, 8]


@pytest.mark.ginza
def test_sentences_split_at_punctuation_and_line_ends():
    doc = load_nlp()("北朝鮮のノ・グァンチョル国防相やチョン・ギョンテク人民軍総政治局長、アレクサンドル・マツェゴラ駐朝ロシア大使らの"
                     "歓送を受けた。\n見出し\n次の文。")
    assert [s.text for s in sentences(doc)] == [
        "北朝鮮のノ・グァンチョル国防相やチョン・ギョンテク人民軍総政治局長、アレクサンドル・マツェゴラ駐朝ロシア大使らの歓送を受けた。",
        "見出し", "次の文。"]


@pytest.mark.ginza
def test_parse_chunks_keeps_texts_apart_across_one_stream():
    from kankei.extract.nlp import parse_chunks

    long = "両国は協力を強化している。\n" * 3000  # several chunks
    texts = ["平壌に到着した。", "", long, "会談した。"]
    parsed = list(parse_chunks(texts, batch_size=2))
    assert len(parsed) == 4
    assert parsed[1] == []
    assert [d.text for d, _ in parsed[0]] == ["平壌に到着した。"]
    assert len(parsed[2]) > 1
    assert "".join(d.text for d, _ in parsed[2]) == long
    assert [off for _, off in parsed[2]][0] == 0
    assert [d.text for d, _ in parsed[3]] == ["会談した。"]
