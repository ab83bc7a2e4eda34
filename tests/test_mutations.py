"""Mutations a regression suite must catch, each in a scratch clone of the committed project, offline.

Four mutations (a claim's value, one byte of an archived source, a deleted claim row, one line of a
notebook's computation) each turn the check that should catch them red. (The clean rebuild is
tests/test_regression.py; the two files run on different cores.)
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT, offline

pytestmark = pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the project's git repository")


def _set_claim(clone: Path, claim_id: str, **values: str) -> None:
    import csv
    import io
    path = clone / "data" / "claims.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    for r in rows[1:]:
        if r[0] == claim_id:
            for k, v in values.items():
                r[header.index(k)] = v
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _delete_claim(clone: Path, claim_id: str) -> None:
    path = clone / "data" / "claims.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(claim_id + ",")]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")


def _flip_source_byte(clone: Path) -> None:
    path = clone / "data" / "sources" / "hrn_2022.txt"
    raw = bytearray(path.read_bytes())
    raw[1000] = ord("X") if raw[1000] != ord("X") else ord("Y")
    path.write_bytes(bytes(raw))


def _edit_notebook(clone: Path) -> None:
    path = clone / "notebooks" / "04-konasheher.ipynb"
    text = path.read_text(encoding="utf-8")
    line = 'people = kc.loc[\\"people_in_records\\", \\"value_low\\"]'
    assert text.count(line) == 1
    path.write_text(text.replace(line, line + " * 2"), encoding="utf-8")


# The data mutations are caught by validation: `make validate`'s own command (the suite's
# tests/test_validate.py::test_shipped_data_is_valid calls the same function), run in the clone.
VALIDATE = ["-m", "claimtrace", "validate", "data"]
NBVAL = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "notebooks/04-konasheher.ipynb", "--nbval", "--nbval-current-env"]

MUTATIONS = {
    "claim value": (lambda c: _set_claim(c, "iohr_2019-leaked_pages-1", value_low="401", value_high="401"),
                    VALIDATE, "reads as low 400, not 401"),
    "source byte": (_flip_source_byte, VALIDATE,
                    "the archived source changed"),
    "deleted claim": (lambda c: _delete_claim(c, "wordpress_2019-countries_endorsing-1"),  # a claim nothing links to
                      VALIDATE, "numeric mention '16'"),
    "notebook computation": (_edit_notebook,
                             NBVAL,
                             "Cell outputs differ"),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_each_mutation_turns_the_suite_red(fresh, mutation):
    # The same checks pass on the unmutated project: the suite runs each of them on this commit.
    # After the mutation each fails, for the right reason.
    mutate, check, evidence = MUTATIONS[mutation]
    mutate(fresh)
    after = offline(fresh, sys.executable, *check)
    assert after.returncode == 1, after.stdout[-2000:] + after.stderr[-2000:]
    assert evidence in after.stdout + after.stderr, (after.stdout + after.stderr)[-3000:]
