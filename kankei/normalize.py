"""Text normalisation for matching names; the original text is never replaced by it.

>>> name_key("ウラジーミル・プーチン") == name_key("ウラジミール プーチン")
True
>>> entity_key("アレクサンドル・ノヴァク") == entity_key("アレクサンドル・ノバク")
True
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["nfkc", "name_key", "entity_key", "HONORIFICS"]

HONORIFICS: tuple[str, ...] = ("氏", "さん", "様")

# Characters scoring rule 1 drops (checked after NFKC, so full/half-width forms fold into these):
# spaces (incl. zero-width), middle dots, equals signs (incl. ゠, the katakana double hyphen used as
# the equals sign in foreign names), hyphens and dashes (incl. the minus sign that often stands in
# for them) and the long-vowel mark.
_DROP = re.compile(r"[\s\u200b\u00ad・·‧=゠⹀\-‐‑‒–—―−ー]")

# Wave dashes are not in rule 1; entity_key folds them too because outlets use them for ー.
_WAVE = re.compile(r"[〜～~]")

# Katakana spellings of foreign ヴ-sounds that vary between outlets (ノヴァク / ノバク).
_V_FOLD = (("ヴァ", "バ"), ("ヴィ", "ビ"), ("ヴェ", "ベ"), ("ヴォ", "ボ"), ("ヴュ", "ビュ"), ("ヴ", "ブ"))


def nfkc(text: str) -> str:
    """NFKC-normalise ``text`` (full-width digits and Latin to ASCII, half-width kana to full)."""
    return unicodedata.normalize("NFKC", text)


def name_key(name: str) -> str:
    """The matching key of the scoring rules: NFKC, lower case, separators and honorifics dropped."""
    key = nfkc(name).lower()
    key = _DROP.sub("", key)
    for suffix in HONORIFICS:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            break
    return key


def entity_key(name: str) -> str:
    """:func:`name_key` plus folding of wave dashes and ヴ-spellings: the key deciding one node per entity."""
    key = _WAVE.sub("", name_key(name))
    for variant, plain in _V_FOLD:
        key = key.replace(variant, plain)
    return key
