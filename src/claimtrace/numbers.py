"""Read figures back out of their printed words, and find every numeric mention in a text.

``parse_figure("more than 1,000")`` gives ``Figure(low=1000, high=None, qualifier="more than")``.
Number words go through the maintained ``text2num`` library; this module adds what it does not
cover: separators, scales after digits ("3 million"), "a million", ranges ("1 to 2 million"),
qualifiers, percentages, rates ("one in six", read as a percentage), fractions ("one-third", read as a
percentage), "half a million", ranges hedged at their top ("800,000 to possibly more than two million"),
ratios ("64 times"), ages ("17-year-old") and vague quantities. Words are read in any case ("1.8 Million", "By The Million"). What
each qualifier and vague quantity means is in `QUALIFIERS` and `VAGUE_QUANTITIES` below.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

# --- What each qualifier means ------------------------------------------------------------------
#
# The one table the parser, the analyses, the charts and the data dictionary all read. A qualifier is
# the hedge a figure is printed with ("more than 1,000", "about 12.5%", "up to 1.5 million"). For
# each, `QUALIFIERS` says which printed words signal it, which side of the interval is open, whether
# the lower bound is exclusive, whether the figure is approximate, and the sentence the data
# dictionary prints. `VAGUE_QUANTITIES` gives the interval of each vague quantity ("hundreds",
# "tens of thousands", "millions"). Derived from them: `parse_figure` (which words to look for,
# which bound to fill), `analysis.interval` (exclusive, approximate), the charts (which reference
# figures are open-ended) and `dictionary.render` (data/README.md).

@dataclass(frozen=True)
class Qualifier:
    name: str                 # the value in claims.csv's ``qualifier`` column
    words: tuple[str, ...]    # the printed hedges that signal it (lower case), in the dictionary's order
    meaning: str              # the interval it stands for, in words (the data dictionary's column)
    open_low: bool = False    # no lower bound: low empty, high = the figure ("up to")
    open_high: bool = False   # no upper bound: low = the figure, high empty ("more than", "at least")
    low_exclusive: bool = False  # the figure itself is not included ("more than 1,000")
    approximate: bool = False    # hedged or vague: drawn as approximate
    range: bool = False          # two numbers, low and high ("between 1 and 2 million")


# In the data dictionary's order.
QUALIFIERS: dict[str, Qualifier] = {q.name: q for q in [
    Qualifier("exact", (), "The figure as printed, with no hedge: low = high = the figure. A rate (\"one in 25\") is "
                           "read as the percentage it stands for (100 / 25 = 4, unit percent), with its own hedge "
                           "(\"nearly one in 25\": nearly)."),
    Qualifier("about", ("approximately", "about", "around", "roughly", "some", "close to", "~", "≈"),
              "Approximately the figure (about, around, approximately, roughly, some, ~): low = high = the figure.",
              approximate=True),
    Qualifier("estimated", ("an estimated", "estimated", "est."),
              "An estimate of the figure (\"an estimated\"): low = high = the figure.", approximate=True),
    Qualifier("more than", ("more than", "upwards of", "just over", "over", "greater than", "longer than", "higher than",
                            "surpassed", "exceeded", "exceeding", ">"),
              "Strictly above the figure (more than, over, greater than, surpassed): low = the figure, high empty (open).",
              open_high=True, low_exclusive=True),
    Qualifier("at least", ("at least", "≥", "minimum estimate of"),
              "The figure or above (at least, ≥, a minimum estimate of, and the figure followed by \"or more\" or \"+\"): "
              "low = the figure, high empty (open).",
              open_high=True),
    Qualifier("nearly", ("nearly", "almost", "just below", "just under"),
              "Just below the figure (nearly, almost, just below): low = high = the figure.", approximate=True),
    Qualifier("up to", ("up to", "as many as", "upper limit estimate of", "speculative upper limit estimate of",
                        "less than", "fewer than"),
              "The figure or below (up to, as many as, an upper limit estimate of; less than and fewer than, which "
              "leave the figure itself out): low empty, high = the figure; "
              "a range so hedged (\"as many as 1,300 to 1,400\") reads as up to its top.",
              open_low=True),
    Qualifier("between", ("between", "from"), "A range (between X and Y, X to Y): low = X, high = Y.",
              range=True),
    Qualifier("likely closer to", ("likely closer to",),
              "The claimant's likelier, higher figure beside a lower bound: low = high = the figure.",
              approximate=True),
    Qualifier("vague", (), "A vague quantity given the interval in VAGUE_QUANTITIES: "
                           "the plural of a round number N means at least 2N, with no upper bound.",
              open_high=True, approximate=True),
]}

# Vague quantities -> (low, high); high None means open-ended. The rule: the plural of a round
# number N ("hundreds", "tens of thousands", "millions") means at least two N, and the words set no
# upper bound (writers say "thousands" of 15,000 people and "millions" of 25 million), so the
# interval is open: [2N, open). "by the million" and "by the thousand" count in units of N: at least
# one N (the phrase, unlike a plural, does not need two), with no upper bound.
VAGUE_QUANTITIES: dict[str, tuple[float, float | None]] = {
    "dozens": (24, None),
    "hundreds": (200, None),
    "thousands": (2_000, None),
    "tens of thousands": (20_000, None),
    "hundreds of thousands": (200_000, None),
    "millions": (2_000_000, None),
    "tens of millions": (20_000_000, None),
    "by the thousand": (1_000, None),
    "by the million": (1_000_000, None),
}

# "one in 25", "one in every six": a rate, read as a percentage (100 / N, unit percent), hedged like any figure
# ("nearly one in 25" is nearly 4%).
RATE_WORDS = ("in", "out of")  # "one in 25", "one out of every three"
RATE_RE = re.compile(rf"(?:one|a|1) (?:{'|'.join(RATE_WORDS)}) (?:every )?(.+)")

# "one-third", "two thirds", "three-quarters": a fraction, read as the percentage it stands for (100 / 3)
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
             "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
             "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
# A figure followed by these words has no upper bound: "one million or more" is at least one million.
OR_MORE = ("or more", "or higher", "or above")  # and a "+" glued to the figure: "3,000+"
FRACTION_RE = re.compile(r"([a-z]+)[- ](" + "|".join(FRACTIONS) + r")")
# Words between a hedge and its number that change nothing of the interval ("up to an additional seven
# months", "more than another 100"): the figure is the hedge and the number.
FILLERS = ("an additional", "a further", "another", "an extra", "an average of")
# Words that soften the top of a range ("800,000 to possibly more than two million"): the range still
# runs from its low to its high number.
RANGE_SOFTENERS = ("possibly", "perhaps", "probably", "potentially", "maybe")

# Printed hedge -> qualifier, longest hedge first (the parser takes the first that matches).
SIGNALS: list[tuple[str, str]] = sorted(
    ((w, q.name) for q in QUALIFIERS.values() for w in q.words), key=lambda wq: -len(wq[0]))

# Qualifiers whose figure is hedged ("about", "an estimated", ...): drawn as approximate.
APPROXIMATE = frozenset(q.name for q in QUALIFIERS.values() if q.approximate)
# Qualifiers whose lower bound is exclusive ("more than 1,000" does not include 1,000).
EXCLUSIVE_LOW = frozenset(q.name for q in QUALIFIERS.values() if q.low_exclusive)
RANGE = next(q.name for q in QUALIFIERS.values() if q.range)  # "between": the qualifier of a range


# --- Reading figures ------------------------------------------------------------------------------

SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
          "eighty ninety").split()
NUMBER_WORDS = _UNITS + ["hundred", "thousand", "million", "billion", "dozen",
                         "hundreds", "thousands", "millions", "billions", "dozens", "tens"]

# A numeric mention: a run of digits (with separators) or a number word.
MENTION_RE = re.compile(
    r"\d+(?:[.,]\d+)*|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)

_QUOTES = str.maketrans("", "", "“”\"‘’'«»")
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


class FigureError(ValueError):
    """The printed words cannot be read as a figure."""


@dataclass(frozen=True)
class Figure:
    low: float | None
    high: float | None
    qualifier: str
    kind: str  # count, percent, times or years


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str


def find_mentions(text: str) -> list[Mention]:
    """Every numeric mention (digits or a number word) in ``text``, in order."""
    return [Mention(m.start(), m.end(), m.group()) for m in MENTION_RE.finditer(text)]


def _normalise(text: str) -> str:
    text = text.translate(_QUOTES).replace("\u00a0", " ").lower()
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(".?!;:, ")


def parse_number(words: str) -> float:
    """Read one number: "2,800", "12.5", "3 million", "a million", "one million", "thirty-one"."""
    text = _normalise(words)
    if _DIGITS.fullmatch(text):
        return float(text.replace(",", ""))
    match = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?) (thousand|million|billion)", text)
    if match:
        return float(match.group(1).replace(",", "")) * SCALES[match.group(2)]
    half = re.fullmatch(r"half an? (thousand|million|billion)", text)
    if half:  # "half a million"
        return SCALES[half.group(1)] / 2
    text = re.sub(r"^an? (?=(hundred|thousand|million|billion)\b)", "one ", text)
    text = text.replace("-", " ")
    if not re.fullmatch(r"[a-z ]+", text or "0"):
        raise FigureError(f"cannot read {words!r} as a number")
    try:
        return float(text2num(text, "en"))
    except ValueError:
        raise FigureError(f"cannot read {words!r} as a number") from None


def _scale_of(text: str) -> float:
    last = text.split()[-1] if text.split() else ""
    return SCALES.get(last, 1)


def low_takes_scale(low: float, scale: float, high: float) -> bool:
    """Whether the low end of a range printed without a scale word takes its top's ("1 to 2 million",
    "two to three million"), which it does only when it is small: "660,000 to 3 million" stays 660,000.
    The one rule, for the parser and the prose check alike."""
    return scale > 1 and low * scale < high


def parse_figure(printed: str) -> Figure:
    """Read a printed figure into an interval with its qualifier and kind.

    Raises FigureError when the words are not a figure this parser knows.
    """
    text = _normalise(printed)
    if not text:
        raise FigureError("the figure is empty")
    kind = "count"
    if re.search(r"(-year-old| years old| years|-year)$", text):
        kind, text = "years", re.sub(r"(-year-old| years old| years|-year)$", "", text)
    elif re.match(r"(from )?(the )?(ages of|aged) ", text):
        kind, text = "years", re.sub(r"^(from )?(the )?(ages of|aged) ", "", text)
    if text.endswith("%"):
        kind, text = "percent", text[:-1].rstrip()
    elif re.search(r" per ?cent$", text):
        kind, text = "percent", re.sub(r" per ?cent$", "", text)
    elif text.endswith(" times"):
        kind, text = "times", text[: -len(" times")]

    text = re.sub(r"^([~≈≥>])\s*", r"\1 ", text)  # "≥1 million": a sign glued to its number
    qualifier = None
    suffix = next((w for w in OR_MORE if text.endswith(" " + w)), None)
    if suffix:  # "an estimated one million or more": at least the figure, whatever hedge comes before
        text = text[: -len(suffix) - 1]
    elif text.endswith("+") and not text.startswith(("+", ">")):  # "3,000+", an infobox's "at least"
        suffix, text = "+", text[:-1].rstrip()
    for _ in range(2):  # two hedges may stack: "over an estimated one million", "est. ≥1 million"
        for words, canonical in SIGNALS:
            if text.startswith(words + " "):
                text = re.sub(r"^([~≈≥>])\s*", r"\1 ", text[len(words) + 1:])
                # of two, a bound (more than, at least, up to) wins over an approximation (about, estimated)
                if qualifier is None or (QUALIFIERS[qualifier].approximate and not QUALIFIERS[canonical].approximate):
                    qualifier = canonical
                break
        else:
            break

    for filler in FILLERS:
        if text.startswith(filler + " "):
            text = text[len(filler) + 1:]
            break
    if suffix:
        if qualifier is not None and not QUALIFIERS[qualifier].approximate:
            raise FigureError(f"{printed!r}: {qualifier!r} and {suffix!r} together")
        qualifier = "at least"

    fraction = FRACTION_RE.fullmatch(text)
    if fraction and kind == "count":  # "one-third": the percentage it stands for
        count = 1.0 if fraction.group(1) in ("a", "an") else parse_number(fraction.group(1))  # "a third"
        value = count * 100 / FRACTIONS[fraction.group(2)]
        q = QUALIFIERS[qualifier or "exact"]
        if q.range:
            raise FigureError(f"{printed!r}: {qualifier!r} needs two numbers")
        return Figure(None if q.open_low else value, None if q.open_high else value, q.name, "percent")

    rate = RATE_RE.fullmatch(text)
    if rate and kind == "count":  # "one in 25": a rate, read as the percentage it stands for (4%)
        denominator = parse_number(rate.group(1))
        if denominator <= 1:
            raise FigureError(f"{printed!r}: one in {denominator:g} is not a rate")
        value = 100 / denominator
        q = QUALIFIERS[qualifier or "exact"]
        if q.range:
            raise FigureError(f"{printed!r}: {qualifier!r} needs two numbers")
        return Figure(None if q.open_low else value, None if q.open_high else value, q.name, "percent")

    if text in VAGUE_QUANTITIES:
        if qualifier is not None:
            raise FigureError(f"{printed!r}: a hedge on a vague quantity is not supported")
        low, high = VAGUE_QUANTITIES[text]
        return Figure(low, high, "vague", kind)

    parts = (re.fullmatch(r"(.+?) (?:to|and|-|–) (.+)", text)
             or re.fullmatch(r"([\d.,]+) ?[-–] ?([\d.,]+(?: (?:thousand|million|billion))?)", text))  # "1-1.6 million"
    if parts:
        capped = qualifier is not None and QUALIFIERS[qualifier].open_low  # "as many as 1,300 to 1,400"
        if qualifier is not None and not QUALIFIERS[qualifier].range and not capped:
            raise FigureError(f"{printed!r}: a range cannot be hedged with {qualifier!r}")
        low_text, high_text = parts.group(1), parts.group(2)
        # "to possibly more than two million": a softened, hedged top is still the range's top
        high_text = re.sub(rf"^(?:(?:{'|'.join(RANGE_SOFTENERS)}) )?(?:(?:more than|over|at least|as many as|up to) )?",
                           "", high_text)
        low = parse_number(low_text)
        high = parse_number(high_text)
        if not re.search(r"\b(hundred|thousand|million|billion)\b", low_text) and low_takes_scale(low, _scale_of(high_text), high):
            low *= _scale_of(high_text)  # "1 to 2 million", "two to three million": the scale applies to both
        if low >= high:
            raise FigureError(f"{printed!r}: the range runs from {low:g} down to {high:g}")
        if capped:  # an upper estimate given as a range: at most its top, no lower bound said
            return Figure(None, high, qualifier, kind)
        return Figure(low, high, RANGE, kind)

    if qualifier is not None and QUALIFIERS[qualifier].range:
        raise FigureError(f"{printed!r}: {qualifier!r} needs two numbers")
    value = parse_number(text)
    q = QUALIFIERS[qualifier or "exact"]
    return Figure(None if q.open_low else value, None if q.open_high else value, q.name, kind)


# Which units each kind of figure may be stored in.
KIND_UNITS = {"percent": {"percent"}, "times": {"times"}, "years": {"years"}}


def unit_fits(kind: str, unit: str) -> bool:
    """Whether a figure of this kind may be recorded in this unit."""
    if kind in KIND_UNITS:
        return unit in KIND_UNITS[kind]
    return not any(unit in units for units in KIND_UNITS.values())
