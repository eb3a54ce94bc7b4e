"""kankei's faster GiNZA parsing gives exactly the annotations of spaCy's own ``nlp.pipe``."""

from __future__ import annotations

import pytest

from kankei.extract.nlp import load_model, load_nlp, pipe

pytestmark = pytest.mark.ginza

TEXTS = [
    "ロシアのプーチン大統領は19日、平壌に到着し、北朝鮮の金正恩国務委員長の出迎えを受けた。",
    "",
    "北朝鮮の崔善姫外相がモスクワを訪問し、ラブロフ外相と会談した。\n朝鮮中央通信が報じた。",
    "会談した。",
    "ショイグ国防相を団長とする代表団が2023年7月25日に平壌に到着した。" * 3,
]


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.head.i, t.dep_, t.pos_, t.tag_, t.lemma_, str(t.morph), t.ent_iob_, t.ent_type_)
            for t in doc]


def test_pipe_matches_spacy_pipe() -> None:
    stock = load_model(blas=False)
    expected = [_annotations(d) for d in stock.pipe(TEXTS, batch_size=2)]
    got = [(_annotations(d), i) for d, i in pipe(load_nlp(), ((t, i) for i, t in enumerate(TEXTS)), batch_size=2)]
    assert [i for _, i in got] == list(range(len(TEXTS)))
    assert [a for a, _ in got] == expected
    assert any(t[-1] for a in expected for t in a)  # entities were found, so NER was compared too
