"""Adding a source: add-source archives it, draft proposes its rows, accept moves the reviewed rows
in (claimtrace.intake, claimtrace.draft). Fixtures: tests/fixtures/ (see its README)."""
from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrace.draft import draft
from claimtrace.intake import IntakeError, accept, add_source, extract_text
from claimtrace.problems import DataError
from claimtrace.validate import uncovered_mentions, validate
from conftest import FIXTURE_DATA, ROOT, digest, review_draft

FIXTURES = ROOT / "tests" / "fixtures"
TXT = FIXTURES / "us_congress_s1542.txt"
HTML = FIXTURES / "us_congress_hr2349.html"


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimtrace", *args], cwd=cwd, capture_output=True, text=True)


def test_a_text_is_archived_byte_for_byte_with_its_checksum(data_copy):
    add_source(TXT, "s1542", title="Uyghur Policy Act of 2025", publisher="U.S. Congress (Senate)",
               published="2025-04-30", data_dir=data_copy)
    archived = data_copy / "sources" / "s1542.txt"
    assert archived.read_bytes() == TXT.read_bytes()
    row = next(r for r in _rows(data_copy / "sources.csv") if r["source_id"] == "s1542")
    assert row["sha256"] == hashlib.sha256(TXT.read_bytes()).hexdigest()
    assert (row["publisher_basis"], row["date_basis"], row["published_date_precision"]) == ("given", "given", "day")
    # the committed rows are untouched: the file only grew by one line
    before = (FIXTURE_DATA / "sources.csv").read_bytes()
    after = (data_copy / "sources.csv").read_bytes()
    assert after.startswith(before) and after[len(before):].count(b"\n") == 1


def test_a_page_is_archived_as_it_is_beside_its_text_which_is_reproducible(data_copy):
    add_source(HTML, "hr2349", data_dir=data_copy)
    row = next(r for r in _rows(data_copy / "sources.csv") if r["source_id"] == "hr2349")
    page = data_copy / "sources" / "hr2349.html"
    assert page.read_bytes() == HTML.read_bytes() and row["html_sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()
    text = (data_copy / "sources" / "hr2349.txt").read_text(encoding="utf-8")
    assert text == extract_text(page.read_text(encoding="utf-8"))  # the extraction, again, gives the same bytes
    assert "more than 1,000,000 Uyghurs" in text and "Home" not in text.split("\n")[0]  # the article, not the menu
    # title, publisher and date from the page's metadata, with that basis and what was read
    assert row["title"] == "Uyghur Human Rights Protection Act"
    assert (row["publisher"], row["publisher_basis"]) == ("U.S. Congress", "page metadata")
    assert "site name 'U.S. Congress'" in row["publisher_clue"]
    assert (row["published_date"], row["date_basis"]) == ("2025-03-25", "page metadata")


def test_an_id_alone_is_enough_to_go_on_and_validation_says_what_is_missing(data_copy):
    add_source(TXT, "bare", data_dir=data_copy)
    counts = draft("bare", data_dir=data_copy)
    assert counts["claims"] > 0
    problems = [str(p) for p in validate(data_copy)]
    for column in ("title", "publisher", "published_date"):
        assert any(f"column {column}: is required but empty" in p for p in problems), column


def test_add_source_says_which_required_cells_it_left_empty_and_where(data_copy):
    bare = _cli("add-source", str(TXT), "--id", "bare", "--data", str(data_copy), cwd=data_copy.parent)
    assert bare.returncode == 0, bare.stderr
    row = 1 + sum(1 for _ in csv.DictReader(open(data_copy / "sources.csv", encoding="utf-8")))
    assert f"sources.csv, row {row}: title, publisher, publisher_basis, publisher_clue, published_date" in bare.stdout
    given = _cli("add-source", str(HTML), "--id", "given", "--title", "T", "--publisher", "P",
                 "--published", "2025-03", "--data", str(data_copy), cwd=data_copy.parent)
    assert given.returncode == 0 and "still empty" not in given.stdout, given.stdout + given.stderr


@pytest.mark.parametrize("content, suffix, message", [
    (b"", ".txt", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", ".txt", "a binary file"),
    ("Caf\u00e9 1,000 camps".encode("latin-1"), ".txt", "not UTF-8 (byte b'\\xe9' at offset 3)"),
    (b"<html><body><script>var x = 1;</script></body></html>", ".html", "no text could be extracted"),
    (b"1,000 camps", ".pdf", "add-source takes a .txt or .html file"),
])
def test_bad_files_are_refused_in_one_line_and_nothing_is_written(data_copy, tmp_path, content, suffix, message):
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(content)
    before = digest(data_copy)
    result = _cli("add-source", str(path), "--id", "newdoc", "--data", str(data_copy), cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert digest(data_copy) == before


def test_an_id_in_use_and_a_document_archived_already_are_refused(data_copy):
    with pytest.raises(IntakeError, match="'iohr_2019' is in use"):
        add_source(TXT, "iohr_2019", data_dir=data_copy)
    archived = data_copy / "sources" / "huffpost_2019.txt"
    copy = data_copy.parent / "same.txt"
    copy.write_bytes(archived.read_bytes())
    before = digest(data_copy)
    with pytest.raises(IntakeError, match="archived already, as 'huffpost_2019'"):
        add_source(copy, "again", data_dir=data_copy)
    assert digest(data_copy) == before


def test_the_draft_has_the_tables_columns_and_never_touches_them(data_copy):
    add_source(TXT, "s1542", publisher="U.S. Congress (Senate)", published="2025-04-30", data_dir=data_copy)
    tables = {n: (data_copy / f"{n}.csv").read_bytes() for n in ("claims", "events", "non_claims")}
    counts = draft("s1542", data_dir=data_copy)
    text = TXT.read_text(encoding="utf-8")
    for name, committed in tables.items():
        assert (data_copy / f"{name}.csv").read_bytes() == committed
        drafted = data_copy / "drafts" / "s1542" / f"{name}.csv"
        header = drafted.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == committed.decode().splitlines()[0].split(",") + ["confidence", "why"]
        for row in _rows(drafted):
            assert row["quote"] in text and row["confidence"] in ("high", "medium", "low") and row["why"]
    # every numeric mention of the text is accounted for by a drafted row, as validation will count it
    spans = []
    for name, inner in (("claims", "figure"), ("events", None), ("non_claims", "mention")):
        for row in _rows(data_copy / "drafts" / "s1542" / f"{name}.csv"):
            start = text.find(row["quote"])
            off = row["quote"].find(row[inner]) if inner else 0
            spans.append((start + off, start + off + len(row[inner]) if inner else start + len(row["quote"])))
    assert counts["mentions"] > 40 and uncovered_mentions(text, spans) == []
    claim = next(r for r in _rows(data_copy / "drafts" / "s1542" / "claims.csv") if r["figure"] == "more than 1,000,000")
    assert (claim["value_low"], claim["value_high"], claim["qualifier"]) == ("1000000", "", "more than")
    assert (claim["measure"], claim["unit"], claim["attribution"]) == ("detained_people", "people", "unnamed")
    # "Credible evidence from human rights organizations, think tanks, and journalists confirms"
    assert claim["claimant"] == "human rights organizations, think tanks, and journalists"


def test_a_source_with_no_numbers_gives_an_empty_draft_and_says_so(data_copy, tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("A statement about Xinjiang with no figures in it at all.\n", encoding="utf-8")
    _cli("add-source", str(path), "--id", "words", "--data", str(data_copy), cwd=tmp_path)
    result = _cli("draft", "words", "--data", str(data_copy), cwd=tmp_path)
    assert result.returncode == 0 and "no numeric mention left to account for; the draft" in result.stdout
    assert all(len(_rows(data_copy / "drafts" / "words" / f"{n}.csv")) == 0 for n in ("claims", "events", "non_claims"))


def test_accept_refuses_an_invalid_draft_by_draft_row_and_column_and_writes_nothing(data_copy):
    add_source(TXT, "s1542", title="S. 1542", publisher="U.S. Congress (Senate)", published="2025-04-30",
               data_dir=data_copy)
    draft("s1542", data_dir=data_copy)
    assert review_draft(data_copy, "s1542") == 2
    claims = data_copy / "drafts" / "s1542" / "claims.csv"
    rows = _rows(claims)
    rows[0]["value_low"] = "999"  # an analyst's slip: the quote says more than 1,000,000
    with open(claims, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    before = digest(data_copy)
    with pytest.raises(DataError) as err:
        accept("s1542", data_dir=data_copy)
    assert any(p.file.endswith("drafts/s1542/claims.csv") and p.row == 2 and p.column == "value_low"
               and "reads as low 1,000,000, not 999" in p.message for p in err.value.problems), err.value.problems
    assert digest(data_copy) == before


def test_a_reviewed_draft_is_accepted_and_the_package_validates(data_copy):
    add_source(TXT, "s1542", title="S. 1542", publisher="U.S. Congress (Senate)", published="2025-04-30",
               data_dir=data_copy)
    counts = draft("s1542", data_dir=data_copy)
    review_draft(data_copy, "s1542")
    added = accept("s1542", data_dir=data_copy)
    assert added == {n: counts[n] for n in ("claims", "events", "non_claims", "lineage")}
    assert validate(data_copy) == []
    claims = _rows(data_copy / "claims.csv")
    assert sum(r["source_id"] == "s1542" for r in claims) == counts["claims"]
    assert "confidence" not in claims[0]  # the draft's own columns stay in the draft


def test_the_review_marks_every_mention_by_its_status(data_copy):
    from claimtrace.draft import review

    add_source(TXT, "s1542", title="S. 1542", publisher="U.S. Congress (Senate)", published="2025-04-30",
               data_dir=data_copy)
    before = review("s1542", data_dir=data_copy)
    assert before["counts"]["not yet covered"] == len(before["mentions"]) > 40
    assert "python -m claimtrace draft s1542" in before["todo"][0]
    draft("s1542", data_dir=data_copy)
    drafted = review("s1542", data_dir=data_copy)
    assert drafted["counts"]["not yet covered"] == 0 and drafted["counts"]["drafted"] > 0
    assert drafted["html"].count("<mark title=") == len(drafted["mentions"])
    assert any("low confidence" in t for t in drafted["todo"]) and len(drafted["draft"]) > 0
    review_draft(data_copy, "s1542")
    accept("s1542", data_dir=data_copy)
    done = review("s1542", data_dir=data_copy)
    assert done["counts"]["accepted"] > 0 and done["counts"]["not yet covered"] == 0
