"""Japanese date expressions, resolved against the article's publication date.

The value keeps the precision the text gives (``2024``, ``2024-06``, ``2024-06-19``). A month or day
without a year that would fall after the publication date rolls back (29日 in an article of
2 December is 29 November). Weekdays (水曜) resolve to the nearest such day, within three days.

>>> import datetime as dt
>>> [d.value for d in find_dates("先月30日と水曜", 0, dt.date(2024, 12, 2))]
['2024-11-30', '2024-12-04']
>>> [d.value for d in find_dates("24年前、ことし7月", 0, dt.date(2024, 6, 19))]
['2000', '2024-07']
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DateMention", "find_dates"]

_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_KANJI_DIGITS = str.maketrans("〇一二三四五六七八九", "0123456789")

_REL_YEAR = {"ことし": 0, "今年": 0, "本年": 0, "去年": -1, "昨年": -1, "おととし": -2, "一昨年": -2,
             "来年": 1, "再来年": 2}
_REL_MONTH = {"今月": 0, "先月": -1, "前月": -1, "来月": 1}
_REL_DAY = {"きょう": 0, "今日": 0, "本日": 0, "けさ": 0, "今朝": 0, "きのう": -1, "昨日": -1, "おととい": -2,
            "一昨日": -2, "あす": 1, "明日": 1}
_WEEKDAYS = "月火水木金土日"
_RANGE_JOINERS = ("から", "~", "〜", "～", "-", "－", "・", "、")

_YEAR = r"(?P<y>\d{4})年"
_RELY = "(?P<ry>" + "|".join(sorted(_REL_YEAR, key=len, reverse=True)) + ")"
_RELM = "(?P<rm>" + "|".join(_REL_MONTH) + ")"
_PATTERN = re.compile(
    r"(?P<same>同日|同月|同年)|"
    rf"(?:{_YEAR}|{_RELY})?(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})日)?"
    rf"|{_RELM}(?:(?P<rmd>\d{{1,2}})日)?"
    r"|(?P<y2>\d{4})年(?!前)"
    r"|(?P<ago>\d{1,3})年前"
    r"|(?<![\d月])(?P<bd>\d{1,2})日(?![間本])"
    r"|(?P<wd>[月火水木金土日])曜(?:日)?"
    r"|(?P<rd>" + "|".join(sorted(_REL_DAY, key=len, reverse=True)) + ")"
    r"|(?P<ry2>" + "|".join(sorted(_REL_YEAR, key=len, reverse=True)) + ")"
)


@dataclass(frozen=True)
class DateMention:
    """A date expression: offsets in the article text, the text, and the resolved value."""

    start: int
    end: int
    text: str
    value: str | None
    precision: str | None
    # "day" for a bare day (16日) resolved against the publication date: the article's own
    # chronology may say which month is meant; "range-end" for 17日 in 15日から17日; "same" for
    # 同日/同月/同年, which take the date last mentioned.
    anchor: str = ""
    # The value without rolling back past the publication date: a planned trip in 10月 of an
    # article of September is next month's, not last year's.
    forward: str | None = None


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _day(year: int, month: int, day: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _resolve(m: re.Match[str], published: dt.date | None, roll_back: bool = True
             ) -> tuple[str | None, str | None]:
    g = m.groupdict()
    if g["same"]:
        return None, {"同日": "day", "同月": "month", "同年": "year"}[g["same"]]
    pub = published
    if g["m"]:
        month = int(g["m"])
        if not 1 <= month <= 12:
            return None, None
        day = int(g["d"]) if g["d"] else None
        if g["y"]:
            year = int(g["y"])
        elif g["ry"] and pub:
            year = pub.year + _REL_YEAR[g["ry"]]
        elif pub:
            year = pub.year
            # A bare month or day after the publication date is last year's.
            if roll_back and (month, day or 0) > (pub.month, pub.day if day else 0):
                year -= 1
        else:
            return None, None
        if day is not None:
            value = _day(year, month, day)
            return (value, "day") if value else (None, None)
        return f"{year:04d}-{month:02d}", "month"
    if g["rm"]:
        if not pub:
            return None, None
        year, month = _add_months(pub.year, pub.month, _REL_MONTH[g["rm"]])
        if g["rmd"]:
            value = _day(year, month, int(g["rmd"]))
            return (value, "day") if value else (None, None)
        return f"{year:04d}-{month:02d}", "month"
    if g["y2"]:
        return g["y2"], "year"
    if g["ago"]:
        return (f"{pub.year - int(g['ago']):04d}", "year") if pub else (None, None)
    if g["bd"]:
        if not pub:
            return None, None
        day = int(g["bd"])
        year, month = pub.year, pub.month
        if roll_back and day > pub.day:
            year, month = _add_months(year, month, -1)
        value = _day(year, month, day)
        return (value, "day") if value else (None, None)
    if g["wd"]:
        if not pub:
            return None, None
        target = _WEEKDAYS.index(g["wd"])
        delta = (target - pub.weekday()) % 7
        if delta > 3:
            delta -= 7
        return (pub + dt.timedelta(days=delta)).isoformat(), "day"
    if g["rd"]:
        return ((pub + dt.timedelta(days=_REL_DAY[g["rd"]])).isoformat(), "day") if pub else (None, None)
    if g["ry2"]:
        return (f"{pub.year + _REL_YEAR[g['ry2']]:04d}", "year") if pub else (None, None)
    return None, None


def find_dates(text: str, offset: int = 0, published: dt.date | None = None) -> list[DateMention]:
    """All date expressions in ``text``; offsets are shifted by ``offset``."""
    # One-for-one character translations keep the offsets valid.
    folded = text.translate(_WIDE_DIGITS)
    found: list[DateMention] = []
    for m in _PATTERN.finditer(folded):
        value, precision = _resolve(m, published)
        forward = _resolve(m, published, roll_back=False)[0]
        anchor = "day" if m.group("bd") else "same" if m.group("same") else ""
        prev = found[-1] if found else None
        if (m.group("bd") and prev and prev.precision == "day" and prev.value
                and folded[prev.end - offset:m.start()] in _RANGE_JOINERS):
            # The end of a range (15日から17日) shares the start's year and month.
            value = _day(int(prev.value[:4]), int(prev.value[5:7]), int(m.group("bd")))
            anchor = "range-end"
        found.append(DateMention(offset + m.start(), offset + m.end(), text[m.start():m.end()], value, precision,
                                 anchor, forward))
    return found
