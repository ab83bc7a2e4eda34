"""Each rule of `make validate`: the shipped data passes, and a table broken in one way fails
with the specific error, naming the file, the row and the column. The broken tables are copies of
the frozen fixture package (conftest.data_copy), so rows and values are the fixture's."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import re

import pytest

from claimtrace.validate import validate
from conftest import FIXTURE_DATA, LIVE_DATA, ROOT, find_row, get_cell, read_rows, table_counts, set_cell, write_rows


@pytest.mark.live
def test_shipped_data_is_valid():
    assert [str(p) for p in validate(LIVE_DATA)] == []


def test_the_fixture_is_valid():
    assert [str(p) for p in validate(FIXTURE_DATA)] == []


def only(problems, file_suffix, row, column, text):
    """The problems include one at this place with this text; return it."""
    hits = [p for p in problems
            if p.file.endswith(file_suffix) and p.row == row and p.column == column and text in p.message]
    assert hits, "expected a problem at {} row {} column {} saying {!r}; got:\n{}".format(
        file_suffix, row, column, text, "\n".join(map(str, problems)))
    return hits[0]


# ---------------------------------------------------------------- CSV level

def test_missing_column(data_copy):
    path = data_copy / "claims.csv"
    rows = read_rows(path)
    i = rows[0].index("unit")
    write_rows(path, [r[:i] + r[i + 1:] for r in rows])
    only(validate(data_copy), "claims.csv", 1, "unit", "required column is missing")


def test_unknown_column(data_copy):
    path = data_copy / "events.csv"
    rows = read_rows(path)
    write_rows(path, [r + ["x"] for r in rows])
    only(validate(data_copy), "events.csv", 1, "x", "unknown column")


def test_empty_file(data_copy):
    (data_copy / "claims.csv").write_bytes(b"")
    only(validate(data_copy), "claims.csv", None, None, "file is empty")


def test_header_only(data_copy):
    path = data_copy / "non_claims.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    only(validate(data_copy), "non_claims.csv", None, None, "header but no data rows")


def test_non_utf8_bytes_named_with_row_and_column(data_copy):
    path = data_copy / "claims.csv"
    raw = path.read_bytes()
    at = raw.index("The 403 pages".encode())
    path.write_bytes(raw[:at] + b"\xff" + raw[at:])
    row = find_row(FIXTURE_DATA / "claims.csv", "figure", "403")
    only(validate(data_copy), "claims.csv", row, "quote", "not valid UTF-8")


def test_ragged_row(data_copy):
    path = data_copy / "claims.csv"
    rows = read_rows(path)
    header = rows[0]
    rows[4] = rows[4][:-3]
    write_rows(path, rows)
    only(validate(data_copy), "claims.csv", 5, header[-3],
         f"has {len(header) - 3} fields but the header has {len(header)}")


def test_unclosed_quote(data_copy):
    path = data_copy / "events.csv"
    rows = len(read_rows(path))
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('huffpost_2019-event-99,huffpost_2019,"an April 2014 speech\n')
    only(validate(data_copy), "events.csv", rows + 1, None, "never closed")


def test_stray_quote_inside_a_field(data_copy):
    path = data_copy / "events.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3].replace(",", ',"', 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    only(validate(data_copy), "events.csv", 4, None, "stray double quote")


@pytest.mark.parametrize("size", [50_000, 2_000_000])
def test_enormous_field(data_copy, size):
    set_cell(data_copy / "claims.csv", 4, "notes", "x" * size)
    only(validate(data_copy), "claims.csv", 4, "notes", f"field is {size:,} characters long")


def test_nul_byte(data_copy):
    path = data_copy / "claims.csv"
    path.write_bytes(path.read_bytes().replace(b"Uyghurs", b"Uy\x00ghurs", 1))
    only(validate(data_copy), "claims.csv", 4, None, "contains a NUL byte")


def test_bom_and_crlf_are_accepted(data_copy):
    path = data_copy / "claims.csv"
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert validate(data_copy) == []


def test_spaces_around_cells_are_accepted(data_copy):
    path = data_copy / "claims.csv"
    set_cell(path, 2, "qualifier", "exact  ")
    set_cell(path, 2, "value_low", " 400")
    set_cell(path, 2, "quote", " " + get_cell(path, 2, "quote") + " ")
    assert validate(data_copy) == []


def test_column_order_is_free(data_copy):
    path = data_copy / "sources.csv"
    write_rows(path, [list(reversed(r)) for r in read_rows(path)])
    assert validate(data_copy) == []


def test_broken_descriptor(data_copy):
    (data_copy / "datapackage.json").write_text("{\n  \"resources\": [\n", encoding="utf-8")
    only(validate(data_copy), "datapackage.json", 3, None, "not valid JSON")


def test_descriptor_with_unknown_type(data_copy):
    path = data_copy / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"type": "number"', '"type": "nubmer"', 1),
                    encoding="utf-8")
    only(validate(data_copy), "datapackage.json", None, None, 'field type "nubmer" is not supported')


# ---------------------------------------------------------------- schema level (Frictionless)

@pytest.mark.parametrize("column, value, message", [
    ("value_low", "abc", "'abc' is not a number"),
    ("qualifier", "roughly", "'roughly' is not an allowed value"),
    ("unit", "dollars", "'dollars' is not an allowed value"),
    ("measure", "vibes", "'vibes' is not an allowed value"),
    ("claimant_type", "pundit", "'pundit' is not an allowed value"),
    ("claimant", "", "is required but empty"),
    ("period_start", "16/11/2019", "does not have the required form"),
    ("source_id", "nosuch", "'nosuch' is not a source_id listed in"),
])
def test_schema_rule(data_copy, column, value, message):
    set_cell(data_copy / "claims.csv", 3, column, value)
    only(validate(data_copy), "claims.csv", 3, column, message)


def test_duplicate_id(data_copy):
    path = data_copy / "claims.csv"
    set_cell(path, 3, "claim_id", get_cell(path, 2, "claim_id"))
    only(validate(data_copy), "claims.csv", 3, "claim_id", "duplicate claim_id")


def test_bad_date_in_sources(data_copy):
    set_cell(data_copy / "sources.csv", 2, "published_earliest", "2019-13-40")
    only(validate(data_copy), "sources.csv", 2, "published_earliest", "is not a date")


# ---------------------------------------------------------------- provenance

def test_source_changed_after_checksum(data_copy):
    with open(data_copy / "sources" / "hrn_2022.txt", "ab") as fh:
        fh.write(b"x")
    row = find_row(FIXTURE_DATA / "sources.csv", "source_id", "hrn_2022")
    only(validate(data_copy), "sources.csv", row, "sha256", "the archived source changed")


def test_source_listed_but_missing(data_copy):
    (data_copy / "sources" / "iohr_2019.txt").unlink()
    row = find_row(FIXTURE_DATA / "sources.csv", "source_id", "iohr_2019")
    only(validate(data_copy), "sources.csv", row, "path", "is missing")


def test_archived_file_not_listed(data_copy):
    (data_copy / "sources" / "stray.txt").write_text("no numbers here", encoding="utf-8")
    only(validate(data_copy), "stray.txt", None, None, "not listed")


def test_quote_not_verbatim(data_copy):
    path = data_copy / "claims.csv"
    row = find_row(path, "figure", "403")
    set_cell(path, row, "quote", "The 403 pages of internal papers")  # the source has “internal”
    problem = only(validate(data_copy), "claims.csv", row, "quote", "not found verbatim in wordpress_2019")
    assert "The 403 pages of " in problem.message  # the hint shows where it stops matching


def test_figure_must_be_in_quote(data_copy):
    path = data_copy / "claims.csv"
    row = find_row(path, "figure", "403")
    set_cell(path, row, "figure", "400")
    only(validate(data_copy), "claims.csv", row, "figure", "is not part of the quote")


def test_value_not_read_back(data_copy):
    path = data_copy / "claims.csv"
    row = find_row(path, "figure", "403")
    set_cell(path, row, "value_low", "430")
    set_cell(path, row, "value_high", "430")
    problems = validate(data_copy)
    only(problems, "claims.csv", row, "value_low", "reads as low 403, not 430")
    only(problems, "claims.csv", row, "value_high", "reads as high 403, not 430")


def test_qualifier_not_read_back(data_copy):
    path = data_copy / "claims.csv"
    row = find_row(path, "figure", "more than 500")
    set_cell(path, row, "qualifier", "about")
    only(validate(data_copy), "claims.csv", row, "qualifier", "reads as qualifier 'more than', not 'about'")


def test_open_ended_claim_must_leave_high_empty(data_copy):
    path = data_copy / "claims.csv"
    row = find_row(path, "figure", "more than 1,000")
    set_cell(path, row, "value_high", "1000")
    only(validate(data_copy), "claims.csv", row, "value_high", "reads as high empty, not 1,000")


def test_percent_must_be_stored_as_percent(data_copy):
    path = data_copy / "claims.csv"
    row = find_row(path, "figure", "about 12.5%")
    set_cell(path, row, "value_low", "0.125")
    set_cell(path, row, "value_high", "0.125")
    only(validate(data_copy), "claims.csv", row, "value_low", "reads as low 12.5, not 0.125")


def test_unit_must_fit_the_figure(data_copy):
    path = data_copy / "claims.csv"
    row = find_row(path, "figure", "over 64 times")
    set_cell(path, row, "unit", "people")
    only(validate(data_copy), "claims.csv", row, "unit", "a times, which cannot be in unit 'people'")


def test_low_above_high(data_copy):
    path = data_copy / "claims.csv"
    row = find_row(path, "figure", "between 1 to 2 million")
    set_cell(path, row, "value_low", "3000000")
    only(validate(data_copy), "claims.csv", row, "value_low", "value_low 3,000,000 is above value_high 2,000,000")


def test_unreadable_figure(data_copy):
    path = data_copy / "claims.csv"
    row = find_row(path, "figure", "403")
    set_cell(path, row, "figure", "pages")
    only(validate(data_copy), "claims.csv", row, "figure", "cannot read 'pages' as a number")


def test_period_end_before_start(data_copy):
    path = data_copy / "events.csv"
    row = find_row(path, "quote", "who was investigated from 2017 to 2018")
    set_cell(path, row, "date_end", "2016")
    only(validate(data_copy), "events.csv", row, "date_end", "2016 is before date 2017")


def test_event_date_precision(data_copy):
    path = data_copy / "events.csv"
    set_cell(path, 2, "date_precision", "year")
    only(validate(data_copy), "events.csv", 2, "date_precision", "is not at year precision")


def test_non_claim_quote_must_pin_one_place(data_copy):
    path = data_copy / "non_claims.csv"
    row = find_row(path, "quote", "In one of the speeches")
    set_cell(path, row, "quote", "one")
    only(validate(data_copy), "non_claims.csv", row, "quote", "occurs 2 times in iohr_2019")


def test_uncovered_mention_is_listed_with_context(data_copy):
    path = data_copy / "non_claims.csv"
    rows = read_rows(path)
    write_rows(path, [r for r in rows if r[rows[0].index("mention")] != "9/11"])
    problems = validate(data_copy)
    hits = [p for p in problems if p.file.endswith("huffpost_2019.txt") and "numeric mention '9'" in p.message]
    assert len(hits) == 1, problems
    assert "response to 9/11" in hits[0].message
    assert hits[0].row == 29  # the line of the source where it stands (grep -n 9/11)
    assert any("numeric mention '11'" in p.message for p in problems)


def test_every_problem_names_file_row_and_column(data_copy):
    path = data_copy / "claims.csv"
    set_cell(path, 2, "value_low", "x")
    set_cell(path, 5, "qualifier", "y")
    problems = validate(data_copy)
    assert len(problems) == 2
    assert all(p.file.endswith("claims.csv") and p.row and p.column for p in problems)


# ---------------------------------------------------------------- the command line

def _tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "claimtrace", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("data", [FIXTURE_DATA, pytest.param(LIVE_DATA, marks=pytest.mark.live)], ids=["fixture", "live"])
def test_cli_valid_data(data):
    result = run_cli("validate", data)
    assert result.returncode == 0, result.stderr
    n = table_counts(data)  # counted here, from the tables
    for table in ("sources", "claims", "events", "non_claims"):
        assert re.search(rf"[(,] {n[table]} {table}[,)]|\({n[table]} {table},", result.stdout), table


@pytest.mark.parametrize("damage", ["bad number", "non-utf8", "ragged", "empty", "missing descriptor"])
def test_cli_refuses_clearly_and_writes_nothing(data_copy, damage):
    claims = data_copy / "claims.csv"
    if damage == "bad number":
        set_cell(claims, 2, "value_low", "four hundred")
    elif damage == "non-utf8":
        claims.write_bytes(claims.read_bytes().replace("Uyghurs".encode(), "Uyghurs".encode("utf-16"), 1))
    elif damage == "ragged":
        claims.write_text(claims.read_text(encoding="utf-8") + "a,b\n", encoding="utf-8")
    elif damage == "empty":
        claims.write_bytes(b"")
    else:
        (data_copy / "datapackage.json").unlink()
    before = _tree_digest(data_copy.parent)
    result = run_cli("validate", data_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert str(data_copy) in first and ": " in first
    assert "nothing was written" in result.stderr.splitlines()[-1]
    assert _tree_digest(data_copy.parent) == before


# ---------------------------------------------------------------- every schema rule of every table

def _schema_rules():
    import json
    descriptor = json.loads((FIXTURE_DATA / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        for field in res["schema"]["fields"]:
            c = field.get("constraints", {})
            name = field["name"]
            if c.get("required"):
                yield res["path"], name, "", "is required but empty"
            if "enum" in c:
                yield res["path"], name, "not-a-listed-value", "'not-a-listed-value' is not an allowed value"
            if "pattern" in c:
                yield res["path"], name, "Not Valid!", "'Not Valid!' does not have the required form"
            if field["type"] in ("number", "date"):
                yield res["path"], name, "x1", f"'x1' is not a {field['type']}"


def _rules_by_table() -> dict[str, list[tuple[str, str, str]]]:
    rules: dict[str, list[tuple[str, str, str]]] = {}
    for table, column, value, message in _schema_rules():
        rules.setdefault(table, []).append((column, value, message))
    return rules


def test_the_fixture_has_every_rule_of_the_live_schema():
    """The rules below are derived from the fixture's descriptor: it must keep every field, type and
    constraint of data/datapackage.json (whose vocabularies may only have grown since), so that a
    rule added to the schema is tested too, once the fixture's descriptor is given it."""
    import json

    def fields(data):
        descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
        return {(r["path"], f["name"]): f for r in descriptor["resources"] for f in r["schema"]["fields"]}

    live, frozen = fields(LIVE_DATA), fields(FIXTURE_DATA)
    assert set(live) == set(frozen), "the fixture's descriptor has other fields than data/datapackage.json"
    for key, field in live.items():
        rules, fixture_rules = dict(field.get("constraints", {})), dict(frozen[key].get("constraints", {}))
        assert ("enum" in rules) == ("enum" in fixture_rules), key
        assert set(fixture_rules.pop("enum", [])) <= set(rules.pop("enum", [])), key
        assert (field["type"], rules) == (frozen[key]["type"], fixture_rules), key


@pytest.mark.parametrize("table", list(_rules_by_table()))
def test_every_schema_rule_is_enforced(data_copy, table):
    """Derived from datapackage.json: a rule added to the schema gets its test automatically.

    Each rule breaks its own cell: the rules of one column go to different rows (rows 2, 3, ...),
    so one validation of the table must name every broken cell, each with its own message."""
    placed, row_of = [], {}
    for column, value, message in _rules_by_table()[table]:
        row = row_of[column] = row_of.get(column, 1) + 1
        set_cell(data_copy / table, row, column, value)
        placed.append((row, column, message))
    problems = validate(data_copy)
    missing = [f"row {r} column {c}: {m!r}" for r, c, m in placed
               if not any(p.file.endswith(table) and p.row == r and p.column == c and m in p.message
                          for p in problems)]
    assert not missing, "not reported:\n" + "\n".join(missing) + "\ngot:\n" + "\n".join(map(str, problems))


@pytest.mark.parametrize("table", ["claims.csv", "events.csv", "non_claims.csv"])
def test_every_table_quote_must_be_verbatim(data_copy, table):
    path = data_copy / table
    set_cell(path, 2, "quote", get_cell(path, 2, "quote") + " (paraphrased)")
    only(validate(data_copy), table, 2, "quote", "not found verbatim in")


# --- the reference layer, checked as the claims are ----------------------------------------------

REF = "reference/reference_figures.csv"


def _ref_row(data_copy, reference_id):
    return find_row(data_copy / REF, "reference_id", reference_id)


def test_reference_quote_not_in_its_excerpt(data_copy):
    row = _ref_row(data_copy, "urumqi_2014_deaths")
    set_cell(data_copy / REF, row, "quote", "Three people were confirmed dead and 80 others were injured")
    only(validate(data_copy), "reference_figures.csv", row, "quote",
         "reference urumqi_2014_deaths: not found verbatim in excerpt chinaorgcn_xinhua_urumqi_2014")


def test_reference_value_not_read_back(data_copy):
    row = _ref_row(data_copy, "xinjiang_population_2020")
    set_cell(data_copy / REF, row, "value", "25852354")
    only(validate(data_copy), "reference_figures.csv", row, "value",
         "the figure '25,852,345' reads as low 25,852,345, not 25,852,354")


def test_reference_qualifier_not_read_back(data_copy):
    row = _ref_row(data_copy, "aspi_2020_facilities")
    set_cell(data_copy / REF, row, "qualifier", "exact")
    only(validate(data_copy), "reference_figures.csv", row, "qualifier", "reads as qualifier 'more than', not 'exact'")


def test_reference_with_an_unknown_producer_is_refused(data_copy):
    row = _ref_row(data_copy, "shufu_population_2020")
    set_cell(data_copy / REF, row, "producer", "unknown (county data as cited by Wikipedia)")
    only(validate(data_copy), "reference_figures.csv", row, "producer", "the producer is unknown")


def test_reference_confidence_is_capped_by_where_it_was_read(data_copy):
    row = _ref_row(data_copy, "shufu_population_2020")  # read on a mirror
    set_cell(data_copy / REF, row, "confidence", "medium")
    only(validate(data_copy), "reference_figures.csv", row, "confidence",
         "read on a mirror page, so its confidence is at most 'low', not 'medium'")


def test_reference_excerpt_changed_after_checksum(data_copy):
    with open(data_copy / "reference" / "excerpts" / "bbc_urumqi_2014.txt", "ab") as fh:
        fh.write(b"x")
    row = find_row(data_copy / "reference" / "excerpts.csv", "excerpt_id", "bbc_urumqi_2014")
    only(validate(data_copy), "excerpts.csv", row, "sha256", "the archived excerpt changed")


def test_reference_excerpt_not_listed(data_copy):
    (data_copy / "reference" / "excerpts" / "stray.txt").write_text("25,852,345\n", encoding="utf-8")
    only(validate(data_copy), "stray.txt", None, None, "archived excerpt is not listed")


def test_reference_row_must_name_a_listed_excerpt(data_copy):
    row = _ref_row(data_copy, "urumqi_2014_deaths")
    set_cell(data_copy / REF, row, "excerpt_id", "nowhere")
    problems = validate(data_copy)
    assert any(p.file.endswith("reference_figures.csv") and p.row == row and "nowhere" in p.message for p in problems), \
        "\n".join(map(str, problems))


def test_own_voice_claims_are_the_publishers(data_copy):
    path = data_copy / "claims.csv"
    row = find_row(path, "claim_id", "huffpost_2019-attack_deaths-2")
    set_cell(path, row, "claimant", "unattributed")
    only(validate(data_copy), "claims.csv", row, "claimant", "attribution 'own_voice' needs the publisher 'HuffPost' as claimant")
    set_cell(path, row, "claimant", "HuffPost")
    set_cell(path, row, "attribution", "named")
    only(validate(data_copy), "claims.csv", row, "claimant", "attribution 'named' names somebody other than the publisher")


def test_the_attribution_vocabulary_is_the_schemas():
    import json

    from claimtrace.package import ATTRIBUTIONS, OWN
    fields = next(r for r in json.loads((LIVE_DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]
                  if r["name"] == "claims")["schema"]["fields"]
    enum = next(f for f in fields if f["name"] == "attribution")["constraints"]["enum"]
    assert sorted(enum) == sorted(ATTRIBUTIONS) and set(OWN) <= set(enum)
