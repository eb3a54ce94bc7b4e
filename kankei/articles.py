"""The corpus reader: files and folders → :class:`~kankei.types.Article`.

>>> report = ReadReport()
>>> articles = list(read_articles(["corpus/"], report=report))   # doctest: +SKIP
>>> report.summary()                                             # doctest: +SKIP
'5 articles read, 0 skipped'

What is read
    Each path is a file or a folder. Folders are walked recursively in sorted order; the walk skips
    hidden files and folders (name starts with ``.``), every folder named ``gold`` (evaluation
    data lives in ``corpus/gold/``) and a corpus's own documentation (``README.md``, ``LICENSE.txt``…).
    Only ``.txt``, ``.md`` and ``.jsonl`` files are articles; other files met in a walk (a gazetteer
    ``.tsv``, a PNG) are ignored silently. A path named explicitly is always read, even hidden, under
    ``gold/`` or a README; named explicitly with another extension it is
    reported and skipped, because the user asked for it. The same file reached twice is read once.

``.txt`` / ``.md``
    Optional YAML front matter between a first line ``---`` and a closing ``---`` line, with keys
    ``id``, ``title``, ``source``, ``url`` and ``published`` (others are ignored). ``Article.text``
    is the body after the closing line exactly as decoded: line endings (CRLF, lone CR) and
    characters are kept verbatim, because every offset in kankei points into it. The id defaults to
    the file stem. ``id``/``title``/``source``/``url`` are taken as written (``id: 000123`` is the
    string ``"000123"``, not YAML's octal 83).

    Invalid YAML is reported, and the article is still read: its text is the body after the
    closing ``---`` (so offsets stay valid once the YAML is fixed), and the metadata is salvaged
    from the block's simple ``key: value`` lines (``title: 速報: 首相が訪米`` breaks YAML but still
    gives the title); keys that cannot be salvaged take their defaults. An opening ``---`` that
    is never closed, or a ``---`` block that is valid YAML but not a mapping (a Markdown rule
    pair), is reported and the whole file is read as text, so no character is lost.

``.jsonl``
    One JSON object per line with ``id`` and ``text`` and the same optional keys. A broken line
    (invalid JSON, not an object, ``text`` missing, empty or not a string) is reported with its line
    number and skipped; the other lines are read. A missing id becomes ``<stem>:<line>``.
    ``Article.path`` is ``<file>:<line>``.

Metadata
    ``published`` may be a YAML date or datetime, or a string such as ``2024-06-19``,
    ``2024/06/19``, ``2024年6月19日``, ``令和6年6月19日``, an ISO datetime or an RFC 2822 date
    (see :func:`parse_published`). An unparseable value is reported and the article is read with
    ``published=None``. The same goes for an ``id``/``title``/``source``/``url`` that is not a
    scalar (a list, a mapping): reported, default used.

Encodings
    UTF-8 (a BOM is stripped), UTF-16/UTF-32 with a BOM, ISO-2022-JP, Shift_JIS (cp932, then
    shift_jis_2004) and EUC-JP (euc-jp, then euc-jis-2004). Without a BOM the candidates are
    decoded strictly; UTF-8 wins when clean, otherwise the legacy decoding that looks most like
    Japanese (EUC-JP bytes often decode as cp932 too, into half-width kana and private-use
    garbage). Binary data (NUL bytes, control characters) or bytes no candidate decodes are
    reported as "not text / undecodable" and skipped. A file read in another encoding than UTF-8 is
    reported ("not UTF-8: decoded as Shift_JIS (cp932); read"), so a user can tell a misread file.

Problems
    The reader never raises for bad input, not even a path that does not exist: every problem is
    a :class:`~kankei.errors.CorpusReadError` (``path``, ``line``, ``reason``; one line of text
    such as ``corpus/a.jsonl:3: invalid JSON (...); skipped``) handed to ``on_problem``, or logged
    as a warning on the ``kankei`` logger when ``on_problem`` is None. Empty or whitespace-only
    articles and a second article with an id already read (the message names both files) are
    skipped. An article with no Japanese text (an English one) or a long body without one Japanese
    sentence end (。！？) is read and reported, because kankei's rules will find little in it. A
    :class:`ReadReport` passed as ``report`` counts articles read and skipped and keeps
    every problem; it is complete once the iterator is exhausted.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import json
import logging
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kankei.errors import CorpusReadError
from kankei.types import Article

__all__ = ["ARTICLE_SUFFIXES", "ReadReport", "read_articles", "parse_published"]

ARTICLE_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".jsonl")
SKIPPED_FOLDERS: frozenset[str] = frozenset({"gold"})
# A corpus folder's own documentation, by file stem (any case): it describes the articles, it is none.
DOCUMENTATION_STEMS: frozenset[str] = frozenset({"readme", "license", "licence", "copying", "changelog", "notice"})
METADATA_KEYS: tuple[str, ...] = ("id", "title", "source", "url", "published")
_FACT_KEYS = frozenset({"article", "relation", "subject", "object", "evidence"})

logger = logging.getLogger("kankei")


@dataclass
class ReadReport:
    """What one :func:`read_articles` run did: articles read, articles/files skipped, every problem.

    ``problems`` also holds problems that did not skip anything (an unparseable ``published``).
    """

    read: int = 0
    skipped: int = 0
    problems: list[CorpusReadError] = field(default_factory=list)

    def summary(self) -> str:
        """``"5 articles read, 2 skipped"``."""
        noun = "article" if self.read == 1 else "articles"
        return f"{self.read} {noun} read, {self.skipped} skipped"


def read_articles(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    on_problem: Callable[[CorpusReadError], None] | None = None,
    report: ReadReport | None = None,
) -> Iterator[Article]:
    """Yield the articles found in ``paths`` (files or folders), in order; see the module docstring.

    Problems go to ``on_problem`` (or the ``kankei`` logger) and into ``report`` when given;
    nothing is raised for bad input. A single path may be passed instead of a list.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    yield from _Reader(on_problem, report).read(paths)


# --------------------------------------------------------------------------- walking and reading


class _Reader:
    def __init__(self, on_problem: Callable[[CorpusReadError], None] | None, report: ReadReport | None):
        self.on_problem = on_problem
        self.report = report
        self.ids: dict[str, str] = {}  # id → where it was first read, for the duplicate message
        self.files: set[Path] = set()

    def problem(self, path: str, reason: str, line: int | None = None, *, skipped: bool = False) -> None:
        err = CorpusReadError(path, _one_line(reason), line)
        if self.report is not None:
            self.report.problems.append(err)
            if skipped:
                self.report.skipped += 1
        if self.on_problem is not None:
            self.on_problem(err)
        else:
            logger.warning("%s", err)

    def read(self, paths: Iterable[str | os.PathLike[str]]) -> Iterator[Article]:
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                for file in self.walk(path):
                    yield from self.read_file(file)
            elif path.is_file():
                if path.suffix.lower() in ARTICLE_SUFFIXES:
                    yield from self.read_file(path)
                else:
                    self.problem(str(path), "not an article file (kankei reads .txt, .md and .jsonl); "
                                            "skipped", skipped=True)
            elif path.exists():
                self.problem(str(path), "not a file or folder; skipped", skipped=True)
            else:
                self.problem(str(path), "no such file or folder; skipped", skipped=True)

    def walk(self, folder: Path) -> Iterator[Path]:
        def unlistable(err: OSError) -> None:
            self.problem(str(err.filename or folder), f"cannot list folder ({err.strerror}); skipped",
                         skipped=True)

        for root, dirs, files in os.walk(folder, onerror=unlistable):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS)
            for name in sorted(files):
                if (name.startswith(".") or Path(name).suffix.lower() not in ARTICLE_SUFFIXES
                        or Path(name).stem.lower() in DOCUMENTATION_STEMS):
                    continue
                file = Path(root, name)
                if file.is_file():  # not a FIFO or a dangling link, which would block or fail
                    yield file

    def read_file(self, path: Path) -> Iterator[Article]:
        try:
            key = path.resolve()
        except OSError:
            key = path.absolute()
        if key in self.files:
            return
        self.files.add(key)
        where = str(path)
        try:
            data = path.read_bytes()
        except OSError as e:
            self.problem(where, f"cannot read ({e.strerror}); skipped", skipped=True)
            return
        decoded = _decode(data)
        text = decoded.text
        if text is None:
            detail = f": {decoded.why}" if decoded.why else ""
            self.problem(where, f"not text / undecodable{detail} (tried {', '.join(decoded.tried)}); skipped",
                         skipped=True)
            return
        if decoded.encoding not in _EXPECTED_ENCODINGS:
            name = _ENCODING_NAMES.get(decoded.encoding, decoded.encoding)
            self.problem(where, f"not UTF-8: decoded as {name}; read")
        if path.suffix.lower() == ".jsonl":
            yield from self.jsonl_articles(path, text)
        else:
            article = self.text_article(path, text)
            if self.accept(article, where, None):
                yield article

    def accept(self, article: Article, file: str, line: int | None) -> bool:
        """Last checks shared by every format: not empty, id not seen; counts the article and notes
        text kankei's rules cannot read well (no Japanese, no sentence end)."""
        if not article.text.strip():
            self.problem(file, "empty article; skipped", line, skipped=True)
            return False
        first = self.ids.get(article.id)
        if first is not None:
            self.problem(file, f"duplicate id {article.id!r}, already read from {first}; skipped", line,
                         skipped=True)
            return False
        self.ids[article.id] = article.path or file
        if self.report is not None:
            self.report.read += 1
        if note := _text_note(article.text):
            self.problem(file, note, line)
        return True

    # ---------------------------------------------------------------- .txt / .md

    def text_article(self, path: Path, text: str) -> Article:
        where = str(path)
        split = _split_front_matter(text)
        if split is None:
            return Article(id=path.stem, text=text, path=where)
        block, body_start, closed = split
        if not closed:
            self.problem(where, "front matter opened by '---' on line 1 is never closed by a '---' line; "
                                "read the whole file as text", 1)
            return Article(id=path.stem, text=text, path=where)
        meta = self.front_matter(where, block)
        if meta is None:  # a Markdown rule pair, say: keep every character of the file
            return Article(id=path.stem, text=text, path=where)
        return Article(text=text[body_start:], path=where, **self.metadata(meta, path.stem, where, None))

    def front_matter(self, where: str, block: str) -> dict[str, Any] | None:
        """The front matter's keys, scalars as written; None when the block parses but is not a
        mapping, so is no front matter."""
        try:
            data = yaml.load(block, Loader=_FrontMatterLoader)  # _FrontMatterLoader is a SafeLoader
        except (yaml.YAMLError, ValueError, TypeError) as e:
            mark = getattr(e, "problem_mark", None)
            line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for the '---' line
            problem = getattr(e, "problem", None) or str(e)
            salvaged = _salvage(block)
            kept = (f"metadata {', '.join(salvaged)} taken from its simple 'key: value' lines" if salvaged
                    else "no metadata kept")
            self.problem(where, f"invalid YAML front matter ({problem}); read the text after it, {kept}",
                         line)
            return salvaged
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.problem(where, f"the '---' block at the top is not a mapping of keys (got "
                                f"{type(data).__name__}), so no front matter; read the whole file as text", 1)
            return None
        return {key: data[key] for key in METADATA_KEYS if key in data}

    # ---------------------------------------------------------------- .jsonl

    def jsonl_articles(self, path: Path, text: str) -> Iterator[Article]:
        where = str(path)
        # split on \n only: JSON strings may hold U+2028 and friends, which splitlines() breaks on.
        if not text.strip():
            self.problem(where, "empty file; skipped", skipped=True)
            return
        first = True
        for lineno, line in enumerate(text.split("\n"), 1):
            line = line.removesuffix("\r")
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                self.problem(where, f"invalid JSON ({e.msg}: column {e.colno}); skipped", lineno,
                             skipped=True)
                continue
            if first and isinstance(obj, dict) and "text" not in obj and obj.keys() >= _FACT_KEYS:
                # Said once for the file, not once for each of its maybe million lines.
                self.problem(where, "a kankei facts file, not articles (load it with 'kankei load'); skipped",
                             skipped=True)
                return
            first = False
            if not isinstance(obj, dict):
                self.problem(where, f"not a JSON object (got {_json_type(obj)}); skipped", lineno,
                             skipped=True)
                continue
            body = obj.get("text")
            if body is None:
                self.problem(where, "no 'text' key; skipped", lineno, skipped=True)
                continue
            if not isinstance(body, str):
                self.problem(where, f"'text' is not a string (got {_json_type(body)}); skipped", lineno,
                             skipped=True)
                continue
            meta = self.metadata(obj, f"{path.stem}:{lineno}", where, lineno)
            article = Article(text=body, path=f"{where}:{lineno}", **meta)
            if self.accept(article, where, lineno):
                yield article

    # ---------------------------------------------------------------- metadata

    def metadata(self, meta: dict[str, Any], default_id: str, where: str, line: int | None) -> dict[str, Any]:
        """Article keyword arguments from front matter or a JSONL object; bad values reported, defaulted."""
        out: dict[str, Any] = {"id": default_id}
        for key in ("id", "title", "source", "url"):
            value = meta.get(key)
            if value is None:
                continue
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                value = str(value).strip()
                if value:
                    out[key] = value
            else:
                fallback = f"used {default_id!r}" if key == "id" else "ignored"
                self.problem(where, f"{key!r} is not text (got {type(value).__name__}); {fallback}", line)
        try:
            out["published"] = parse_published(meta.get("published"))
        except ValueError:
            self.problem(where, f"published {_shorten(meta.get('published'))} is not a date (expected e.g. "
                                "2024-06-19, 2024/06/19 or 2024年6月19日); read without it", line)
        return out


# --------------------------------------------------------------------------- front matter


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader keeping booleans, numbers and dates as written: ``id: 000123`` stays "000123"
    (not octal 83), ``title: yes`` stays "yes", and ``published: 2024-02-30`` reaches
    :func:`parse_published` to be reported instead of crashing the YAML date constructor."""


for _tag in ("bool", "int", "float", "timestamp"):
    _FrontMatterLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _FrontMatterLoader.construct_scalar)

_NEWLINE = re.compile(r"\r\n|\r|\n")
_FENCE = re.compile(r"---[ \t]*")


def _lines(text: str, pos: int = 0) -> Iterator[tuple[int, int, int]]:
    """(start, end, next start) of each line from ``pos``; lines end at CRLF, CR or LF."""
    while pos < len(text):
        nl = _NEWLINE.search(text, pos)
        end, nxt = (nl.start(), nl.end()) if nl else (len(text), len(text))
        yield pos, end, nxt
        pos = nxt


def _split_front_matter(text: str) -> tuple[str, int, bool] | None:
    """(YAML block, offset where the body starts, closed?) or None when there is no front matter."""
    lines = _lines(text)
    first = next(lines, None)
    if first is None or not _FENCE.fullmatch(text, first[0], first[1]) or first[2] == first[1]:
        return None
    for start, end, nxt in lines:
        if _FENCE.fullmatch(text, start, end):
            return text[first[2]:start], nxt, True
    return text[first[2]:], 0, False


_SALVAGE_LINE = re.compile(r"(id|title|source|url|published)[ \t]*:[ \t]*(.*?)[ \t]*")


def _salvage(block: str) -> dict[str, Any]:
    """Metadata from the simple ``key: value`` lines of front matter YAML could not parse."""
    meta: dict[str, Any] = {}
    for start, end, _ in _lines(block):
        m = _SALVAGE_LINE.fullmatch(block, start, end)
        if not m or not m.group(2):
            continue
        value = m.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        meta[m.group(1)] = value
    return meta


# --------------------------------------------------------------------------- dates

_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_TRAILER = r"(?:\s*\([月火水木金土日](?:曜日?)?\))?(?:(?:\s+|T)\d{1,2}[:時].*)?"
_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?" + _TRAILER)
_ERA_YMD = re.compile(r"(令和|平成|昭和)\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日" + _TRAILER)


def parse_published(value: object) -> dt.date | None:
    """A publication date from front matter / JSONL: a date, a datetime or a string; None for empty.

    Strings: ISO (``2024-06-19``, ``20240619``, ``2024-06-19T09:30:00+09:00``), ``2024/06/19``,
    ``2024.6.19``, ``2024年6月19日(水)``, ``令和6年6月19日``, full-width digits, RFC 2822
    (``Wed, 19 Jun 2024 09:30:00 +0900``). Raises ValueError for anything else.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    text = unicodedata.normalize("NFKC", value).strip()
    if not text:
        return None
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            parsed = parse(text)
        except ValueError:
            continue
        return parsed.date() if isinstance(parsed, dt.datetime) else parsed
    if m := _YMD.fullmatch(text):
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _ERA_YMD.fullmatch(text):
        year = 1 if m.group(2) == "元" else int(m.group(2))
        return dt.date(_ERAS[m.group(1)] + year, int(m.group(3)), int(m.group(4)))
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError) as e:
        raise ValueError(f"not a date: {value!r}") from e


# --------------------------------------------------------------------------- decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy Japanese encodings, each a group tried in order (the second only if the first fails).
_LEGACY: tuple[tuple[str, ...], ...] = (("cp932", "shift_jis_2004"), ("euc_jp", "euc_jis_2004"))
_EXPECTED_ENCODINGS = frozenset({"utf-8", "utf-8-sig"})  # as _try names them
_ENCODING_NAMES = {"utf-16": "UTF-16 (byte-order mark)", "utf-32": "UTF-32 (byte-order mark)",
                   "iso2022-jp": "ISO-2022-JP", "cp932": "Shift_JIS (cp932)", "shift-jis-2004": "Shift_JIS-2004",
                   "euc-jp": "EUC-JP", "euc-jis-2004": "EUC-JIS-2004"}
_ISO2022_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I")
# C0 controls other than tab, LF, VT, FF, CR; DEL; C1 controls. A stray one (DOS EOF ^Z) is tolerated.
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x9f]")
_SCORE_SAMPLE = 200_000  # characters enough to tell a decoding from mojibake, whatever the file size
_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_JAPANESE = re.compile(r"[\u30a0-\u30ff\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e\u2460-\u24ff\u3200-\u33ff]")
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")  # real in old Shift_JIS text, rife in misdecoded EUC-JP
_MOJIBAKE = re.compile(r"[\ue000-\uf8ff\u3400-\u4dbf\uf900-\ufaff]")  # private use, rare CJK


def _clean(text: str) -> bool:
    """Decoded text that is text: no NUL, hardly any other control characters."""
    return "\x00" not in text and len(_CONTROL.findall(text)) <= 1 + len(text) // 1000


def _japanese_score(text: str) -> int:
    """How Japanese a decoding looks: prose is rich in hiragana; misdecodings give half-width kana,
    private-use and rare CJK characters instead."""
    sample = text[:_SCORE_SAMPLE]
    return (2 * len(_HIRAGANA.findall(sample)) + len(_JAPANESE.findall(sample))
            - len(_HALFWIDTH_KANA.findall(sample)) - 3 * len(_MOJIBAKE.findall(sample)))


def _try(data: bytes, encoding: str, tried: list[str]) -> str | None:
    tried.append(codecs.lookup(encoding).name.replace("_", "-"))
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _clean(text) else None


@dataclass(frozen=True)
class _Decoded:
    """A file's bytes as text (None when no candidate decodes them), the encodings tried in order and
    the one that won, and why the bytes are not text."""

    text: str | None
    tried: list[str]
    encoding: str = ""
    why: str = ""


def _decode(data: bytes) -> _Decoded:
    """Decode a file's bytes; see the module docstring for the order of candidates."""
    tried: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try(data, encoding, tried)
            if text is not None:
                return _Decoded(text, tried, tried[-1])  # these codecs consume the BOM
    if tried:  # a BOM, but not followed by what it announced
        return _Decoded(None, tried, why="byte-order mark not followed by valid text")
    why = "NUL bytes: binary, or UTF-16 without a byte-order mark?" if b"\x00" in data else ""
    if any(esc in data for esc in _ISO2022_ESCAPES):
        text = _try(data, "iso2022_jp", tried)
        if text is not None:
            return _Decoded(text, tried, tried[-1])
    text = _try(data, "utf-8", tried)
    if text is not None:
        return _Decoded(text, tried, tried[-1])
    best: tuple[int, str, str] | None = None
    for group in _LEGACY:
        for encoding in group:
            text = _try(data, encoding, tried)
            score = _japanese_score(text) if text is not None else 0
            if text is not None and score > 0:
                if best is None or score > best[0]:
                    best = (score, text, tried[-1])
                break
    if best is not None:
        return _Decoded(best[1], tried, best[2])
    return _Decoded(None, tried, why=why)


# --------------------------------------------------------------------------- what the text is like

_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
_KANJI = re.compile(r"[\u4e00-\u9fff]")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[。！？]")
_NO_END_MIN_CHARS = 120  # a headline or a caption has no 。 either; a body this long should


def _text_note(text: str) -> str | None:
    """Why kankei will likely find little in ``text``, or None: no Japanese at all (an English article,
    say), or a long body without one Japanese sentence end (sentences are then cut at line ends only)."""
    sample = text[:_SCORE_SAMPLE]
    letters = len(_LETTER.findall(sample))
    japanese = len(_KANA.findall(sample)) + len(_KANJI.findall(sample))
    if letters and japanese < 0.05 * letters:
        return "no Japanese text (kankei's rules read Japanese); read, expect few or no facts"
    if len(text.strip()) >= _NO_END_MIN_CHARS and not _SENTENCE_END.search(text):
        return "no Japanese sentence end (。！？); read, sentences cut at line ends only"
    return None


# --------------------------------------------------------------------------- messages


_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]\s*")


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text).strip()


def _shorten(value: object, limit: int = 40) -> str:
    text = repr(value) if isinstance(value, str) else repr(str(value))
    return text if len(text) <= limit else text[: limit - 2] + "…'"


def _json_type(value: object) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "number",
            float: "number", type(None): "null"}.get(type(value), type(value).__name__)
