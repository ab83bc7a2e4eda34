"""The rules that keep a new source from breaking or distorting what comes after it: dates that
exist, one claim per printed figure, http(s) addresses, a page's date only as its markup states it,
the span of a partial date, and synthetic packages built from a package with an archived page.

Each table test breaks one cell of a scratch copy of data/ and expects the specific error at its
row and column."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrace import synth
from claimtrace import validate as V
from claimtrace.dictionary import render
from claimtrace.intake import IntakeError, accept, add_source, page_metadata
from claimtrace.package import read_package
from conftest import ROOT, digest, find_row, read_rows, review_draft, set_cell, write_rows

FIXTURES = ROOT / "tests" / "fixtures"
TXT = FIXTURES / "us_congress_s1542.txt"
HTML = FIXTURES / "us_congress_hr2349.html"


def only(problems, file_suffix, row, column, text):
    """The problems include one at this place with this text; return it."""
    hits = [p for p in problems
            if p.file.endswith(file_suffix) and p.row == row and p.column == column and text in p.message]
    assert hits, "expected a problem at {} row {} column {} saying {!r}; got:\n{}".format(
        file_suffix, row, column, text, "\n".join(map(str, problems)))
    return hits[0]


def _partial_date_columns(data_dir: Path) -> list[tuple[str, str]]:
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    return [(res["path"], f["name"]) for res in descriptor["resources"] for f in res["schema"]["fields"]
            if V.is_partial_date(f)]


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimtrace", *args], cwd=cwd, capture_output=True, text=True)


# ---------------------------------------------------------------- partial dates: the rule

@pytest.mark.parametrize("value, problem", [
    ("2019", None), ("2019-11", None), ("2019-11-16", None), ("2020-02-29", None), ("2019-12-31", None),
    ("2019-13", "is not a date: there is no month 13"),
    ("2019-00", "is not a date: there is no month 00"),
    ("2019-13-45", "is not a date: there is no month 13"),
    ("2019-02-30", "is not a date: February 2019 has 28 days"),
    ("2019-02-29", "is not a date: February 2019 has 28 days"),
    ("2019-04-31", "is not a date: April 2019 has 30 days"),
    ("2019-11-32", "is not a date: there is no day 32"),
    ("2019-11-00", "is not a date: there is no day 00"),
    ("16/11/2019", "does not have the required form YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2019-1", "does not have the required form YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_date_problem_says_what_is_wrong(value, problem):
    assert V.date_problem(value) == problem
    # the schema's pattern admits the form and the ranges; only the calendar is left to the check
    import re
    pattern_ok = re.match("^{0}$".format(V.PARTIAL_DATE), value) is not None
    assert pattern_ok == (problem is None or "has 28 days" in problem or "has 30 days" in problem)


@pytest.mark.parametrize("value, span", [
    ("2019", ("2019-01-01", "2019-12-31")),
    ("2019-11", ("2019-11-01", "2019-11-30")),
    ("2020-02", ("2020-02-01", "2020-02-29")),
    ("2019-02", ("2019-02-01", "2019-02-28")),
    ("2019-11-16", ("2019-11-16", "2019-11-16")),
])
def test_date_span_is_the_first_and_last_day(value, span):
    assert V.date_span(value) == span


def test_the_schema_declares_every_date_column_a_partial_date():
    """An invariant of data/: the columns that hold a date at the precision known are declared so."""
    assert set(_partial_date_columns(ROOT / "data")) == {
        ("sources.csv", "published_date"), ("claims.csv", "period_start"), ("claims.csv", "period_end"),
        ("claims.csv", "claim_date"), ("events.csv", "date"), ("events.csv", "date_end"),
        ("reference/reference_figures.csv", "date")}


# ---------------------------------------------------------------- partial dates: the tables

def test_a_month_that_does_not_exist_is_refused_in_every_date_column(data_copy):
    placed = _partial_date_columns(data_copy)
    assert placed
    for table, column in placed:
        set_cell(data_copy / table, 2, column, "2019-13")
    problems = V.validate(data_copy)
    for table, column in placed:
        only(problems, table, 2, column, "'2019-13' is not a date: there is no month 13")


def test_a_day_that_does_not_exist_is_refused_in_every_date_column(data_copy):
    placed = _partial_date_columns(data_copy)
    for table, column in placed:
        set_cell(data_copy / table, 2, column, "2019-02-30")
    pkg = read_package(data_copy)
    assert V._schema_fast_ok(pkg) and not V._schema_problems(pkg)  # the form is right: the calendar is not
    problems = V.validate(data_copy)
    for table, column in placed:
        only(problems, table, 2, column, "'2019-02-30' is not a date: February 2019 has 28 days")


def test_a_leap_day_is_a_date(data_copy):
    path = data_copy / "claims.csv"
    set_cell(path, 2, "claim_date", "2020-02-29")
    set_cell(path, 2, "claim_date_basis", "inferred")
    set_cell(path, 2, "claim_date_clue", "a leap day, inferred for this test")
    assert V.validate(data_copy) == []


def test_the_fast_pass_refuses_a_month_13_as_frictionless_does(data_copy):
    set_cell(data_copy / "claims.csv", 3, "claim_date", "2019-13")
    pkg = read_package(data_copy)
    assert not V._schema_fast_ok(pkg)
    only(V._schema_problems(pkg), "claims.csv", 3, "claim_date", "there is no month 13")


def test_a_day_that_does_not_exist_in_a_date_column_says_why(data_copy):
    set_cell(data_copy / "sources.csv", 2, "published_earliest", "2019-02-29")
    only(V.validate(data_copy), "sources.csv", 2, "published_earliest",
         "'2019-02-29' is not a date: February 2019 has 28 days")


def test_the_rule_follows_the_schema_not_a_list_of_columns(data_copy):
    """Declaring another column a partial date (its pattern) is all it takes to have it checked,
    and shown as a date in the data dictionary."""
    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    field = next(f for r in descriptor["resources"] if r["name"] == "reference"
                 for f in r["schema"]["fields"] if f["name"] == "year")
    assert "date: YYYY, YYYY-MM" not in render(descriptor).split("| `year` |")[1].split("\n")[0]
    field["constraints"]["pattern"] = V.PARTIAL_DATE
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    assert render(descriptor).split("| `year` |")[1].startswith(" date: YYYY, YYYY-MM or YYYY-MM-DD |")
    table = data_copy / "reference" / "reference_figures.csv"
    set_cell(table, 4, "year", "2019-02-30")
    only(V.validate(data_copy), "reference_figures.csv", 4, "year", "February 2019 has 28 days")


# ---------------------------------------------------------------- one claim per printed figure

def test_a_second_claim_for_the_same_printed_figure_is_refused(data_copy):
    path = data_copy / "claims.csv"
    rows = read_rows(path)
    first = rows[3]
    again = list(first)
    again[rows[0].index("claim_id")] = first[rows[0].index("claim_id")] + "0"  # a new id, the same figure
    write_rows(path, rows + [again])
    problems = V.validate(data_copy)
    only(problems, "claims.csv", len(rows) + 1, "figure",
         f"is claim {first[rows[0].index('claim_id')]} already: a printed figure is one claim")
    # only the later row: the first keeps its claim, and other claims sharing a quote are not touched
    assert [p.row for p in problems if "a printed figure is one claim" in p.message] == [len(rows) + 1]


# ---------------------------------------------------------------- addresses

def test_a_url_that_is_not_http_is_refused_in_sources(data_copy):
    path = data_copy / "sources.csv"
    set_cell(path, 3, "url", "javascript:alert(1)")
    only(V.validate(data_copy), "sources.csv", 3, "url", "'javascript:alert(1)' does not have the required form")


def test_an_http_url_is_accepted_in_sources(data_copy):
    set_cell(data_copy / "sources.csv", 3, "url", "https://example.org/news/2019/11/story.html")
    assert V.validate(data_copy) == []


# ---------------------------------------------------------------- add-source

@pytest.mark.parametrize("args, message", [
    (["--published", "2019-13-45"], "--published '2019-13-45' is not a date: there is no month 13"),
    (["--published", "2019-02-30"], "--published '2019-02-30' is not a date: February 2019 has 28 days"),
    (["--published", "2019-13"], "--published '2019-13' is not a date: there is no month 13"),
    (["--published", "16/11/2019"], "--published '16/11/2019' does not have the required form"),
    (["--url", "javascript:alert(1)"], "--url 'javascript:alert(1)' is not an http:// or https:// address"),
    (["--url", "ftp://example.org/a.txt"], "--url 'ftp://example.org/a.txt' is not an http:// or https://"),
    (["--url", "example.org/a"], "--url 'example.org/a' is not an http:// or https:// address"),
])
def test_add_source_refuses_a_date_or_address_that_is_not_one(data_copy, tmp_path, args, message):
    before = digest(data_copy)
    result = _cli("add-source", str(TXT), "--id", "newdoc", *args, "--data", str(data_copy), cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert digest(data_copy) == before


@pytest.mark.parametrize("published, precision, earliest, latest", [
    ("2019", "year", "2019-01-01", "2019-12-31"),
    ("2019-11", "month", "2019-11-01", "2019-11-30"),
    ("2020-02", "month", "2020-02-01", "2020-02-29"),
    ("2019-11-16", "day", "2019-11-16", "2019-11-16"),
])
def test_add_source_fills_the_publication_span_from_the_date(data_copy, published, precision, earliest, latest):
    add_source(TXT, "s1542", published=published, url="https://www.congress.gov/bill/119th-congress/senate-bill/1542",
               data_dir=data_copy)
    row = next(r for r in _rows(data_copy / "sources.csv") if r["source_id"] == "s1542")
    assert (row["published_date"], row["published_date_precision"]) == (published, precision)
    assert (row["published_earliest"], row["published_latest"]) == (earliest, latest)
    assert row["url"] == "https://www.congress.gov/bill/119th-congress/senate-bill/1542"
    # nothing in the new row is refused for its date or address (its title and publisher are missing)
    problems = V.validate(data_copy)
    assert not [p for p in problems if p.file.endswith("sources.csv") and p.column in
                ("published_date", "published_date_precision", "published_earliest", "published_latest", "url")]


PAGE = ("<html lang='en'><head><title>Camps</title>{head}</head><body><article>"
        "<h1>Camps</h1><p>The camps were built in 2019 and hold many people, according to the report "
        "published on 16 November 2019. More paragraphs follow about what the report found.</p>{body}"
        "</article></body></html>")


@pytest.mark.parametrize("head, published", [
    ("", None),  # "in 2019" and "16 November 2019" in the body: never a date of the page
    ("<!--body--><p>Posted 2019-11-16 by the desk.</p>", None),  # nor a day written out in it
    # nor a day of the text cut to a month the markup happens to hold (a stylesheet's address)
    ('<link rel="stylesheet" href="/static/2019/11/site.css"><!--body--><p>Posted 2019-11-16 by the desk.</p>', None),
    ('<meta name="date" content="2019">', None),  # htmldate reads no year alone from the markup
    ('<meta name="date" content="2019-11">', "2019-11"),  # a month, not the day htmldate is run on
    ('<meta name="date" content="2019-11-16">', "2019-11-16"),
    ('<meta property="article:published_time" content="2019-11-16T10:00:00Z">', "2019-11-16"),
    ('<link rel="canonical" href="https://example.org/2019/11/16/camps.html">', "2019-11-16"),
])
def test_a_page_date_is_what_its_markup_says_at_its_precision(head, published):
    head, body = head.split("<!--body-->") if "<!--body-->" in head else (head, "")
    assert page_metadata(PAGE.format(head=head, body=body)).get("published") == published


def test_a_page_with_no_date_in_its_metadata_leaves_it_to_the_analyst(data_copy, tmp_path):
    page = tmp_path / "camps.html"
    page.write_text(PAGE.format(head="", body=""), encoding="utf-8")
    add_source(page, "camps", data_dir=data_copy)
    row = next(r for r in _rows(data_copy / "sources.csv") if r["source_id"] == "camps")
    assert (row["published_date"], row["published_date_precision"], row["date_basis"]) == ("", "", "")
    assert (row["published_earliest"], row["published_latest"]) == ("", "")
    assert row["date_clue"].startswith("no publication date in the page's metadata")
    assert "\n" not in row["date_clue"]
    only(V.validate(data_copy), "sources.csv", find_row(data_copy / "sources.csv", "source_id", "camps"),
         "published_date", "is required but empty")


def test_a_page_date_from_its_metadata_gets_its_span(data_copy, tmp_path):
    page = tmp_path / "camps.html"
    page.write_text(PAGE.format(head='<meta name="date" content="2019-11">', body=""), encoding="utf-8")
    add_source(page, "camps", data_dir=data_copy)
    row = next(r for r in _rows(data_copy / "sources.csv") if r["source_id"] == "camps")
    assert (row["published_date"], row["published_date_precision"], row["date_basis"]) == ("2019-11", "month", "page metadata")
    assert (row["published_earliest"], row["published_latest"]) == ("2019-11-01", "2019-11-30")


def test_add_source_refuses_a_bad_date_before_writing_anything(data_copy):
    before = digest(data_copy)
    with pytest.raises(IntakeError, match="February 2019 has 28 days"):
        add_source(HTML, "hr2349", published="2019-02-29", data_dir=data_copy)
    assert digest(data_copy) == before


# ---------------------------------------------------------------- synthetic packages

def test_synth_copies_a_sources_archived_page(data_copy, tmp_path):
    """A package with a source added from a web page (archived .html beside its text) gives a valid
    synthetic package holding that page byte for byte."""
    from claimtrace.draft import draft

    add_source(HTML, "hr2349", data_dir=data_copy)
    draft("hr2349", data_dir=data_copy)
    review_draft(data_copy, "hr2349")
    accept("hr2349", data_dir=data_copy)
    assert V.validate(data_copy) == []
    real = len(_rows(data_copy / "claims.csv"))
    out = synth.generate(tmp_path / "synth", claims=2 * real, base=data_copy, seed=3)
    assert [str(p) for p in V.validate(out)] == []
    assert (out / "sources" / "hr2349.html").read_bytes() == HTML.read_bytes()
    generated = [r for r in _rows(out / "sources.csv") if r["source_id"].startswith("synth_")]
    assert generated and all(r["html_path"] == "" and r["html_sha256"] == "" for r in generated)
    # a generated document modelled on the page is a text of its own, with no page of its own
    assert any(r["title"].endswith("Uyghur Human Rights Protection Act") for r in generated)


# --- When a claim was said: claim_date with its basis -------------------------------------------

@pytest.mark.parametrize("cells, column, message", [
    ({"claim_date": "2019", "claim_date_basis": "publication"}, "claim_date", "dated by its document's publication"),
    ({"claim_date": "", "claim_date_basis": "inferred", "claim_date_clue": "a clue"}, "claim_date", "give the date"),
    ({"claim_date": "2019", "claim_date_basis": "inferred", "claim_date_clue": ""}, "claim_date_clue", "needs its clue"),
    ({"claim_date": "2019", "claim_date_basis": "stated", "claim_date_clue": "in a 2019 speech"}, "claim_date_clue",
     "not found verbatim"),
])
def test_a_claim_date_has_its_basis(data_copy, cells, column, message):
    path = data_copy / "claims.csv"
    for name, value in cells.items():
        set_cell(path, 2, name, value)
    only(V.validate(data_copy), "claims.csv", 2, column, message)


def test_a_stated_claim_date_quotes_the_text(data_copy):
    path = data_copy / "claims.csv"
    row = find_row(path, "claim_id", "iohr_2019-detained_people-2")
    set_cell(path, row, "claim_date_basis", "stated")
    set_cell(path, row, "claim_date_clue", "said in May")  # the words the source prints
    assert V.validate(data_copy) == []


# --- Where each figure comes from: the links of lineage.csv ---------------------------------------

@pytest.mark.parametrize("cells, column, message", [
    ({"words": "according to nobody at all"}, "words", "not found verbatim in huffpost_2019"),
    ({"words": ""}, "words", "quotes the words of the claim's source"),
    ({"target_reference_id": "no_such_figure"}, "target_reference_id", "is not a reference_id listed"),
    ({"target_claim_id": "iohr_2019-detained_people-1"}, "target_reference_id", "a claim or a reference figure, not both"),
    ({"target_reference_id": "", "notes": ""}, "notes", "says in its notes why"),
    ({"claim_id": "nobody-detained_people-1"}, "claim_id", "is not a claim_id listed"),
])
def test_each_rule_of_a_link_names_its_row_and_column(data_copy, cells, column, message):
    path = data_copy / "lineage.csv"
    row = find_row(path, "claim_id", "huffpost_2019-detained_people-1")
    for name, value in cells.items():
        set_cell(path, row, name, value)
    only(V.validate(data_copy), "lineage.csv", row, column, message)


def test_links_that_run_in_a_circle_are_refused(data_copy):
    path = data_copy / "lineage.csv"
    rows = read_rows(path)
    header = rows[0]
    def link(i, claim, target):
        r = dict.fromkeys(header, "")
        r.update(link_id=f"{claim}-9{i}", claim_id=claim, relation="same count as", target_claim_id=target,
                 producer="somebody")
        return [r[h] for h in header]
    write_rows(path, rows + [link(1, "wordpress_2019-attack_deaths-1", "huffpost_2019-attack_deaths-1"),
                             link(2, "huffpost_2019-attack_deaths-1", "wordpress_2019-attack_deaths-1")])
    problems = [p for p in V.validate(data_copy) if p.column == "target_claim_id"]
    assert problems and "run in a circle" in problems[0].message and problems[0].file.endswith("lineage.csv")


def test_notebook_09_subjects_are_the_reports():
    import json
    from claimtrace import analysis as A
    from claimtrace.runbook import declared_parameters
    declared = declared_parameters(ROOT / "notebooks" / "09-origins.ipynb")["subjects"]["default"]
    assert json.loads(declared) == A.ORIGIN_SUBJECTS
