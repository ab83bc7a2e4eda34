"""Every check of the data package, in three layers:

1. CSV level (``tables.read_csv``): encoding, shape, header.
2. Schema level (the Frictionless library, against ``datapackage.json``): types, required
   fields, enums, patterns, primary and foreign keys.
3. Provenance (here): checksums, dates that exist (a column the schema declares a partial date,
   `PARTIAL_DATE`), verbatim quotes, one claim per printed figure, values read back from the
   printed figure, intervals, and coverage of every numeric mention in every source.

``validate(data_dir)`` returns a list of Problems; empty means valid. It writes nothing.

Speed (a package of 100,000 claims is checked in seconds): a fast pass applies the schema's
types, required fields, enums, patterns and keys itself, and the Frictionless library is run only
when that pass finds a fault, to name it (the fast pass accepts nothing Frictionless would refuse:
tests/test_bench_fastpaths.py); figures are parsed once per distinct printed figure; numeric
mentions are found by a scan equivalent to `numbers.find_mentions`, about twice as fast.
"""
from __future__ import annotations

import bisect
import calendar
import difflib
import hashlib
import math
import os
import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from . import wording as W
from .numbers import NUMBER_WORDS, FigureError, Mention, parse_figure, unit_fits
from .package import DATA_DIR, OWN, Package, read_package
from .problems import DataError, Problem

PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10}


# ---------------------------------------------------------------- partial dates

# A date at the precision known: a year, a month or a day. datapackage.json declares such a column
# as a string with exactly this pattern (months 01-12, days 01-31); `check` then also refuses a day
# its month does not have (2019-02-30), and the data dictionary shows the column as a date.
PARTIAL_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
PARTIAL_DATE_FORM = "YYYY, YYYY-MM or YYYY-MM-DD"


def is_partial_date(field: dict) -> bool:
    """True if the schema ``field`` is declared a partial date (type string, pattern PARTIAL_DATE)."""
    return field.get("type") == "string" and field.get("constraints", {}).get("pattern") == PARTIAL_DATE


@lru_cache(maxsize=10_000)
def date_problem(value: str) -> str | None:
    """What is wrong with ``value`` as a date at year, month or day precision, said of it
    ("is not a date: there is no month 13"); None if it is one."""
    match = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", value)
    if not match:
        return f"does not have the required form {PARTIAL_DATE_FORM}"
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        return f"is not a date: there is no month {match[2]}"
    if day is not None:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= 31:
            return f"is not a date: there is no day {match[3]}"
        if day > days:
            return f"is not a date: {calendar.month_name[month]} {year} has {days} days"
    return None


def date_span(value: str) -> tuple[str, str]:
    """The first and last day a partial date stands for: 2019 -> 2019-01-01, 2019-12-31;
    2019-02 -> 2019-02-01, 2019-02-28; a day -> that day twice."""
    year, month, day = (value.split("-") + [None, None])[:3]
    if day:
        return value, value
    first, last = (int(month), int(month)) if month else (1, 12)
    return (f"{year}-{first:02d}-01", f"{year}-{last:02d}-{calendar.monthrange(int(year), last)[1]:02d}")


# ---------------------------------------------------------------- schema (Frictionless)

def _descriptor_problems(pkg: Package) -> list[Problem]:
    """datapackage.json itself must be a valid Frictionless descriptor."""
    from frictionless import FrictionlessException, Package as FPackage

    label = str(pkg.data_dir / "datapackage.json")
    try:
        errors = list(FPackage.metadata_validate(pkg.descriptor))
    except FrictionlessException as err:
        return [Problem(label, None, None, f"not a valid data package descriptor: {err.error.message}")]
    return [Problem(label, None, None, f"not a valid data package descriptor: {e.message}") for e in errors]


def _schema_problems(pkg: Package) -> list[Problem]:
    from frictionless import Package as FPackage, Resource, Schema, system

    resources = []
    for res in pkg.descriptor["resources"]:
        schema = Schema.from_descriptor(res["schema"])
        resources.append(Resource(name=res["name"], data=[pkg.fields(res["name"])] + pkg.rows[res["name"]],
                                  schema=schema))
    with system.use_context(trusted=True):
        report = FPackage(resources=resources).validate()
    problems = [Problem(str(pkg.data_dir / "datapackage.json"), None, None, e.message) for e in report.errors]
    for task in report.tasks:
        label = pkg.label(task.name)
        schema = pkg.resource(task.name)["schema"]
        types = {f["name"]: f["type"] for f in schema["fields"]}
        for e in task.errors:
            row = getattr(e, "row_number", None)
            column = getattr(e, "field_name", None)
            cell = getattr(e, "cell", None)
            field = next((f for f in schema["fields"] if f["name"] == column), {})
            if e.type == "type-error":
                msg = f"{cell!r} is not a {types.get(column, 'value')}"
                if types.get(column) == "date":  # a day, as Frictionless reads it: say why not, if it is the form
                    why = date_problem(cell) if re.fullmatch(r"\d{4}-\d\d-\d\d", cell or "") else None
                    msg = f"{cell!r} {why}" if why else msg + " (expected YYYY-MM-DD)"
            elif e.type == "constraint-error" and e.note.startswith('constraint "pattern"') and is_partial_date(field):
                msg = f"{cell!r} {date_problem(cell) or 'is not a date'}"
            elif e.type == "constraint-error" and e.note.startswith('constraint "required"'):
                msg = "is required but empty"
            elif e.type == "constraint-error" and e.note.startswith('constraint "enum"'):
                allowed = field["constraints"]["enum"]
                msg = (f"{cell!r} is not an allowed value; allowed: " + ", ".join(allowed)
                       + f". If it belongs in the vocabulary, add it to the list at "
                       + _enum_line(pkg, task.name, column) + ' (data/README.md, "Growing the vocabulary")')
            elif e.type == "constraint-error" and e.note.startswith('constraint "pattern"'):
                pattern = field["constraints"]["pattern"]
                msg = f"{cell!r} does not have the required form ({pattern})"
            elif e.type == "primary-key":
                column = ",".join(schema["primaryKey"])
                msg = f"duplicate {column} {e.cells[0]!r}; ids must be unique ({e.note})"
            elif e.type == "foreign-key":
                problems.extend(_foreign_key_problems(pkg, task.name, row, e.cells or []))
                continue
            elif e.type in ("missing-cell", "extra-cell"):
                continue  # reported by read_csv already
            else:
                msg = e.message
            problems.append(Problem(label, row, column, msg))
    return problems


def _foreign_key_problems(pkg: Package, name: str, row: int | None, cells: list) -> list[Problem]:
    """Each reference of a row that names nothing in its target table (a table may have several
    foreign keys: claims refer to sources and to the vocabulary of what is counted)."""
    fields = pkg.fields(name)
    out = []
    for fk in pkg.resource(name)["schema"].get("foreignKeys", []):
        target = fk["reference"]["resource"] or name
        column, key = _names(fk["fields"])[0], _names(fk["reference"]["fields"])[0]
        at, key_at = fields.index(column), pkg.fields(target).index(key)
        value = cells[at] if at < len(cells) else ""
        if value in ("", None) or value in {r[key_at] for r in pkg.rows[target]}:
            continue
        msg = f"{value!r} is not a {key} listed in {pkg.label(target)}"
        if target == "counted":
            msg += ('; if it is a new thing to count, add its row there, with its definition and its relation '
                    'to the others (data/README.md, "What is counted")')
        out.append(Problem(pkg.label(name), row, column, msg))
    return out


def _enum_line(pkg: Package, resource: str, column: str) -> str:
    """Where an analyst grows a vocabulary: 'data/datapackage.json, line N' of the enum of
    ``column`` in ``resource`` (the file as written: resources in order, each field's name before
    its constraints)."""
    path = pkg.data_dir / "datapackage.json"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return str(path)
    table = pkg.resource(resource)["path"]
    at = next((i for i, line in enumerate(lines) if f'"{table}"' in line), 0)
    at = next((i for i in range(at, len(lines)) if f'"name": "{column}"' in lines[i]), None)
    if at is not None:
        at = next((i for i in range(at, len(lines)) if '"enum"' in lines[i]), None)
    return f"{path}, line {at + 1}" if at is not None else str(path)


# ---------------------------------------------------------------- schema, fast pass

_FAST_FIELD_KEYS = {"name", "type", "title", "description", "example", "constraints"}
_FAST_SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys", "missingValues"}
_DATE_FORMAT = "%Y-%m-%d"  # Frictionless's default date format


def _names(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _is_number(cell: str) -> bool:
    try:
        Decimal(cell)  # what Frictionless casts a number cell with
    except (InvalidOperation, ValueError):
        return False
    return True


def _is_date(cell: str) -> bool:
    try:
        datetime.strptime(cell, _DATE_FORMAT)
    except ValueError:
        return False
    return True


def _schema_fast_ok(pkg: Package) -> bool:
    """True only if Frictionless would find no fault in the tables against their schemas.

    Applies the subset of Table Schema this package uses (types string, number and date;
    constraints required, pattern and enum; primary and foreign keys) the way Frictionless does,
    column by column over distinct values. Anything else in a schema, and any fault found, gives
    False: Frictionless then checks the package and names every fault.
    """
    keys: dict[str, set[tuple]] = {}
    for res in pkg.descriptor["resources"]:
        schema = res["schema"]
        if set(schema) - _FAST_SCHEMA_KEYS or schema.get("missingValues", [""]) != [""]:
            return False
        rows = pkg.rows[res["name"]]
        if any(not any(row) for row in rows):
            return False  # a blank row
        columns = list(zip(*rows)) if rows else [() for _ in schema["fields"]]
        for field, column in zip(schema["fields"], columns):
            if set(field) - _FAST_FIELD_KEYS:
                return False
            constraints = field.get("constraints", {})
            if set(constraints) - {"required", "pattern", "enum"}:
                return False
            values = set(column)
            if constraints.get("required") and "" in values:
                return False
            values.discard("")  # a missing value: only "required" applies to it
            kind = field["type"]
            if kind == "number":
                if "enum" in constraints or "pattern" in constraints or not all(map(_is_number, values)):
                    return False
            elif kind == "date":
                if "enum" in constraints or "pattern" in constraints or not all(map(_is_date, values)):
                    return False
            elif kind != "string":
                return False
            if "enum" in constraints and not values <= set(constraints["enum"]):
                return False
            if "pattern" in constraints:
                match = re.compile("^{0}$".format(constraints["pattern"])).match  # as Frictionless
                if not all(match(v) for v in values):
                    return False
        names = [f["name"] for f in schema["fields"]]
        if "primaryKey" in schema:
            idx = [names.index(n) for n in _names(schema["primaryKey"])]
            tuples = [tuple(row[i] for i in idx) for row in rows]
            if len(set(tuples)) != len(tuples) or any("" in t for t in tuples):
                return False
            keys[res["name"]] = set(tuples)
    for res in pkg.descriptor["resources"]:
        names = pkg.fields(res["name"])
        for fk in res["schema"].get("foreignKeys", []):
            target = fk["reference"]["resource"] or res["name"]
            target_res = next((r for r in pkg.descriptor["resources"] if r["name"] == target), None)
            if target_res is None or _names(fk["reference"]["fields"]) != _names(target_res["schema"].get("primaryKey", [])):
                return False
            idx = [names.index(n) for n in _names(fk["fields"])]
            used = {tuple(row[i] for i in idx) for row in pkg.rows[res["name"]]}
            used.discard(("",) * len(idx))  # an empty reference refers to nothing (as Frictionless reads it)
            if not used <= keys.get(target, set()):
                return False
    return True


# ---------------------------------------------------------------- provenance

# One parse per distinct printed figure: figures repeat ("more than one million") across documents.
_parse_figure = lru_cache(maxsize=100_000)(parse_figure)

# Numeric mentions, as numbers.find_mentions finds them, faster: MENTION_RE tries every number
# word at every position; this pattern tries them only where a word starts with one of their first
# letters (or with a non-ASCII letter, which case-folding might match), and every match is a
# mention. The two agree (tests/test_bench_fastpaths.py checks it).
_FIRST = "".join(sorted({w[0] for w in NUMBER_WORDS}))
_FAST_MENTION_RE = re.compile(r"\d+(?:[.,]\d+)*|(?<!\w)(?=[" + _FIRST + r"]|[^\x00-\x7f])(?:"
                              + "|".join(NUMBER_WORDS) + r")(?!\w)", re.IGNORECASE)


def scan_mentions(text: str) -> list[Mention]:
    """Every numeric mention in ``text``: the same list as numbers.find_mentions(text)."""
    return [Mention(m.start(), m.end(), m.group()) for m in _FAST_MENTION_RE.finditer(text)]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _closest(text: str, quote: str) -> str:
    match = difflib.SequenceMatcher(None, text, quote, autojunk=False).find_longest_match(
        0, len(text), 0, len(quote))
    return text[match.a: match.a + match.size]


def _occurrences(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start != -1 and needle:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


def accounted(where: list[int], quote: str, inner: str = "") -> list[tuple[int, int]]:
    """The coverage rule: the parts of a text a row accounts for, given where its quote occurs
    (``where``): ``inner`` (a claim's figure, a non-claim's mention) at its first place in the
    quote, or the whole quote (an event); none if ``inner`` is not in the quote."""
    offset = quote.find(inner) if inner else 0
    size = len(inner) if inner else len(quote)
    return [] if offset == -1 else [(start + offset, start + offset + size) for start in where]


def _num(text: str) -> float | None:
    return float(text) if text.strip() != "" else None


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _check_archive(pkg: Package, table: str, id_column: str, folder: Path, kind: str) -> tuple[dict[str, str], list[Problem]]:
    """Checksums and completeness of archived files (``kind``: "source" or "excerpt") listed in
    ``table``: each listed file exists, matches its SHA-256 and is UTF-8 text, and every *.txt in
    ``folder`` is listed. Returns the texts of the files that passed, by id."""
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    label = pkg.label(table)
    listed = set()
    root = pkg.root  # resolved once: resolving every path costs seconds for 10,000 sources
    for row, rec in pkg.records(table):
        path = root / rec["path"]
        listed.add(Path(os.path.normpath(path)))
        if not path.is_file():
            problems.append(Problem(label, row, "path", f"archived {kind} {rec['path']} is missing"))
            continue
        actual = _sha256(path)
        if actual != rec["sha256"]:
            problems.append(Problem(label, row, "sha256",
                                    f"{rec['path']} has sha256 {actual}, not the recorded {rec['sha256']}: "
                                    f"the archived {kind} changed (archived {kind}s are never edited)"))
            continue
        try:
            texts[rec[id_column]] = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(label, row, "path", f"{rec['path']} is not valid UTF-8 text"))
        if rec.get("html_path"):  # a web page archived as it was, beside the text extracted from it
            page = root / rec["html_path"]
            listed.add(Path(os.path.normpath(page)))
            if not page.is_file():
                problems.append(Problem(label, row, "html_path", f"archived page {rec['html_path']} is missing"))
            elif _sha256(page) != rec["html_sha256"]:
                problems.append(Problem(label, row, "html_sha256", f"{rec['html_path']} has sha256 {_sha256(page)}, "
                                        f"not the recorded {rec['html_sha256']}: the archived page changed"))
    folder = folder.resolve()
    if folder.is_dir():
        for path in sorted([*folder.glob("*.txt"), *folder.glob("*.html")]):
            if path not in listed:
                problems.append(Problem(str(path), None, None, f"archived {kind} is not listed in " + label))
    return texts, problems


def _check_partial_dates(pkg: Package) -> list[Problem]:
    """Every cell of a column the schema declares a partial date is a date that exists (the pattern
    admits 2019-02-30; the calendar does not)."""
    problems = []
    for res in pkg.descriptor["resources"]:
        for i, field in enumerate(res["schema"]["fields"]):
            if not is_partial_date(field):
                continue
            for row, values in enumerate(pkg.rows[res["name"]], start=2):
                why = values[i] and date_problem(values[i])
                if why:
                    problems.append(Problem(pkg.label(res["name"]), row, field["name"], f"{values[i]!r} {why}"))
    return problems


def _check_dates(label: str, row: int, rec: dict, start: str, end: str) -> list[Problem]:
    if rec.get(start) and rec.get(end) and rec[end][: len(rec[start])] < rec[start][: len(rec[end])]:
        return [Problem(label, row, end, f"{rec[end]} is before {start} {rec[start]}")]
    return []


def _check_quotes(pkg: Package, texts: dict[str, str]) -> tuple[dict[str, list[tuple[int, int]]], list[Problem]]:
    """Quotes verbatim, figures read back, intervals. Returns covered spans per source."""
    problems: list[Problem] = []
    covered: dict[str, list[tuple[int, int]]] = {sid: [] for sid in texts}

    def locate(table: str, row: int, rec: dict) -> list[int]:
        text = texts.get(rec["source_id"])
        if text is None:
            return []  # the source itself failed, already reported
        where = _occurrences(text, rec["quote"])
        if not where:
            hint = _closest(text, rec["quote"])
            problems.append(Problem(pkg.label(table), row, "quote",
                                    f"not found verbatim in {rec['source_id']}"
                                    + (f"; the longest matching part is {hint!r}" if len(hint) > 3 else "")))
        return where

    # claims
    label = pkg.label("claims")
    publishers = {rec["source_id"]: rec["publisher"] for _, rec in pkg.records("sources")}
    first: dict[tuple[str, str, str], str] = {}  # (source, quote, figure): the claim that records it
    for row, rec in pkg.records("claims"):
        printed = (rec["source_id"], rec["quote"], rec["figure"])
        if printed in first:
            problems.append(Problem(label, row, "figure", f"{rec['figure']!r} in this quote of {rec['source_id']} "
                                    f"is claim {first[printed]} already: a printed figure is one claim"))
        first.setdefault(printed, rec["claim_id"])
        problems += _check_dates(label, row, rec, "period_start", "period_end")
        low, high = _num(rec["value_low"]), _num(rec["value_high"])
        if low is not None and high is not None and low > high:
            problems.append(Problem(label, row, "value_low", f"value_low {W.exact(low)} is above value_high {W.exact(high)}"))
        where = locate("claims", row, rec)
        if rec["figure"] not in rec["quote"]:
            problems.append(Problem(label, row, "figure", f"{rec['figure']!r} is not part of the quote"))
            continue
        covered.get(rec["source_id"], []).extend(accounted(where, rec["quote"], rec["figure"]))
        problems += _read_back(label, row, f"claim {rec['claim_id']}", rec, "value_low", "value_high")
        problems += _check_claim_date(label, row, rec, texts.get(rec["source_id"]))
        publisher = publishers.get(rec["source_id"])
        if publisher is not None and (rec["claimant"] == publisher) != (rec["attribution"] in OWN):
            problems.append(Problem(label, row, "claimant", (
                f"attribution {rec['attribution']!r} needs the publisher {publisher!r} as claimant"
                if rec["attribution"] in OWN else
                f"attribution {rec['attribution']!r} names somebody other than the publisher, but claimant is the publisher")))

    # events
    label = pkg.label("events")
    for row, rec in pkg.records("events"):
        if rec["date"] and len(rec["date"]) != PRECISION_LENGTH.get(rec["date_precision"], -1):
            problems.append(Problem(label, row, "date_precision",
                                    f"date {rec['date']} is not at {rec['date_precision']} precision"))
        if rec["date_basis"] == "inferred" and not rec["date_clue"].strip():
            problems.append(Problem(label, row, "date_clue", "an inferred date needs its clue"))
        problems += _check_dates(label, row, rec, "date", "date_end")
        covered.get(rec["source_id"], []).extend(accounted(locate("events", row, rec), rec["quote"]))

    # non-claims
    label = pkg.label("non_claims")
    for row, rec in pkg.records("non_claims"):
        where = locate("non_claims", row, rec)
        if len(where) > 1:
            problems.append(Problem(label, row, "quote", f"occurs {len(where)} times in {rec['source_id']}; "
                                    "lengthen it until it pins one place"))
            continue
        if rec["mention"] not in rec["quote"]:
            problems.append(Problem(label, row, "mention", f"{rec['mention']!r} is not part of the quote"))
            continue
        covered.get(rec["source_id"], []).extend(accounted(where, rec["quote"], rec["mention"]))

    # sources: published dates
    label = pkg.label("sources")
    for row, rec in pkg.records("sources"):
        if len(rec["published_date"]) != PRECISION_LENGTH.get(rec["published_date_precision"], -1):
            problems.append(Problem(label, row, "published_date_precision",
                                    f"published_date {rec['published_date']} is not at "
                                    f"{rec['published_date_precision']} precision"))
        problems += _check_dates(label, row, rec, "published_earliest", "published_latest")
    return covered, problems



def _check_claim_date(label: str, row: int, rec: dict, text: str | None) -> list[Problem]:
    """A claim's date has its basis: 'stated' and 'inferred' need the date and the clue ('stated'
    words found verbatim in the source), 'publication' leaves the date empty (the document dates it)."""
    basis, date, clue = rec.get("claim_date_basis", ""), rec.get("claim_date", ""), rec.get("claim_date_clue", "")
    if "claim_date_basis" not in rec:
        return []
    if basis == "publication":
        return [Problem(label, row, "claim_date", f"{date!r}: a claim dated by its document's publication has no "
                        "claim_date of its own; give the basis 'stated' or 'inferred' with its clue")] if date else []
    if basis == "not known":
        return ([Problem(label, row, "claim_date", f"{date!r}: a claim whose date is not known has no claim_date")]
                if date else []) + ([] if clue.strip() else
                                    [Problem(label, row, "claim_date_clue", "say why the date is not known")])
    problems = []
    if not date:
        problems.append(Problem(label, row, "claim_date", f"empty, but claim_date_basis is {basis!r}: give the date, "
                                "or the basis 'publication'"))
    if not clue.strip():
        problems.append(Problem(label, row, "claim_date_clue", f"a claim date {basis} needs its clue"))
    elif basis == "stated" and text is not None and clue not in text:
        problems.append(Problem(label, row, "claim_date_clue", f"{clue!r}: a stated date's words are not found verbatim "
                                f"in {rec['source_id']}"))
    return problems


def _read_back(label: str, row: int, who: str, rec: dict, low_col: str, high_col: str) -> list[Problem]:
    """The figure read back by the parser must give the row's qualifier, bounds and a fitting unit."""
    try:
        fig = _parse_figure(rec["figure"])
    except FigureError as err:
        return [Problem(label, row, "figure", f"{who}: {err}")]
    problems = []
    low, high = _num(rec[low_col]), _num(rec[high_col])
    said = f"{who}: the figure {rec['figure']!r} reads as"
    if fig.qualifier != rec["qualifier"]:
        problems.append(Problem(label, row, "qualifier", f"{said} qualifier {fig.qualifier!r}, not {rec['qualifier']!r}"))
    if not _same(fig.low, low):
        problems.append(Problem(label, row, low_col, f"{said} low {W.exact(fig.low)}, not {W.exact(low)}"))
    if not _same(fig.high, high):
        problems.append(Problem(label, row, high_col, f"{said} high {W.exact(fig.high)}, not {W.exact(high)}"))
    if not unit_fits(fig.kind, rec["unit"]):
        problems.append(Problem(label, row, "unit", f"{said} a {fig.kind}, which cannot be in unit {rec['unit']!r}"))
    return problems


# The most confidence a reference figure can claim, by where it was read.
CONFIDENCE_CAP = {"original": "high", "secondary": "medium", "mirror": "low"}
_LEVEL = {"low": 0, "medium": 1, "high": 2}


def _check_reference(pkg: Package) -> list[Problem]:
    """Reference figures with the claims' provenance: each archived excerpt matches its checksum,
    each quote is found verbatim in its excerpt, each value reads back out of the figure, the
    producer is named, and the confidence is no higher than where the figure was read allows."""
    texts, problems = _check_archive(pkg, "excerpts", "excerpt_id", pkg.data_dir / "reference" / "excerpts", "excerpt")
    label = pkg.label("reference")
    for row, rec in pkg.records("reference"):
        who = f"reference {rec['reference_id']}"
        if not rec["producer"].strip() or rec["producer"].strip().lower().startswith("unknown"):
            problems.append(Problem(label, row, "producer", f"{who}: the producer is unknown; a reference figure "
                                    "names who produced it, or it is left out"))
        cap = CONFIDENCE_CAP[rec["producer_kind"]]
        if _LEVEL[rec["confidence"]] > _LEVEL[cap]:
            problems.append(Problem(label, row, "confidence", f"{who}: read on a {rec['producer_kind']} page, "
                                    f"so its confidence is at most {cap!r}, not {rec['confidence']!r}"))
        text = texts.get(rec["excerpt_id"])
        if text is not None and rec["quote"] not in text:
            hint = _closest(text, rec["quote"])
            problems.append(Problem(label, row, "quote", f"{who}: not found verbatim in excerpt {rec['excerpt_id']}"
                                    + (f"; the longest matching part is {hint!r}" if len(hint) > 3 else "")))
        if rec["figure"] not in rec["quote"]:
            problems.append(Problem(label, row, "figure", f"{who}: {rec['figure']!r} is not part of the quote"))
            continue
        problems += _read_back(label, row, who, rec, "value", "value_high")
    return problems

def uncovered_mentions(text: str, spans: list[tuple[int, int]]):
    """Numeric mentions of ``text`` that lie inside none of ``spans``."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    # best end reachable by any span starting at or before a position
    reach, best = [], -1
    for _, end in spans:
        best = max(best, end)
        reach.append(best)
    out = []
    for m in scan_mentions(text):
        i = bisect.bisect_right(starts, m.start) - 1
        # every span up to i starts at or before the mention; reach[i] is the furthest any ends
        if i < 0 or reach[i] < m.end:
            out.append(m)
    return out


def awaiting_review(pkg: Package, texts: dict[str, str] | None = None) -> dict[str, int]:
    """The sources awaiting review, with their numeric mentions: a source archived by ``add-source``
    whose mentions no row of claims, events or non-claims accounts for yet (none of its rows is in
    the tables). Such a source is a state, not a fault: validation leaves its coverage until its
    draft is accepted (``accept`` refuses a draft that leaves a mention unaccounted for), and the
    notebooks and the report leave it out and say that it waits."""
    with_rows = set()
    for name in ("claims", "events", "non_claims"):
        at = pkg.fields(name).index("source_id")
        with_rows.update(row[at] for row in pkg.rows[name])
    waiting = {}
    for _, rec in pkg.records("sources"):
        sid = rec["source_id"]
        if sid in with_rows:
            continue
        if texts is None or sid not in texts:
            try:
                text = (pkg.root / rec["path"]).read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # reported by the archive check
        else:
            text = texts[sid]
        mentions = len(scan_mentions(text))
        if mentions:
            waiting[sid] = mentions
    return waiting


def accepted_digest(pkg: Package, waiting: dict[str, int]) -> str:
    """The SHA-256 of everything the notebooks read: the descriptor, every table (the sources table
    without the rows of sources awaiting review), the archived texts and pages of the other sources,
    and the reference excerpts. Adding a source leaves it unchanged until its draft is accepted."""
    import csv
    import io
    h = hashlib.sha256()

    def add(name: str, data: bytes) -> None:
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())

    add("datapackage.json", (pkg.data_dir / "datapackage.json").read_bytes())
    for resource in pkg.descriptor["resources"]:
        rows = pkg.rows[resource["name"]]
        if resource["name"] == "sources":
            at = pkg.fields("sources").index("source_id")
            rows = [r for r in rows if r[at] not in waiting]
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([pkg.fields(resource["name"])] + rows)
        add(resource["path"], buf.getvalue().encode())
    for _, rec in pkg.records("sources"):
        if rec["source_id"] not in waiting:
            for column in ("path", "html_path"):
                if rec.get(column):
                    add(rec[column], (pkg.root / rec[column]).read_bytes())
    for _, rec in pkg.records("excerpts"):
        add(rec["path"], (pkg.root / rec["path"]).read_bytes())
    return h.hexdigest()


def _check_coverage(pkg: Package, texts: dict[str, str], covered: dict[str, list[tuple[int, int]]]) -> list[Problem]:
    problems = []
    paths = {rec["source_id"]: rec["path"] for _, rec in pkg.records("sources")}
    waiting = awaiting_review(pkg, texts)
    for source_id, text in texts.items():
        if source_id in waiting:
            continue
        for m in uncovered_mentions(text, covered.get(source_id, [])):
            line = text.count("\n", 0, m.start) + 1
            col = m.start - (text.rfind("\n", 0, m.start) + 1) + 1
            context = text[max(0, m.start - 60): m.end + 60].replace("\n", " ")
            problems.append(Problem(paths[source_id], line, f"character {col}",
                                    f"numeric mention {m.text!r} is in no claim figure, event quote or non-claim: "
                                    f"…{context}…"))
    return problems


def validate(data_dir: Path = DATA_DIR) -> list[Problem]:
    """All problems of the data package in ``data_dir``; an empty list means it is valid."""
    try:
        pkg = read_package(data_dir)
    except DataError as err:
        return err.problems
    return check(pkg)


def _check_counted(pkg: Package) -> list[Problem]:
    """The vocabulary of what is counted: no id is a part of itself, however far its ``broader``
    chain runs, and nothing overlaps itself or what it is a part of (that is containment)."""
    if "counted" not in pkg.rows:
        return []
    label = pkg.label("counted")
    broader = {rec["counted_id"]: rec["broader"] for _, rec in pkg.records("counted") if rec["broader"]}
    problems = []
    for row, rec in pkg.records("counted"):
        chain, at = [rec["counted_id"]], rec["counted_id"]
        while at in broader:
            at = broader[at]
            if at in chain:
                problems.append(Problem(label, row, "broader", f"{rec['counted_id']!r} would be a part of itself: "
                                        + " → ".join(chain + [at])))
                break
            chain.append(at)
        if rec["overlaps"] and rec["overlaps"] in chain:
            problems.append(Problem(label, row, "overlaps", f"{rec['counted_id']!r} cannot overlap {rec['overlaps']!r}: "
                                    "it is that itself, or a part of it (say so in broader)"))
    return problems


WORDED_RELATIONS = ("relays", "cites", "derived from")  # links the claim's own text shows, in words it prints


def _check_lineage(pkg: Package, texts: dict[str, str]) -> list[Problem]:
    """Links from claims to their origins (lineage.csv): the words that show a link stand verbatim in
    the claim's source (and are given for the links that say where a figure comes from); a link
    names one target at most, and a link with none says why in its notes; a record is a reference
    figure; claim-to-claim links never return to where they started."""
    if "lineage" not in pkg.rows:
        return []
    label = pkg.label("lineage")
    source_of = {rec["claim_id"]: rec["source_id"] for _, rec in pkg.records("claims")}
    problems, edges = [], {}
    for row, rec in pkg.records("lineage"):
        target = rec["target_claim_id"] or rec["target_reference_id"]
        if rec["target_claim_id"] and rec["target_reference_id"]:
            problems.append(Problem(label, row, "target_reference_id", "a link has one target: a claim or a reference "
                                    "figure, not both"))
        if rec["target_claim_id"] == rec["claim_id"]:
            problems.append(Problem(label, row, "target_claim_id", f"{rec['claim_id']!r} cannot come from itself"))
        if not target and rec["relation"] in ("same count as", "record of the same thing"):
            problems.append(Problem(label, row, "target_reference_id", f"a link '{rec['relation']}' needs what it "
                                    "links to: target_claim_id or target_reference_id"))
        if rec["relation"] == "record of the same thing" and rec["target_claim_id"]:
            problems.append(Problem(label, row, "target_claim_id", "a record of the same thing is a reference figure "
                                    "(target_reference_id), not a claim"))
        if not target and not rec["notes"].strip():
            problems.append(Problem(label, row, "notes", "a link with no target says in its notes why the origin's "
                                    "words are not archived"))
        if rec["relation"] in WORDED_RELATIONS and not rec["words"].strip():
            problems.append(Problem(label, row, "words", f"a link '{rec['relation']}' quotes the words of the claim's "
                                    "source that show it (“according to …”)"))
        text = texts.get(source_of.get(rec["claim_id"], ""))
        if rec["words"] and text is not None and rec["words"] not in text:
            hint = _closest(text, rec["words"])
            problems.append(Problem(label, row, "words", f"not found verbatim in {source_of[rec['claim_id']]}"
                                    + (f"; the longest matching part is {hint!r}" if len(hint) > 3 else "")))
        if rec["target_claim_id"]:
            edges.setdefault(rec["claim_id"], []).append((row, rec["target_claim_id"]))
    for start in sorted(edges):  # a cycle: following the links from a claim leads back to it
        stack, seen = [(start, [start])], set()
        while stack:
            at, path = stack.pop()
            for row, nxt in edges.get(at, []):
                if nxt == start:
                    problems.append(Problem(label, row, "target_claim_id",
                                            "the links run in a circle: " + " → ".join(path + [nxt])))
                    stack = []
                    break
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, path + [nxt]))
    return problems


def check(pkg: Package) -> list[Problem]:
    """All problems of a package already read (`read_package`); an empty list means it is valid."""
    problems = _descriptor_problems(pkg)
    if not problems and not _schema_fast_ok(pkg):
        problems = _schema_problems(pkg)
    if problems:
        return problems  # provenance checks assume well-typed rows
    texts, problems = _check_archive(pkg, "sources", "source_id", pkg.data_dir / "sources", "source")
    problems += _check_partial_dates(pkg)
    covered, more = _check_quotes(pkg, texts)
    problems += more + _check_reference(pkg) + _check_counted(pkg) + _check_lineage(pkg, texts)
    if not problems:
        problems += _check_coverage(pkg, texts, covered)
    return problems
