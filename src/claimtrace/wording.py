"""Numbers and intervals in words: the one place the project writes a number for a reader.

Titles, labels, alt text, validation messages and synthetic figures all format numbers here, so
the same value reads the same way everywhere: `number` (thousands separators: "1,000,000",
"12.5"), `whole` (rounded: "195"), `number_words` (as a title writes it: "five", "one million"), `millions` ("1 million"),
`exact` (every significant digit, for error messages), `like` (in the style of a printed
figure), `bounds`/`span` (an interval as a reader's label) and `count` (a count
and its noun: "one document", "12 documents").
"""
from __future__ import annotations

_SMALL = "zero one two three four five six seven eight nine ten".split()


def number(x: float | None) -> str:
    """'1,000,000'; '12.5' (one decimal unless whole); '?' for a missing number."""
    if x is None:
        return "?"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def whole(x: float) -> str:
    """Rounded to a whole number, with separators: '195', '12,500'."""
    return f"{x:,.0f}"


def number_words(x: float) -> str:
    """A count or round figure as a title writes it: 'five', 'one million', '2,800'."""
    if float(x).is_integer() and 0 <= x <= 10:
        return _SMALL[int(x)]
    if x >= 1e6 and (x / 1e6).is_integer() and x / 1e6 <= 10:
        return f"{_SMALL[int(x / 1e6)]} million"
    return number(x)


def millions(x: float) -> str:
    """'1 million', '2.5 million'; below a million with separators: '980,000'."""
    return f"{x / 1e6:g} million" if x >= 1e6 else f"{x:,.0f}"


def exact(x: float | None) -> str:
    """Every significant digit (up to ten), with separators: '1,000,000', '12.5'; 'empty' if None."""
    return "empty" if x is None else f"{x:,.10g}"


def like(value: float, printed: str) -> str:
    """``value`` written the way ``printed`` writes its number: the same decimals, a separator if
    it has one (or from 10,000 up); whole numbers at least 1. like(2812.4, "2,800") -> '2,812'."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    if decimals:
        return f"{value:,.{decimals}f}" if "," in printed else f"{value:.{decimals}f}"
    value = max(1, int(round(value)))
    return f"{value:,}" if "," in printed or value >= 10_000 else str(value)


def span(low: float, high: float) -> str:
    """A derived range: '6,666,667 to 13,333,333', or one number when low equals high."""
    return number(low) if low == high else f"{number(low)} to {number(high)}"


def bounds(low: float | None, high: float | None, low_exclusive: bool = False,
           approximate: bool = False) -> str:
    """An interval for a reader (None: that side is open): 'above 1,000,000 (no upper bound
    given)', 'up to 1,500,000 (no lower bound given)', 'about 1,000,000', '200 to 999'."""
    if high is None and low is None:
        return "unbounded"
    if high is None:
        return f"{'above' if low_exclusive else 'at least'} {number(low)} (no upper bound given)"
    if low is None:
        return f"up to {number(high)} (no lower bound given)"
    if low == high:
        return f"{'about ' if approximate else ''}{number(low)}"
    return f"{number(low)} to {number(high)}"


def percent(pct: float) -> str:
    """A percentage as printed in a label: '12.5%', '15%'."""
    return f"{pct:g}%"


def share(fraction: float, decimals: int | None = None) -> str:
    """A fraction as a percentage, as precise as it was given: share(0.775) -> '77.5%', share(1.0) ->
    '100%'; with ``decimals``, rounded: share(0.775, 0) -> '78%'."""
    if decimals is None:
        return f"{round(fraction * 100, 6):g}%"
    return f"{fraction:.{decimals}%}"


def count(n: int, singular: str, plural: str | None = None, words: bool = True) -> str:
    """A count and its noun, agreeing: 'one document', '12 documents'; with ``words=False`` the
    count in digits: '1 document', '5 source documents'."""
    noun = singular if n == 1 else (plural or singular + "s")
    return f"{number_words(n) if words else f'{n:,}'} {noun}"


def quote(text: str) -> str:
    """Printed words in quote marks: “text”, or ‘text’ when the words hold double quote marks of
    their own (more than “one million” → ‘more than “one million”’), never a doubled mark."""
    text = str(text)
    return f"‘{text}’" if "“" in text or "”" in text else f"“{text}”"
