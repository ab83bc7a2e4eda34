"""Fuzzing with hypothesis: any input yields valid data or a clean error, never a crash."""
from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings, strategies as st

from claimtrace.numbers import Figure, FigureError, find_mentions, parse_figure
from claimtrace.problems import DataError
from claimtrace.tables import read_csv

FIELDS = ["a", "b", "c"]
words = st.sampled_from(["more than", "about", "over", "between", "to", "and", "one", "million",
                         "tens", "of", "thousands", "hundreds", "%", "times", "a", "1,000", "2",
                         "12.5", "-year-old", "ages of", "“", "”", "by the", "up to", "nearly"])


@given(st.one_of(st.text(max_size=40), st.lists(words, max_size=6).map(" ".join)))
@settings(max_examples=400, deadline=None)
def test_parse_figure_returns_a_figure_or_a_clean_error(text):
    try:
        fig = parse_figure(text)
    except FigureError:
        return
    assert isinstance(fig, Figure)
    assert fig.low is not None or fig.high is not None
    if fig.low is not None and fig.high is not None:
        assert fig.low <= fig.high


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_find_mentions_spans_are_exact(text):
    for m in find_mentions(text):
        assert text[m.start:m.end] == m.text


csv_bytes = st.one_of(
    st.binary(max_size=200),
    st.lists(st.lists(st.text(alphabet=string.printable + "é“”", max_size=8), min_size=0, max_size=4),
             max_size=5).map(lambda rows: "\n".join(",".join(r) for r in [FIELDS] + rows).encode()),
)


@given(csv_bytes)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_read_csv_returns_rows_or_a_clean_error(tmp_path, raw):
    path = tmp_path / "t.csv"
    path.write_bytes(raw)
    try:
        rows = read_csv(path, FIELDS)
    except DataError as err:
        assert err.problems and all(p.file == str(path) and p.message for p in err.problems)
        return
    assert rows and all(len(r) == len(FIELDS) for r in rows)
