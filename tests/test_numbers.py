"""The number parser and the mention scanner, on the forms the sources print and on every
figure recorded in the claims table."""
from __future__ import annotations

import math

import pytest

from claimtrace.load import load
from claimtrace.numbers import (QUALIFIERS, VAGUE_QUANTITIES, Figure, FigureError, find_mentions, parse_figure,
                                parse_number, unit_fits)
from conftest import FIXTURE_DATA, LIVE_DATA

M = 1_000_000


@pytest.mark.parametrize("printed, low, high, qualifier, kind", [
    ("400", 400, 400, "exact", "count"),
    ("2,800", 2800, 2800, "exact", "count"),
    ("more than 500", 500, None, "more than", "count"),
    ("over 2,800", 2800, None, "more than", "count"),
    ("at least a million", M, None, "at least", "count"),
    ("an estimated one million", M, M, "estimated", "count"),
    ("an estimated 1 million", M, M, "estimated", "count"),
    ("likely closer to 3 million", 3 * M, 3 * M, "likely closer to", "count"),
    ("more than “one million”", M, None, "more than", "count"),
    ("more than two million", 2 * M, None, "more than", "count"),
    ("between 1 to 2 million", M, 2 * M, "between", "count"),
    ("between 1 and 2 million", M, 2 * M, "between", "count"),
    ("2000-2018", 2000, 2018, "between", "count"),
    ("ages of 13 to 84", 13, 84, "between", "years"),
    ("17-year-old", 17, 17, "exact", "years"),
    ("about 12.5%", 12.5, 12.5, "about", "percent"),
    ("15 percent", 15, 15, "exact", "percent"),
    ("over 64 times", 64, None, "more than", "times"),
    ("around 150", 150, 150, "about", "count"),
    ("nearly 300", 300, 300, "nearly", "count"),
    ("up to 1.5 million", None, 1.5 * M, "up to", "count"),
    ("thirty-one", 31, 31, "exact", "count"),
    ("seven thousand", 7000, 7000, "exact", "count"),
    ("tens of thousands", 20_000, None, "vague", "count"),
    ("Hundreds", 200, None, "vague", "count"),
    ("thousands", 2_000, None, "vague", "count"),
    ("millions", 2 * M, None, "vague", "count"),
    ("By The Million", M, None, "vague", "count"),
])
def test_parse_figure(printed, low, high, qualifier, kind):
    fig = parse_figure(printed)
    assert (fig.qualifier, fig.kind) == (qualifier, kind)
    assert (fig.low is None and low is None) or math.isclose(fig.low, low)
    assert (fig.high is None and high is None) or math.isclose(fig.high, high)


@pytest.mark.parametrize("printed", ["many", "a number of", "", "12 monkeys", "between 5", "2 to 1",
                                     "about tens of thousands", "over 2 to 3"])
def test_parse_figure_refuses(printed):
    with pytest.raises(FigureError):
        parse_figure(printed)


def test_parse_number_forms():
    assert parse_number("1,000") == 1000
    assert parse_number("a million") == M
    assert parse_number("3 million") == 3 * M
    assert parse_number("one") == 1
    with pytest.raises(FigureError):
        parse_number("a lot")


@pytest.mark.parametrize("data", [FIXTURE_DATA, pytest.param(LIVE_DATA, marks=pytest.mark.live)], ids=["fixture", "live"])
def test_every_recorded_figure_reads_back_to_its_values(data):
    """The parser, run on every claim in the sources, gives exactly the recorded values."""
    claims = load(data, check=False).claims
    assert not claims.empty
    for c in claims.itertuples():
        fig = parse_figure(c.figure)
        assert fig.qualifier == c.qualifier, c.claim_id
        for got, want in ((fig.low, c.value_low), (fig.high, c.value_high)):
            assert (got is None and math.isnan(want)) or math.isclose(got, want), c.claim_id
        assert unit_fits(fig.kind, c.unit), c.claim_id
        assert c.figure in c.quote, c.claim_id


def test_find_mentions():
    text = "In 2014, one of 2,800 photos; tens of thousands. Someone alone [3] said 9/11 and 12.5%."
    assert [m.text for m in find_mentions(text)] == ["2014", "one", "2,800", "tens", "thousands",
                                                     "3", "9", "11", "12.5"]
    m = find_mentions(text)[2]
    assert text[m.start:m.end] == "2,800"


def test_find_mentions_is_case_insensitive():
    assert [m.text for m in find_mentions("By The Million. TWO")] == ["Million", "TWO"]


# --- The qualifier table: the parser, the analyses, the charts and the dictionary read it --------

@pytest.mark.parametrize("name", list(QUALIFIERS))
def test_every_signal_word_parses_to_the_interval_its_qualifier_says(name):
    q = QUALIFIERS[name]
    for words in q.words:
        fig = parse_figure(f"{words} 1,000 and 2,000" if q.range else f"{words} 1,000")
        assert fig.qualifier == name, words
        if q.range:
            assert (fig.low, fig.high) == (1000, 2000)
        else:
            assert fig.low == (None if q.open_low else 1000), words
            assert fig.high == (None if q.open_high else 1000), words


def test_the_table_decides_what_the_parser_reads(monkeypatch):
    # A hedge added to the table is read by the parser; its flags decide the bounds.
    from claimtrace import numbers
    monkeypatch.setattr(numbers, "SIGNALS", [("no fewer than", "at least"), *numbers.SIGNALS])
    assert parse_figure("no fewer than 70") == Figure(70, None, "at least", "count")
    monkeypatch.setitem(numbers.QUALIFIERS, "at least",
                        numbers.Qualifier("at least", ("at least",), "m", open_low=True))
    assert parse_figure("at least 70") == Figure(None, 70, "at least", "count")


def test_vague_quantities_parse_to_their_table_interval():
    for words, (low, high) in VAGUE_QUANTITIES.items():
        assert parse_figure(words) == Figure(low, high, "vague", "count")


def test_dictionary_lists_every_qualifier_and_signal_word():
    from claimtrace.dictionary import render
    text = render({"resources": []})
    for q in QUALIFIERS.values():
        row = next(l for l in text.splitlines() if l.startswith(f"| `{q.name}` |"))
        assert all(f'"{w}"' in row for w in q.words) and q.meaning in row


# --- Newsroom hedges, rates and scale words in any case ---------------------------------------------

@pytest.mark.parametrize("printed, low, high, qualifier, kind", [
    ("some 45 percent", 45, 45, "about", "percent"),
    ("Some 40", 40, 40, "about", "count"),
    ("roughly 1.5 million", 1.5 * M, 1.5 * M, "about", "count"),
    ("~497,000", 497_000, 497_000, "about", "count"),
    ("as many as 3 million", None, 3 * M, "up to", "count"),
    ("upwards of 1,000", 1000, None, "more than", "count"),
    ("just over 1,000", 1000, None, "more than", "count"),
    ("just below 20%", 20, 20, "nearly", "percent"),
    ("1.8 Million", 1.8 * M, 1.8 * M, "exact", "count"),
    ("Up To 1.8 Million", None, 1.8 * M, "up to", "count"),
    ("By The Million", M, None, "vague", "count"),
    ("Tens Of Thousands", 20_000, None, "vague", "count"),
    ("an estimated one million or more", M, None, "at least", "count"),
    ("500,000 or higher", 500_000, None, "at least", "count"),
    ("greater than 80 percent", 80, None, "more than", "percent"),
    ("longer than 12", 12, None, "more than", "count"),
    ("fewer than 40", None, 40, "up to", "count"),
    ("less than 5 percent", None, 5, "up to", "percent"),
    ("3,000+", 3000, None, "at least", "count"),
    ("1-1.6 million", M, 1.6 * M, "between", "count"),
    ("surpassed 1,000", 1000, None, "more than", "count"),
])
def test_newsroom_hedges_and_scale_words_in_any_case(printed, low, high, qualifier, kind):
    assert parse_figure(printed) == Figure(low, high, qualifier, kind)


@pytest.mark.parametrize("printed, value, qualifier", [
    ("one in six", 100 / 6, "exact"),
    ("One in 25", 4, "exact"),
    ("nearly one in 25", 4, "nearly"),
    ("Nearly one in 25", 4, "nearly"),
    ("just below one in six", 100 / 6, "nearly"),
    ("about one in every 10", 10, "about"),
    ("1 in 4", 25, "exact"),
    ("one out of every three", 100 / 3, "exact"),
    ("about one out of five", 20, "about"),
])
def test_one_in_n_is_a_rate_in_percent(printed, value, qualifier):
    fig = parse_figure(printed)
    assert (fig.qualifier, fig.kind) == (qualifier, "percent")
    assert math.isclose(fig.low, value) and math.isclose(fig.high, value)


def test_an_open_rate_keeps_its_bound():
    assert parse_figure("as many as one in five") == Figure(None, 20, "up to", "percent")
    assert parse_figure("more than one in ten") == Figure(10, None, "more than", "percent")


@pytest.mark.parametrize("printed", ["one in", "one in 0", "one in 1 to 2", "one in five percent"])
def test_a_rate_that_is_not_one_is_refused(printed):
    with pytest.raises(FigureError):
        parse_figure(printed)


@pytest.mark.parametrize("printed, low, high, qualifier, kind", [
    ("half a million", M / 2, M / 2, "exact", "count"),
    ("Half a billion", 500_000_000, 500_000_000, "exact", "count"),
    ("one-third", 100 / 3, 100 / 3, "exact", "percent"),
    ("more than one-third", 100 / 3, None, "more than", "percent"),
    ("two thirds", 200 / 3, 200 / 3, "exact", "percent"),
    ("nearly three-quarters", 75, 75, "nearly", "percent"),
    ("800,000 to possibly more than two million", 800_000, 2 * M, "between", "count"),
    ("1 to perhaps 3 million", M, 3 * M, "between", "count"),
    ("up to an additional seven", None, 7, "up to", "count"),
    ("more than another 100", 100, None, "more than", "count"),
    ("an average of 1.29 million", 1.29 * M, 1.29 * M, "exact", "count"),
])
def test_halves_fractions_softened_ranges_and_fillers(printed, low, high, qualifier, kind):
    fig = parse_figure(printed)
    assert (fig.qualifier, fig.kind) == (qualifier, kind)
    for got, want in ((fig.low, low), (fig.high, high)):
        assert (got is None and want is None) or math.isclose(got, want)


def test_a_low_end_already_large_takes_no_scale_from_the_top():
    assert parse_figure("800,000 to 2 million") == Figure(800_000, 2 * M, "between", "count")
    assert parse_figure("two to three million") == Figure(2 * M, 3 * M, "between", "count")


@pytest.mark.parametrize("printed, value", [("about one-sixth", 100 / 6), ("a third", 100 / 3), ("two-fifths", 40),
                                            ("one eighth", 12.5)])
def test_fractions_read_as_percentages(printed, value):
    fig = parse_figure(printed)
    assert fig.kind == "percent" and math.isclose(fig.low, value) and math.isclose(fig.high, value)


def test_a_bound_and_or_more_together_are_refused():
    with pytest.raises(FigureError):
        parse_figure("up to 5 or more")
