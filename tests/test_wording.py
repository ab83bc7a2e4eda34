"""wording: every number a reader sees is written by one module."""
from __future__ import annotations

import math

from claimtrace import wording as W


def test_number_and_whole():
    assert [W.number(x) for x in (1e6, 12.5, 2800, None)] == ["1,000,000", "12.5", "2,800", "?"]
    assert W.whole(195.3125) == "195" and W.whole(12_500) == "12,500"


def test_number_words():
    assert [W.number_words(x) for x in (0, 5, 10, 1e6, 2e6, 11, 2800, 12.5, 11e6)] == \
        ["zero", "five", "ten", "one million", "two million", "11", "2,800", "12.5", "11,000,000"]


def test_millions_is_what_report_millions_writes():
    for x in (1e6, 2.5e6, 25_852_345, 980_000, 999_999.6, 3e6):
        assert W.millions(x) == (f"{x / 1e6:g} million" if x >= 1e6 else f"{x:,.0f}")
    assert W.millions(3e6) == "3 million" and W.millions(980_000) == "980,000"


def test_exact_keeps_every_digit():
    assert W.exact(None) == "empty" and W.exact(1_000_000.0) == "1,000,000" and W.exact(0.125) == "0.125"


def test_like_copies_the_printed_style():
    assert W.like(2812.4, "2,800") == "2,812"
    assert W.like(812.4, "800") == "812" and W.like(12_345.0, "800") == "12,345"
    assert W.like(13.24, "12.5") == "13.2" and W.like(0.2, "7") == "1"


def test_bounds_and_span():
    assert W.bounds(1e6, None, low_exclusive=True) == "above 1,000,000 (no upper bound given)"
    assert W.bounds(1e6, None) == "at least 1,000,000 (no upper bound given)"
    assert W.bounds(None, 1.5e6) == "up to 1,500,000 (no lower bound given)"
    assert W.bounds(1e6, 1e6, approximate=True) == "about 1,000,000"
    assert W.bounds(200, 999, approximate=True) == "200 to 999"
    assert W.bounds(None, None) == "unbounded"
    assert W.span(5, 5) == "5" and W.span(6_666_666.7, 13_333_333.3) == "6,666,666.7 to 13,333,333.3"
    assert W.span(1, math.nan).endswith("nan")


def test_percent_and_share():
    assert W.percent(12.5) == "12.5%" and W.percent(15.0) == "15%"
    assert W.share(0.775) == "77.5%" and W.share(0.775, 0) == "78%"
