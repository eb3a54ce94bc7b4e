"""Date expressions resolved against the publication date (no model needed)."""

import datetime as dt

import pytest

from kankei.extract.dates import find_dates

PUB = dt.date(2024, 12, 2)  # a Monday


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("2024年6月19日に", PUB, [("2024-06-19", "day")]),
        ("29日に面会した", PUB, [("2024-11-29", "day")]),  # after the 2nd: last month
        ("1日に報じられた", PUB, [("2024-12-01", "day")]),
        ("先月30日", PUB, [("2024-11-30", "day")]),
        ("ことし7月には", dt.date(2023, 9, 11), [("2023-07", "month")]),
        ("おととし1月に打ち出した", dt.date(2023, 9, 11), [("2021-01", "month")]),
        ("9月に", dt.date(2024, 6, 19), [("2023-09", "month")]),  # September after June: last year's
        ("24年前で", dt.date(2024, 6, 19), [("2000", "year")]),
        ("2000年7月、", PUB, [("2000-07", "month")]),
        ("来年5月9日に", PUB, [("2025-05-09", "day")]),
        ("水曜早朝", dt.date(2024, 6, 19), [("2024-06-19", "day")]),
        ("火曜日", dt.date(2024, 6, 19), [("2024-06-18", "day")]),
        ("水曜日に", dt.date(2024, 6, 18), [("2024-06-19", "day")]),  # nearest within three days
        ("２０２４年１月", PUB, [("2024-01", "month")]),  # full-width digits
    ],
)
def test_resolution(text, published, expected):
    assert [(d.value, d.precision) for d in find_dates(text, 0, published)] == expected


def test_range_end_shares_month_and_is_marked():
    dates = find_dates("2024年1月15日から17日にかけて", 10, PUB)
    assert [(d.value, d.anchor) for d in dates] == [("2024-01-15", ""), ("2024-01-17", "range-end")]
    assert dates[0].start == 10 and dates[0].text == "2024年1月15日"


def test_relative_dates_need_a_publication_date():
    assert [d.value for d in find_dates("29日と2024年5月", 0, None)] == [None, "2024-05"]


def test_impossible_dates_give_no_value():
    assert [d.value for d in find_dates("2月30日", 0, PUB)] == [None]
