"""GiNZA loading and chunked parsing that keeps offsets into the original article text.

Parsing gives exactly the annotations of spaCy's ``nlp.pipe`` but ran 3x faster on this project's
machine (2 cores, AMD family 0x1A), for three reasons measured there (``bench/ginza_speed.py``):

- thinc multiplies matrices with blis, whose wheel picks kernels from a table of CPUs it knows and
  falls back to a generic reference kernel on the others (``BLIS_ARCH_DEBUG=1`` prints ``selecting
  sub-configuration 'generic'``). ``BlasOps`` sends the products to numpy's BLAS, which detects the
  CPU at run time: tok2vec 1.8x faster.
- spaCy 3.8's compiled ``StateC::B`` takes and releases the GIL on every call, and the transition
  parsers call it from a ``nogil`` loop, once or more per valid-action check. GiNZA's NER has 758
  actions, so that round trip took half of all parsing time. ``pipe`` drives the same greedy steps
  from Python while holding the GIL, where the round trip costs next to nothing: NER 4x faster.
- A second OpenBLAS thread per process slowed parsing down on 2 shared cores: one while parsing.
"""

from __future__ import annotations

import ctypes
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import numpy
import spacy
from spacy.language import Language
from spacy.pipeline.transition_parser import Parser
from spacy.tokens import Doc, Span
from spacy.util import minibatch
from thinc.api import NumpyOps, get_current_ops, set_current_ops

__all__ = ["MAX_CHUNK_BYTES", "BATCH_SIZE", "BlasOps", "Chunk", "load_nlp", "load_model", "pipe", "split_chunks",
           "parse_chunks", "sentences", "doc_text"]

# SudachiPy refuses inputs over 49,149 bytes; stay well below it.
MAX_CHUNK_BYTES = 40_000
MODEL = "ja_ginza"
# Texts per nlp batch. Larger batches allocate arrays past glibc's mmap threshold, whose pages the
# kernel zeroes on every batch, and raise peak memory (spaCy's default of 1000 took 6.7 GB on 200
# articles); smaller ones pay the parsers' per-step overhead more often.
BATCH_SIZE = 16
# Characters per batch at most: memory grows with the tokens in a batch, and one chunk of a long
# article holds as many as a dozen short articles (16 chunks of 40 kB took 6.9 GB). A batch of 16
# typical news articles stays under it.
BATCH_CHARS = 20_000

C = TypeVar("C")


@dataclass(frozen=True)
class Chunk:
    """A piece of an article small enough for SudachiPy, with its offset in the article text."""

    text: str
    offset: int


class BlasOps(NumpyOps):
    """thinc's ``NumpyOps`` with matrix products on numpy's BLAS instead of blis.

    Products differ from blis's in the last bits of float32 (3e-6 at most in tok2vec's output);
    no annotation changed over the texts checked (``bench/ginza_speed.py --check``).
    """

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


def load_model(blas: bool = True) -> Language:
    """Load ``ja_ginza`` (it ships inside the ``ja-ginza`` wheel); ``blas`` puts it on ``BlasOps``.

    Models keep the ops current when they were built, so thinc's global choice is restored after.
    """
    if not blas:
        return spacy.load(MODEL)
    previous = get_current_ops()
    set_current_ops(BlasOps())
    try:
        return spacy.load(MODEL)
    finally:
        set_current_ops(previous)


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """``ja_ginza`` on ``BlasOps``, loaded once per process."""
    return load_model()


def pipe(nlp: Language, items: Iterable[tuple[str, C]], batch_size: int = BATCH_SIZE
         ) -> Iterator[tuple[Doc, C]]:
    """``nlp.pipe(items, as_tuples=True, batch_size=batch_size)``: the same annotations, in batches that
    also stop at ``BATCH_CHARS`` characters.

    Each batch goes through the components in order; greedy transition parsers (parser, ner) step
    from Python (``_parse_holding_gil``), every other component runs its own ``pipe``.
    """
    for batch in _batches(items, batch_size, BATCH_CHARS):
        with _one_blas_thread():
            docs = [nlp.make_doc(text) for text, _ in batch]
            for _name, proc in nlp.pipeline:
                if _steppable(proc):
                    _parser_pipe(proc, docs, batch_size)
                elif hasattr(proc, "pipe"):
                    docs = list(proc.pipe(docs, batch_size=batch_size))
                else:
                    docs = [proc(doc) for doc in docs]
        yield from zip(docs, (context for _, context in batch), strict=True)


def _batches(items: Iterable[tuple[str, C]], size: int, max_chars: int) -> Iterator[list[tuple[str, C]]]:
    """Up to ``size`` items and ``max_chars`` characters per batch (a longer text goes alone)."""
    batch: list[tuple[str, C]] = []
    chars = 0
    for item in items:
        if batch and (len(batch) == size or chars + len(item[0]) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[0])
    if batch:
        yield batch


# Symbol names: plain OpenBLAS, and the scipy-openblas build numpy's wheels bundle (64-bit integers).
_OPENBLAS_NAMES = (("openblas", ""), ("scipy_openblas", "64_"), ("scipy_openblas", ""), ("openblas", "64_"))


@lru_cache(maxsize=1)
def _openblas() -> list[tuple[Callable[[], int], Callable[[int], None]]]:
    """The thread getters and setters of every OpenBLAS this process has loaded (numpy's among them).

    Found in ``/proc/self/maps``, so on Linux only; elsewhere, or with another BLAS, nothing is changed.
    """
    try:
        with open("/proc/self/maps") as fh:
            paths = sorted({line.split()[-1] for line in fh if "openblas" in line.rsplit("/", 1)[-1].lower()})
    except OSError:
        return []
    found = []
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix, suffix in _OPENBLAS_NAMES:
            get = getattr(lib, f"{prefix}_get_num_threads{suffix}", None)
            set_ = getattr(lib, f"{prefix}_set_num_threads{suffix}", None)
            if get is not None and set_ is not None:
                found.append((get, set_))
                break
    return found


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Parse with one BLAS thread, unless ``OPENBLAS_NUM_THREADS`` says otherwise.

    A second OpenBLAS thread made parsing 1.4x slower on this project's 2 cores (and spent a third more CPU
    time spinning); parallelism comes from ``--workers`` instead.
    """
    blas = [] if "OPENBLAS_NUM_THREADS" in os.environ else _openblas()
    before = [get() for get, _ in blas]
    for _, set_ in blas:
        set_(1)
    try:
        yield
    finally:
        for (_, set_), n in zip(blas, before, strict=True):
            set_(n)


def _steppable(proc: Any) -> bool:
    return (isinstance(proc, Parser) and proc.cfg.get("beam_width", 1) == 1
            and all(hasattr(proc, a) for a in ("_ensure_labels_are_added", "transition_states", "set_annotations")))


def _parser_pipe(proc: Parser, docs: list[Doc], batch_size: int) -> None:
    # Parser.pipe's own batching: length-sorted sub-batches of a quarter of the batch.
    for batch in minibatch(docs, size=batch_size):
        for sub in minibatch(sorted(batch, key=len), size=max(batch_size // 4, 2)):
            states = _parse_holding_gil(proc, sub) if any(len(d) for d in sub) else proc.moves.init_batch(sub)
            proc.set_annotations(sub, states)


def _parse_holding_gil(proc: Parser, docs: list[Doc]) -> list[Any]:
    """``Parser.greedy_parse`` with its step loop in Python: same scores, same actions, same states."""
    proc._ensure_labels_are_added(docs)
    states = proc.moves.init_batch(docs)
    model = proc.model.predict(docs)
    todo = [s for s in states if not s.is_final()]
    while todo:
        todo = proc.transition_states(todo, model.predict(todo))
    model.clear_memory()
    return states


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


def parse_chunks(texts: Iterable[str], nlp: Language | None = None, batch_size: int = BATCH_SIZE
                 ) -> Iterator[list[tuple[Doc, int]]]:
    """Parse each text with GiNZA, yielding per text its ``(doc, offset)`` pairs in order.

    All chunks of all texts go through one ``pipe`` stream, so batches span articles.
    """
    nlp = nlp or load_nlp()
    pending: list[int] = []  # chunks still expected per text, in order

    def chunks() -> Iterator[tuple[str, int]]:
        for text in texts:
            pieces = split_chunks(text)
            pending.append(len(pieces))
            yield from ((c.text, c.offset) for c in pieces)

    current: list[tuple[Doc, int]] = []
    stream = pipe(nlp, chunks(), batch_size)
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
        # The tok2vec output (about 1 kB per token) serves only the components that already ran;
        # a long article's chunks wait here for each other, so keep nothing kankei does not read.
        doc.tensor = numpy.zeros((len(doc), 0), dtype="float32")
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
