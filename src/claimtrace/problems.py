"""One type for everything that can be wrong with the data: a Problem names where and what."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A problem in an input file.

    ``row`` counts as a spreadsheet does: the header is row 1, the first record row 2.
    For a source text, ``row`` is the line number and ``column`` the character position.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class DataError(Exception):
    """Raised with one or more Problems when input cannot be used."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def _render_traceback_(self) -> list[str]:  # in a notebook: the problems, without a traceback
        return ["DataError: the data package is invalid (fix it, then run again):", *map(str, self.problems)]
