"""GiNZA loading and chunked parsing that keeps offsets into the original article text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = ["MAX_CHUNK_BYTES", "Chunk", "load_nlp", "split_chunks", "parse_chunks", "sentences", "doc_text"]

# SudachiPy refuses inputs over 49,149 bytes; stay well below it.
MAX_CHUNK_BYTES = 40_000
MODEL = "ja_ginza"


@dataclass(frozen=True)
class Chunk:
    """A piece of an article small enough for SudachiPy, with its offset in the article text."""

    text: str
    offset: int


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load ``ja_ginza`` once per process (the model ships inside the ``ja-ginza`` wheel)."""
    return spacy.load(MODEL)


_PARAGRAPH_END = re.compile(r"\r\n|\r|\n")


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def split_chunks(text: str, max_bytes: int = MAX_CHUNK_BYTES) -> list[Chunk]:
    """Split ``text`` at line ends into chunks under ``max_bytes``; offsets index ``text``.

    A single line longer than the limit is cut at sentence ends (。), and as a last resort
    at ``max_bytes`` boundaries, so no chunk ever exceeds the limit.

    >>> [c.offset for c in split_chunks("あ\\nい\\nう", max_bytes=7)]
    [0, 4]
    """
    if _utf8_len(text) <= max_bytes:
        return [Chunk(text, 0)] if text else []
    pieces: list[tuple[int, int]] = []
    start = 0
    for m in _PARAGRAPH_END.finditer(text):
        pieces.append((start, m.end()))
        start = m.end()
    if start < len(text):
        pieces.append((start, len(text)))
    chunks: list[Chunk] = []
    cur_start, cur_end, cur_bytes = 0, 0, 0
    for p_start, p_end in _split_oversized(text, pieces, max_bytes):
        size = _utf8_len(text[p_start:p_end])
        if cur_end > cur_start and cur_bytes + size > max_bytes:
            chunks.append(Chunk(text[cur_start:cur_end], cur_start))
            cur_start, cur_bytes = p_start, 0
        cur_end = p_end
        cur_bytes += size
    if cur_end > cur_start:
        chunks.append(Chunk(text[cur_start:cur_end], cur_start))
    return chunks


def _split_oversized(text: str, pieces: list[tuple[int, int]], max_bytes: int) -> Iterator[tuple[int, int]]:
    for start, end in pieces:
        if _utf8_len(text[start:end]) <= max_bytes:
            yield start, end
            continue
        # Cut at sentence ends first, then hard-cut what is still too long.
        pos = start
        for m in re.finditer(r"[。！？!?]", text[start:end]):
            cut = start + m.end()
            if _utf8_len(text[pos:cut]) > max_bytes // 2:
                yield from _hard_cut(text, pos, cut, max_bytes)
                pos = cut
        if pos < end:
            yield from _hard_cut(text, pos, end, max_bytes)


def _hard_cut(text: str, start: int, end: int, max_bytes: int) -> Iterator[tuple[int, int]]:
    pos = start
    while pos < end:
        stop, size = pos, 0
        while stop < end and size + _utf8_len(text[stop]) <= max_bytes:
            size += _utf8_len(text[stop])
            stop += 1
        yield pos, stop
        pos = stop


def parse_chunks(texts: Iterable[str], nlp: Language | None = None, batch_size: int = 16
                 ) -> Iterator[list[tuple[Doc, int]]]:
    """Parse each text with GiNZA, yielding per text its ``(doc, offset)`` pairs in order.

    All chunks of all texts go through one ``nlp.pipe`` stream, so batches span articles.
    """
    nlp = nlp or load_nlp()
    pending: list[int] = []  # chunks still expected per text, in order

    def chunks() -> Iterator[tuple[str, int]]:
        for text in texts:
            pieces = split_chunks(text)
            pending.append(len(pieces))
            yield from ((c.text, c.offset) for c in pieces)

    current: list[tuple[Doc, int]] = []
    stream = nlp.pipe(chunks(), batch_size=batch_size, as_tuples=True)
    while True:
        # Texts with no chunks at all (empty) are answered without touching the parser.
        while pending and len(current) == pending[0]:
            pending.pop(0)
            yield current
            current = []
        try:
            doc, offset = next(stream)
        except StopIteration:
            break
        current.append((doc, offset))
    while pending:
        pending.pop(0)
        yield current
        current = []


# Sentence ends, line ends, and the ideographic space that separates a headline's phrases.
_SENTENCE = re.compile(r"[^。！？!?\r\n\u3000]+(?:[。！？!?]+[」』）)]*)?")


def sentences(doc: Doc) -> Iterator[Span]:
    """Sentences split at 。！？ and line ends.

    GiNZA's own segmentation sometimes cuts inside long enumerations (…総政治局長、アレクサンドル・
    マツェゴラ駐|朝ロシア大使…), which would separate a name from its title; punctuation and line
    ends are the boundaries Japanese news actually uses.
    """
    text = doc_text(doc)
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            yield span


def doc_text(doc: Doc) -> str:
    """``doc.text`` computed once: spaCy rebuilds the string from the tokens on every access."""
    text = doc.user_data.get("kankei_text")
    if text is None:
        text = doc.user_data["kankei_text"] = doc.text
    return text
