"""Strict CSV reading: every fault is reported with file, row and column, never a traceback.

Accepted and normalised (harmless): a UTF-8 byte-order mark, CRLF line ends, columns in another
order than the schema's, and spaces around a cell (spreadsheets add them; a stripped quote is
still a verbatim part of its source). Refused: anything else that is not a clean UTF-8 CSV with exactly the
schema's columns.
"""
from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

from .problems import DataError, Problem

# A quote or note longer than this is almost certainly a broken quote swallowing the file.
MAX_FIELD_CHARS = 20_000


def _decode(raw: bytes, label: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        prefix = raw[: err.start].decode("utf-8", errors="replace")
        rows = list(csv.reader(io.StringIO(prefix, newline="")))
        row = max(len(rows), 1)
        header = rows[0] if rows else []
        field_index = len(rows[-1]) - 1 if rows else 0
        column = header[field_index] if 0 <= field_index < len(header) and row > 1 else None
        bad = raw[err.start : err.start + 4]
        raise DataError([Problem(label, row, column,
                                 f"not valid UTF-8 (byte {bad[:1]!r} at byte offset {err.start}); "
                                 "save the file as UTF-8")]) from None


def read_csv(path: Path, fields: list[str], label: str | None = None) -> list[list[str]]:
    """Read a CSV file whose columns must be exactly ``fields`` (in any order).

    Returns the rows (without header) as lists of strings in the order of ``fields``.
    Raises DataError naming the file, row and column of every CSV-level fault.
    """
    label = label or str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(label, None, None, "file not found")]) from None
    except OSError as err:
        raise DataError([Problem(label, None, None, f"cannot read file: {err.strerror}")]) from None
    text = _decode(raw, label)
    if not text.strip():
        raise DataError([Problem(label, None, None, "file is empty; expected a header row: "
                                 + ",".join(fields))])
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DataError([Problem(label, line, None, "contains a NUL byte; is this a CSV file?")])

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    # The csv module's field limit is global state that other libraries change; read with a
    # known, generous one so that an over-long field gets the clear message below.
    previous_limit = csv.field_size_limit(max(len(text), 131_072))
    try:
        try:
            records = list(reader)
        except csv.Error:
            # read again record by record, to say in which row the fault is
            reader = csv.reader(io.StringIO(text, newline=""), strict=True)
            for record in reader:
                records.append(record)
    except csv.Error as err:
        row = len(records) + 1
        msg = str(err)
        if "unexpected end of data" in msg or "EOF" in msg:
            msg = "a quoted field is never closed (unbalanced double quote) from this row to the end of the file"
        elif "expected after" in msg:
            msg = ("a stray double quote: inside a quoted field a double quote must be doubled (\"\"), "
                   "and a quoted field must be followed by a comma")
        raise DataError([Problem(label, row, None, f"not a valid CSV: {msg}")]) from None
    finally:
        csv.field_size_limit(previous_limit)

    header = [h.strip() for h in records[0]]
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(label, 1, name, "column appears twice in the header"))
        seen.add(name)
    for name in fields:
        if name not in seen:
            problems.append(Problem(label, 1, name, "required column is missing from the header"))
    for name in header:
        if name not in fields:
            problems.append(Problem(label, 1, name or "(blank)", "unknown column; expected only: " + ", ".join(fields)))
    if problems:
        raise DataError(problems)
    if len(records) == 1:
        raise DataError([Problem(label, None, None, "has a header but no data rows")])

    order = [header.index(name) for name in fields]
    in_order = order == list(range(len(fields)))
    long_fields_possible = len(text) > MAX_FIELD_CHARS
    body = records[1:]
    # the common case, at C speed: every record complete, no field over-long
    if {len(r) for r in body} == {len(header)} and not (
            long_fields_possible and max(map(len, itertools.chain.from_iterable(body))) > MAX_FIELD_CHARS):
        if in_order:
            return [list(map(str.strip, r)) for r in body]
        return [[r[i].strip() for i in order] for r in body]
    rows: list[list[str]] = []
    for number, record in enumerate(records[1:], start=2):
        if record == []:  # a blank line
            problems.append(Problem(label, number, None, "blank line; remove it"))
            continue
        if len(record) != len(header):
            first_bad = header[len(record)] if len(record) < len(header) else None
            what = (f"has {len(record)} fields but the header has {len(header)}")
            problems.append(Problem(label, number, first_bad, what + (
                " (missing from here on)" if first_bad else "; a comma inside an unquoted field?")))
            continue
        if long_fields_possible and max(map(len, record)) > MAX_FIELD_CHARS:
            for name, cell in zip(header, record):
                if len(cell) > MAX_FIELD_CHARS:
                    problems.append(Problem(label, number, name,
                                            f"field is {len(cell):,} characters long (limit {MAX_FIELD_CHARS:,}); "
                                            "is a quote unbalanced?"))
        rows.append(list(map(str.strip, record)) if in_order else [record[i].strip() for i in order])
    if problems:
        raise DataError(problems)
    return rows
