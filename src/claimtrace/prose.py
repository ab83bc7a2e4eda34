"""Every number the project writes in its own words is backed by the data, or listed with a reason.

``python -m claimtrace.prose [ROOT]`` reads the project's own texts:

- every markdown cell of ``notebooks/*.ipynb`` (located as "cell N", N counting from 1, as the
  runner's cell ids ``cell-NN`` do);
- ``figures/*.alt.txt``; the title and subtitle of ``figures/*.vl.json``;
- ``README.md`` up to its first ``## `` heading: the introduction and the generated headline.

Every numeric mention found by the data's own scanner (`validate.scan_mentions`) is read as a
figure (`numbers.parse_figure`): digits with their scale word ("25.9 million"), number words
("one million", "a million"), a low that takes the scale of its high ("1 to 2 million"), a
percentage or ratio ("12.5%", "64 times"), the hedge before it ("about", "an estimated": the
approximate qualifiers of `numbers.QUALIFIERS`), vague quantities ("tens of thousands", with the
interval of `numbers.VAGUE_QUANTITIES`) and dates ("1 March 2014", "Nov 2019", "2019-05-24").

A mention is **backed** when it equals, at its printed precision, one of:

1. the data: ``value_low``/``value_high`` of ``data/claims.csv``, ``value``/``value_high`` of
   ``data/reference/reference_figures.csv``, and the numbers printed in the tables' descriptive
   columns (claims ``figure``, ``scope``, ``component``; events ``event``; reference ``figure``,
   ``scope``, ``title``); the dates (and their years) of ``events.csv`` (``date``, ``date_end``),
   ``claims.csv`` (``period_start``, ``period_end``, ``claim_date``), ``sources.csv`` (publication
   dates and windows) and the reference table (``date``, ``year``); and the tables' counts: rows
   of each table, and the distinct values and rows per value of the categories in `COUNTED`
   ("42 figures from 5 source documents, attributed to 11 claimants");
2. a value computed in a notebook: any number in the text outputs of the notebook's code cells
   (``text/plain``, ``text/html``, streams). For a notebook's markdown, that notebook's outputs;
   for a figure's alt text and title, the outputs of the notebook that saves it
   (``save_chart``) and the chart's own data (the ``datasets`` of its Vega-Lite spec);
   the notebook's ``parameters`` cell counts as computed (its stated assumptions). The README's
   headline is written from the data, so only the data backs it;
3. a row of ``data/prose_numbers.csv`` (``file,text,number,reason``): in ``file``, the verbatim
   ``text`` (it must occur exactly once in that file's texts, as whole words; a line break matches a
   space) contains ``number``, which must be the whole mention ("300,000", "12.5" or "12.5%").
   A row whose text or number is no longer found is reported as stale.

**The rule of printed precision.** A mention printed as the number n has a precision p:

- with decimals, p is the place of the last decimal, in units of its scale word: "25.9 million"
  -> 100,000, "12.5%" -> 0.1, "2.0 million" -> 100,000 (a printed decimal zero counts);
- a whole number hedged as approximate ("about", "around", "roughly", "approximately", "an
  estimated", "nearly", "almost", "likely closer to"): with a scale word, p is the scale ("about
  10 million" -> 1,000,000); without one, its trailing zeros are not significant ("about 27,000"
  -> 1,000; "about 117" -> 1);
- a whole number with no hedge is written to the unit, p = 1, scale word or not: "286,000" must
  be 286,000 and "26 million" 26,000,000. Writers who round say so ("about 26 million") or print
  a decimal ("25.9 million").

A value v backs the mention when it rounds to n at p, i.e. |v - n| <= p/2: 27,096.7 backs "about
27,000"; 25,852,345 backs "25.9 million" and "about 26 million" but not "26 million"; 195.31
backs "195" and 194.0 does not. A percentage "p%" is also backed by the share p/100 (0.775
backs "77.5%"); a number printed with "%" in the tables or outputs backs only a percentage (the
"42.24%" of a census scope does not back "42 figures"). A vague quantity is backed by any value inside its interval ("tens of thousands":
20,000 to 99,999). A year (1900 to 2099, four digits, no separator) is backed by a year of the
tables' dates or by an equal value; a date by a date of the tables or the outputs that it equals
or contains ("2019-11" is backed by 2019-11-16; "16 November" by any 16 November).
"""
from __future__ import annotations

import argparse
import bisect
import html
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .numbers import (APPROXIMATE, QUALIFIERS, SCALES, VAGUE_QUANTITIES, FigureError, low_takes_scale, parse_figure,
                      parse_number)
from .problems import DataError
from .validate import scan_mentions

ALLOW_LIST = Path("data") / "prose_numbers.csv"
ALLOW_FIELDS = ["file", "text", "number", "reason"]

# --- Reading the mentions of a text ---------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(
    "January February March April May June July August September October November December".split(), 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["Sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_RE = re.compile(
    r"\b(?P<iso>(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])(?:-(?P<d>[0-3]\d))?)\b"
    r"|\b(?:(?P<day>[0-3]?\d)\s+)?(?P<month>" + _MONTH_RE + r")\.?(?:\s+(?P<year>\d{4}))?\b")
_VAGUE_RE = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, VAGUE_QUANTITIES), key=len, reverse=True))
                       + r")\b", re.IGNORECASE)
_HEDGES = sorted((w for q in QUALIFIERS.values() if q.approximate for w in q.words), key=len, reverse=True)
_HEDGE_RE = re.compile(r"(?:^|\W)(" + "|".join(map(re.escape, _HEDGES)) + r")\s+$", re.IGNORECASE)
_SUFFIX_RE = re.compile(r"\s?(%|per ?cent\b|percent\b)|\s(times)\b", re.IGNORECASE)
_RANGE_GAP = re.compile(r"\s*(?:to|and|or|–|-)\s*")
_WORD_GAP = re.compile(r"[\s-]+")
_SCALE_WORDS = dict(SCALES, hundred=100)


@dataclass
class Mention:
    """One numeric mention of a text, read as a figure."""

    start: int
    end: int
    printed: str
    kind: str                    # number, percent, vague, year or date
    value: float | None = None   # number, percent, year: the value read (None: unreadable)
    precision: float = 1.0       # the printed precision (module docstring)
    interval: tuple[float, float] | None = None  # vague: [low, high]
    date: str | None = None      # date: ISO at the printed precision, "--MM-DD" without a year
    number_end: int | None = None  # where the number ends, before a "%" or " times" after it


def _date_mention(m: re.Match) -> Mention | None:
    if m.group("iso"):
        return Mention(m.start(), m.end(), m.group(), "date", date=m.group("iso"))
    day, month, year = m.group("day"), _MONTHS[m.group("month")], m.group("year")
    if not day and not year:
        return None  # "May" alone is not a date
    iso = (year or "-") + f"-{month:02d}" + (f"-{int(day):02d}" if day else "")
    return Mention(m.start(), m.end(), m.group(), "date", date=iso)


def _takes_scale(text: str, low: list, high: list) -> bool:
    """`numbers.low_takes_scale` for two printed phrases: "1 to 2 million" shares its scale,
    "660,000 to 3 million" does not."""
    try:
        return low_takes_scale(parse_number(text[low[0]:low[1]]), high[3], parse_number(text[high[0]:high[1]]))
    except (FigureError, ValueError):
        return True


def read_mentions(text: str) -> list[Mention]:
    """The numeric mentions of ``text``, each read with its value and printed precision."""
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in _DATE_RE.finditer(text):
        mention = _date_mention(m)
        if mention:
            out.append(mention)
            taken.append((m.start(), m.end()))
    for m in _VAGUE_RE.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            low, high = VAGUE_QUANTITIES[m.group().lower()]
            out.append(Mention(m.start(), m.end(), m.group(), "vague", interval=(low, high or float("inf"))))
            taken.append((m.start(), m.end()))
    tokens = [t for t in scan_mentions(text) if not any(s < t.end and t.start < e for s, e in taken)]
    # group digits with their scale words ("25.9 million") and number words together ("one million")
    groups: list[list] = []
    for t in tokens:
        if groups:
            last = groups[-1]
            word = t.text.lower()
            if (_WORD_GAP.fullmatch(text[last[-1].end:t.start]) and t.text.isalpha()
                    and (last[0].text.isalpha() or word in _SCALE_WORDS)):
                last.append(t)
                continue
        groups.append([t])
    phrases = []
    for g in groups:
        start, end = g[0].start, g[-1].end
        article = re.search(r"(?i)\ban?\s+$", text[max(0, start - 5):start])
        if g[0].text.lower() in _SCALE_WORDS and article:
            start = max(0, start - 5) + article.start()  # "a million"
        scale = next((_SCALE_WORDS[t.text.lower()] for t in g[1:] if t.text.lower() in _SCALE_WORDS), None)
        phrases.append([start, end, g, scale])
    # a low without a scale takes its high's ("1 to 2 million", "between one and two million")
    ranges = set()
    for i in range(len(phrases) - 1):
        low, high = phrases[i], phrases[i + 1]
        if _RANGE_GAP.fullmatch(text[low[1]:high[0]]):
            ranges.add(i)
            if low[3] is None and high[3] is not None and len(low[2]) == 1 and _takes_scale(text, low, high):
                low[3] = -high[3]  # negative: inherited, not printed
    hedged_low = False
    for i, (start, end, g, scale) in enumerate(phrases):
        hedge = _HEDGE_RE.search(text[max(0, start - 30):start])
        hedged = bool(hedge) or (i - 1 in ranges and hedged_low)
        hedged_low = hedged
        suffix = _SUFFIX_RE.match(text, end)
        printed = text[start:end]
        readable = printed + (f" {_scale_name(-scale)}" if scale and scale < 0 else "")
        full_end = suffix.end() if suffix else end
        words = (hedge.group(1) + " " if hedge else "") + readable + (suffix.group() if suffix else "")
        try:
            fig = parse_figure(words)
        except FigureError:
            try:
                fig = parse_figure(readable + (suffix.group() if suffix else ""))
            except FigureError:
                out.append(Mention(start, full_end, text[start:full_end], "number", number_end=end))
                continue
        value = fig.low if fig.low is not None else fig.high
        digits = g[0].text
        approximate = hedged or fig.qualifier in APPROXIMATE
        kind = "percent" if fig.kind == "percent" else "number"
        if kind == "number" and not approximate and re.fullmatch(r"(19|20)\d\d", printed):
            kind = "year"
        unit = abs(scale) if scale else 1
        if digits[0].isdigit() and "." in digits:
            precision = 10.0 ** -len(digits.rsplit(".", 1)[1]) * unit
        elif approximate:
            if scale:
                precision = unit
            else:
                whole = str(int(value)) if value is not None else "1"
                precision = 10.0 ** (len(whole) - len(whole.rstrip("0")))
        else:
            precision = 1.0
        out.append(Mention(start, full_end, text[start:full_end], kind, value, precision, number_end=end))
    return sorted(out, key=lambda m: m.start)


def _scale_name(scale: float) -> str:
    return next(w for w, s in _SCALE_WORDS.items() if s == scale)


# --- What backs a mention ------------------------------------------------------------------------

@dataclass
class Backing:
    """Values and dates a mention may equal."""

    values: list[float] = field(default_factory=list)    # sorted
    percents: list[float] = field(default_factory=list)  # sorted: printed with "%", back only percentages
    dates: set[str] = field(default_factory=set)

    def add_text(self, text: str) -> None:
        for m in read_mentions(text):
            if m.kind == "date":
                self.dates.add(m.date)
            elif m.value is not None:
                (self.percents if m.kind == "percent" else self.values).append(m.value)

    def add_date(self, date: str) -> None:
        if date:
            self.dates.add(date)
            if date[:4].isdigit():
                self.values.append(float(date[:4]))

    def done(self) -> Backing:
        self.values = sorted(set(self.values))
        self.percents = sorted(set(self.percents))
        return self

    @staticmethod
    def _near(values: list[float], target: float, half: float) -> bool:
        """Some value rounds half up to ``target``: it lies in [target - half, target + half)."""
        eps = 1e-9 * max(1.0, abs(target))
        i = bisect.bisect_left(values, target - half - eps)
        return i < len(values) and values[i] < target + half - eps

    def backs(self, m: Mention) -> bool:
        if m.kind == "date":
            if m.date.startswith("--"):
                return any(d.endswith(m.date[1:]) for d in self.dates)
            return any(d == m.date or d.startswith(m.date + "-") for d in self.dates)
        if m.kind == "vague":
            low, high = m.interval
            i = bisect.bisect_left(self.values, low)
            return i < len(self.values) and self.values[i] <= high
        if m.value is None:
            return False
        if m.kind == "year" and any(d.startswith(m.printed) for d in self.dates):
            return True
        if self._near(self.values, m.value, m.precision / 2):
            return True
        return m.kind == "percent" and (self._near(self.percents, m.value, m.precision / 2)
                                        or self._near(self.values, m.value / 100, m.precision / 200))


# The categories whose rows the project counts ("20 figures have no claimant named", "42 figures from
# 5 source documents, attributed to 11 claimants"): each category's number of distinct values and
# rows per value back a mention, as does every table's number of rows.
COUNTED = {"claims": ["source_id", "measure", "subject", "qualifier", "unit", "claimant", "claimant_type", "attribution", "position"],
           "events": ["source_id", "event_type", "date_precision", "date_basis"],
           "sources": ["publisher_basis", "published_date_precision", "date_basis", "document_type"]}


def data_backing(root: Path) -> Backing:
    """The values, dates and counts of the claims, events, sources and reference tables."""
    from .load import load

    data = load(root / "data", check=False)  # `make validate` checks the package; this reads it
    reference = data.reference
    b = Backing()
    for frame, numbers, texts, dates in (
            (data.claims, ["value_low", "value_high"], ["figure", "scope", "component"],
             ["period_start", "period_end", "claim_date"]),
            (data.events, [], ["event"], ["date", "date_end"]),
            (data.sources, [], [], ["published_date", "published_earliest", "published_latest"]),
            (reference, ["value", "value_high"], ["figure", "scope", "title"], ["date", "year"])):
        for col in numbers:
            b.values += [float(v) for v in frame[col].dropna()]
        for col in texts:
            for text in frame[col].unique():
                b.add_text(text)
        for col in dates:
            for date in frame[col].astype("string").fillna("").unique():
                b.add_date(str(date)[:10])
    for frame, categories in ((data.claims, COUNTED["claims"]), (data.events, COUNTED["events"]),
                              (data.sources, COUNTED["sources"]), (data.non_claims, []), (reference, [])):
        b.values.append(len(frame))
        for col in categories:
            b.values.append(frame[col].nunique())
            b.values += [float(n) for n in frame[col].value_counts()]
    return b.done()


# --- The project's texts -------------------------------------------------------------------------

@dataclass
class Text:
    """One piece of the project's prose: its file, where each part starts, and its words."""

    path: str                           # project-relative
    text: str
    places: list[tuple[int, str]]       # (offset in text, location) in offset order
    notebook: str | None = None         # the notebook whose outputs may back it

    def where(self, offset: int) -> str:
        i = bisect.bisect_right([o for o, _ in self.places], offset) - 1
        return self.places[max(i, 0)][1]


def _lines(path: str, text: str, first_line: int = 1, notebook: str | None = None) -> Text:
    places, offset = [], 0
    for n, line in enumerate(text.split("\n"), first_line):
        places.append((offset, f"{n}"))
        offset += len(line) + 1
    return Text(path, text, places, notebook)


def _outputs(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append("".join(out.get("text", "")))
        data = out.get("data", {})
        for mime in ("text/plain", "text/markdown"):
            if mime in data:
                parts.append("".join(data[mime]))
        if "text/html" in data:
            parts.append(html.unescape(re.sub(r"<[^>]+>", " ", "".join(data["text/html"]))))
    return "\n".join(parts)


def _leaves(obj) -> list[str]:
    """Every number and string in a JSON value, as text."""
    if isinstance(obj, dict):
        return [x for v in obj.values() for x in _leaves(v)]
    if isinstance(obj, list):
        return [x for v in obj for x in _leaves(v)]
    return [] if obj is None or isinstance(obj, bool) else [repr(obj) if isinstance(obj, float) else str(obj)]


def project_texts(root: Path) -> tuple[list[Text], dict[str, str], dict[str, str]]:
    """The project's texts, the text outputs of each notebook, and which notebook saves each figure."""
    texts: list[Text] = []
    outputs: dict[str, str] = {}
    saves: dict[str, str] = {}
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        rel = path.relative_to(root).as_posix()
        nb = json.loads(path.read_text(encoding="utf-8"))
        code_outputs = []
        for n, cell in enumerate(nb["cells"], 1):
            source = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                texts.append(Text(rel, source, [(0, f"cell {n}")], rel))
            elif cell["cell_type"] == "code":
                code_outputs.append(_outputs(cell))
                if "parameters" in cell.get("metadata", {}).get("tags", []):
                    code_outputs.append(source)  # the notebook's parameters: its stated assumptions
                for name in re.findall(r"save_chart\([^,]+,\s*\"([a-z0-9_]+)\"", source):
                    saves[name] = rel
        outputs[rel] = "\n".join(code_outputs)
    figures = root / "figures"
    for path in sorted(figures.glob("*.alt.txt")):
        name = path.name[: -len(".alt.txt")]
        texts.append(_lines(path.relative_to(root).as_posix(), path.read_text(encoding="utf-8"),
                            notebook=saves.get(name)))
        spec_path = figures / f"{name}.vl.json"
        if spec_path.is_file():
            raw = spec_path.read_text(encoding="utf-8")
            spec = json.loads(raw)
            if saves.get(name) in outputs:  # the chart's data: values computed by the notebook that draws it
                outputs[saves[name]] += "\n" + "\n".join(_leaves(spec.get("datasets", {})))
            title = spec.get("title") or {}
            title = {"text": title} if isinstance(title, (str, list)) else title
            for key in ("text", "subtitle"):
                parts = title.get(key) or []
                parts = [parts] if isinstance(parts, str) else parts
                text, places = "", []
                for part in parts:
                    line = next((n for n, line in enumerate(raw.split("\n"), 1)
                                 if json.dumps(part, ensure_ascii=False) in line
                                 or json.dumps(part) in line), 1)
                    places.append((len(text), str(line)))
                    text += part + " "
                if text:
                    texts.append(Text(spec_path.relative_to(root).as_posix(), text.rstrip(), places, saves.get(name)))
    readme = root / "README.md"
    if readme.is_file():
        raw = readme.read_text(encoding="utf-8")
        head = re.search(r"^## ", raw, re.M)
        texts.append(_lines("README.md", raw[: head.start() if head else len(raw)]))
    return texts, outputs, saves


# --- The check -----------------------------------------------------------------------------------

@dataclass
class Result:
    texts: int = 0
    mentions: int = 0
    by_data: int = 0
    by_outputs: int = 0
    listed: int = 0
    problems: list[str] = field(default_factory=list)


def _context(text: str, start: int, end: int) -> str:
    left, right = text[max(0, start - 40):start], text[end:end + 40]
    snippet = " ".join((left + text[start:end] + right).split())
    return ("…" if start > 40 else "") + snippet + ("…" if end + 40 < len(text) else "")


def read_allow_list(root: Path) -> list[tuple[int, dict[str, str]]]:
    from .tables import read_csv

    path = root / ALLOW_LIST
    if not path.is_file():
        return []
    rows = read_csv(path, ALLOW_FIELDS, str(ALLOW_LIST))
    return [(i, dict(zip(ALLOW_FIELDS, row))) for i, row in enumerate(rows, start=2)]


def check(root: Path | str = ".") -> Result:
    """Every numeric mention of the project's texts under ``root``, and whether it is backed."""
    root = Path(root)
    result = Result()
    data = data_backing(root)
    texts, outputs, _ = project_texts(root)
    result.texts = len(texts)
    computed: dict[str, Backing] = {}
    for nb, out in outputs.items():
        computed[nb] = Backing()
        computed[nb].add_text(out)
        computed[nb].done()

    # allow-list: each row covers one span of one file's texts
    listed: dict[str, list[tuple[int, int, int]]] = {}   # path -> (text index, start, end)
    by_path: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        by_path.setdefault(t.path, []).append(i)
    for row, rec in read_allow_list(root):
        label = f"{ALLOW_LIST.as_posix()}, row {row}"
        offset = rec["text"].find(rec["number"]) if rec["number"] else -1
        if offset == -1:
            result.problems.append(f"{label}, column number: {rec['number']!r} is not part of the text {rec['text']!r}")
            continue
        # line breaks and spaces are alike (markdown wraps its lines)
        pattern = re.compile(r"(?<!\w)" + _spaced(rec["text"][:offset]) + "(" + _spaced(rec["number"]) + ")"
                             + _spaced(rec["text"][offset + len(rec["number"]):]) + r"(?!\w)")
        found = [(i, m.span(1)) for i in by_path.get(rec["file"], []) for m in pattern.finditer(texts[i].text)]
        if len(found) != 1:
            why = (f"is not found in {rec['file']}" if not found else
                   f"occurs {len(found)} times in {rec['file']}; lengthen it until it pins one place")
            result.problems.append(f"{label}, column text: {rec['text']!r} {why} "
                                   "(a stale entry: update or remove it)")
            continue
        i, span = found[0]
        if not any(span in ((m.start, m.end), (m.start, m.number_end)) for m in read_mentions(texts[i].text)):
            result.problems.append(f"{label}, column number: {rec['number']!r} is not a whole numeric mention "
                                   f"in {rec['text']!r} (a stale entry: update or remove it)")
            continue
        listed.setdefault(rec["file"], []).append((i, *span))

    for i, t in enumerate(texts):
        for m in read_mentions(t.text):
            result.mentions += 1
            if data.backs(m):
                result.by_data += 1
            elif t.notebook in computed and computed[t.notebook].backs(m):
                result.by_outputs += 1
            elif any(j == i and (s, e) in ((m.start, m.end), (m.start, m.number_end))
                     for j, s, e in listed.get(t.path, [])):
                result.listed += 1
            else:
                where = ("not computed in this notebook" if t.path.endswith(".ipynb") else
                         f"not computed in {t.notebook}, which draws it" if t.notebook else
                         "not computed in a notebook")
                result.problems.append(
                    f"{t.path}:{t.where(m.start)}: \"{_context(t.text, m.start, m.end)}\" number {m.printed} "
                    f"is not a figure of the claims, events or reference tables, {where}, "
                    f"and not listed in {ALLOW_LIST.as_posix()}")
    return result


def _spaced(words: str) -> str:
    """A pattern for ``words`` in which any run of white space matches any other."""
    return r"\s+".join(re.escape(part) for part in re.split(r"\s+", words))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimtrace.prose", description=__doc__.split("\n")[0])
    parser.add_argument("root", nargs="?", default=".", type=Path, help="the project folder (default: .)")
    args = parser.parse_args(argv)
    try:
        result = check(args.root)
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as err:
        print(f"prose: cannot read the project: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    if result.problems:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print(f"prose: {len(result.problems)} problem(s) in {result.mentions} numeric mentions "
              f"in {result.texts} texts", file=sys.stderr)
        return 1
    print(f"prose: {result.mentions} numeric mentions in {result.texts} texts, all backed "
          f"({result.by_data} by the data, {result.by_outputs} by notebook outputs, "
          f"{result.listed} listed in {ALLOW_LIST.as_posix()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
