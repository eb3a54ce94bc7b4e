"""Property tests (hypothesis): normalisation, date resolution and the whole extractor never raise on
arbitrary Unicode text, and every fact's evidence offsets slice the original text to its sentence (and its
mention offsets to the mention, inside that sentence)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kankei.extract.dates import find_dates
from kankei.normalize import entity_key, name_key, nfkc
from kankei.types import Article

# Pieces of Japanese news text, so that random strings reach the date, mention and relation rules
# instead of only the "nothing found here" paths; mixed with arbitrary Unicode (surrogates excluded:
# they cannot be written to or read from a UTF-8 file, so no article can contain one).
NEWS_PIECES = (
    "プーチン大統領", "ウラジーミル・プーチン", "金正恩委員長", "金正恩氏", "ラブロフ外相", "ロシアの",
    "北朝鮮の", "平壌", "モスクワ", "を訪問した", "と会談した", "に到着した", "に同行した", "代表団を率いて",
    "は", "が", "と", "に", "を", "の", "、", "。", "！", "？", "「", "」", "（", "）", "\n", "\r\n", "\r", "\u3000",
    "2024年", "6月", "19日", "２０２４年", "１月", "先月", "来年", "ことし", "おととし", "水曜", "から",
    "24年前", "同日", "同月", "9999年", "0000年", "13月", "2月30日", "日", "月", "年",
)
UNICODE = st.characters(blacklist_categories=("Cs",))
TEXT = st.text(UNICODE, max_size=200)
NEWSY_TEXT = st.lists(st.one_of(st.sampled_from(NEWS_PIECES), st.text(UNICODE, max_size=8)), max_size=40).map("".join)
DATES = st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
ISO_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@settings(deadline=None, max_examples=300)
@given(st.one_of(TEXT, NEWSY_TEXT))
def test_normalisation_never_raises_and_is_stable(text: str) -> None:
    folded = nfkc(text)
    assert folded == unicodedata.normalize("NFKC", folded)  # NFKC is idempotent
    key = name_key(text)
    assert isinstance(key, str) and "・" not in key and " " not in key
    # Full/half-width variants share a key: the key is computed from the NFKC form anyway.
    assert entity_key(text) == entity_key(folded)


@settings(deadline=None, max_examples=300)
@given(st.one_of(TEXT, NEWSY_TEXT), st.integers(min_value=0, max_value=10**6), DATES)
def test_find_dates_never_raises_and_points_into_the_text(text: str, offset: int, published) -> None:
    for mention in find_dates(text, offset, published):
        assert text[mention.start - offset : mention.end - offset] == mention.text
        if mention.value is not None:
            assert ISO_PREFIX.fullmatch(mention.value), mention
            year, month, day = ([int(part) for part in mention.value.split("-")] + [1, 1])[:3]
            dt.date(year or 2000, month, day)  # a real month and day (ISO 8601 has a year 0000, Python not)


# Sentences the rules recognise (person, date, place or person, trigger), with arbitrary Unicode noise,
# line ends, NUL, BOM and astral characters between their parts: most examples yield facts, so the
# offset property is tested on real facts, not vacuously.
_NOISE = st.one_of(
    st.just(""),
    st.text(UNICODE, max_size=3),
    st.sampled_from(["\n", "\r\n", "\r", "\u3000", "、", "「", "」", "\x00", "\ufeff", "𠮷", "🇯🇵", " "]),
)
_PEOPLE = ("ロシアのプーチン大統領", "北朝鮮の金正恩国務委員長", "ラブロフ外相", "崔善姫外相", "ウラジーミル・プーチン氏", "彼女", "同大統領")
_PLACES = ("平壌", "モスクワ", "北朝鮮", "ロシア極東", "ウラジオストク")
_WHEN = ("", "19日、", "2024年6月19日に", "先月", "来年5月に", "水曜、", "同日、")
_PREDICATES = ("を訪問した", "に到着した", "を訪れた", "と会談した", "と面会した", "に同行した", "を訪問する予定だ")


@st.composite
def _news_sentence(draw) -> str:
    parts = (
        draw(st.sampled_from(_PEOPLE)), "は", draw(st.sampled_from(_WHEN)),
        draw(st.sampled_from(_PLACES + _PEOPLE)), draw(st.sampled_from(_PREDICATES)),
        draw(st.sampled_from(("。", "！", "", "。\n"))),
    )  # fmt: skip
    return "".join(draw(_NOISE) + part for part in parts)


ARTICLE_TEXT = st.one_of(
    st.lists(st.one_of(_news_sentence(), st.text(UNICODE, max_size=30)), min_size=1, max_size=8).map("".join),
    TEXT,
)


@pytest.fixture(scope="module")
def warm_model() -> None:
    """Load GiNZA once before hypothesis starts running examples."""
    from kankei.extract import extract_article

    extract_article(Article("warm-up", "プーチン大統領は平壌を訪問した。"))


@pytest.mark.ginza
@settings(deadline=None, max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ARTICLE_TEXT, DATES)
# Found by hypothesis: a visit with no place of its own takes the destination told a sentence earlier.
@example(text="ロシアのプーチン大統領は平壌を訪問した。ロシアのプーチン大統領は平壌0を訪問した。", published=None)
def test_the_extractor_never_raises_and_evidence_offsets_slice_the_text(warm_model, text: str, published) -> None:
    from kankei.extract import extract_article

    result = extract_article(Article("prop", text, published=published))
    for fact in result.facts:
        evidence = fact.evidence
        assert 0 <= evidence.start <= evidence.end <= len(text)
        assert text[evidence.start : evidence.end] == evidence.sentence, fact
        assert fact.article == "prop"
        for mention in (fact.subject, fact.object):
            if mention.start >= 0:  # -1: inferred, not written in this sentence
                assert text[mention.start : mention.end] == mention.text, fact
                assert evidence.start <= mention.start <= mention.end <= evidence.end, fact
