"""Shared fixtures: a scratch copy of the data package that a test may break."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ (tables, descriptor, archived sources) in a scratch folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("reference", "README.md"))
    return target


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell; ``row`` counts as a spreadsheet does (header = 1)."""
    rows = read_rows(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def get_cell(path: Path, row: int, column: str) -> str:
    rows = read_rows(path)
    return rows[row - 1][rows[0].index(column)]


def find_row(path: Path, column: str, value: str) -> int:
    """Spreadsheet row number of the first row whose ``column`` equals ``value``."""
    rows = read_rows(path)
    index = rows[0].index(column)
    return next(i for i, r in enumerate(rows, start=1) if i > 1 and r[index] == value)


# Fuzz tests explore new inputs on every local run; in CI (CI=true) they replay a fixed set,
# so that a landing never depends on luck.
import os  # noqa: E402

from hypothesis import settings as _settings  # noqa: E402

_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    _settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _figures_where_the_test_says(monkeypatch):
    """`make test` points the notebooks' figures at a scratch folder; unit tests choose their own."""
    monkeypatch.delenv("CLAIMTRACE_FIGURES_DIR", raising=False)
