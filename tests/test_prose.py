"""Every number the project writes in its own words is backed by the data, computed in its notebook,
or listed with a reason in data/prose_numbers.csv (`python -m claimtrace.prose`); a number that
drifts from the data turns the check red. The committed project must pass; the drifts are made in a
copy of the frozen fixture project (tests/fixtures/package: its data, notebooks, figures' texts and
README headline), so that they name its exact cells, lines and numbers."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrace.prose import Backing, check, read_mentions
from conftest import FIXTURE, FIXTURE_DATA, ROOT, table_counts


def run_cli(root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])))
    return subprocess.run([sys.executable, "-m", "claimtrace.prose", str(root)], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the fixture's texts the check reads: notebooks, figures (alt texts and specs), data
    and README."""
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_the_fixture_project_passes():
    result = check(FIXTURE)
    assert result.problems == []
    assert (result.mentions, result.by_data, result.by_outputs, result.listed) == (554, 504, 43, 7)


def edit_markdown(path: Path, cell: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` once in markdown cell number ``cell`` (counting from 1)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    c = nb["cells"][cell - 1]
    assert c["cell_type"] == "markdown"
    source = "".join(c["source"])
    assert old in source, (old, source)
    c["source"] = source.replace(old, new, 1)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the committed project ------------------------------------------------------------------------

@pytest.mark.live
def test_the_committed_project_passes():
    result = check(ROOT)
    assert result.problems == []
    assert result.mentions > 300 and result.texts > 30
    assert result.by_data + result.by_outputs + result.listed == result.mentions
    assert result.by_outputs > 0 and result.listed > 0


@pytest.mark.live
def test_the_command_line_passes_on_the_committed_project():
    out = run_cli(ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("prose: ") and "all backed" in out.stdout
    assert "listed in data/prose_numbers.csv" in out.stdout


# --- drift is caught ------------------------------------------------------------------------------

def test_a_drifted_number_in_a_notebook_fails_naming_notebook_cell_and_number(project):
    # 286,000 is HRN's figure (claims.csv); the notebook's title cell is cell 1
    edit_markdown(project / "notebooks" / "04-konasheher.ipynb", 1, "286,000", "287,000")
    result = check(project)
    assert len(result.problems) == 1, result.problems
    problem = result.problems[0]
    assert problem.startswith('notebooks/04-konasheher.ipynb:cell 1: "')
    assert "number 287,000 is not a figure of the claims, events or reference tables, not computed in this " \
           "notebook, and not listed in data/prose_numbers.csv" in problem
    out = run_cli(project)
    assert out.returncode == 1
    assert problem in out.stderr and "Traceback" not in out.stderr


def test_a_number_rounded_wrongly_fails(project):
    # 25,852,345 residents: "25.9 million" is right, "25.8 million" is not
    edit_markdown(project / "notebooks" / "05-denominators.ipynb", 8, "25.9 million", "25.8 million")
    problems = check(project).problems
    assert len(problems) == 1 and problems[0].startswith("notebooks/05-denominators.ipynb:cell 8:")
    assert "number 25.8 million" in problems[0]


def test_a_drifted_alt_text_number_fails(project):
    edit_text(project / "figures" / "leaks_2019.alt.txt", "blog repost, 2019: 403", "blog repost, 2019: 430")
    problems = check(project).problems
    assert len(problems) == 1, problems
    assert problems[0].startswith('figures/leaks_2019.alt.txt:1: "') and "number 430 is not" in problems[0]
    assert "not computed in notebooks/06-leaks.ipynb, which draws it" in problems[0]


def test_a_drifted_chart_title_fails_with_its_line(project):
    path = project / "figures" / "denominators.vl.json"
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if "25.9 million" in text)
    edit_text(path, "25.9 million", "29.5 million")
    problems = check(project).problems
    assert len(problems) == 1 and problems[0].startswith(f"figures/denominators.vl.json:{line}:")


def test_a_drifted_readme_headline_fails(project):
    n = table_counts(FIXTURE_DATA)
    headline = f"{n['claims']} figures from {n['sources']} source documents"
    edit_text(project / "README.md", headline, headline.replace(str(n["claims"]), str(n["claims"] + 2), 1))
    problems = check(project).problems
    assert len(problems) == 1 and problems[0].startswith("README.md:16:") and f"number {n['claims'] + 2}" in problems[0]


# --- the allow-list -------------------------------------------------------------------------------

def _next_row(project) -> int:
    """The spreadsheet row number a row appended to the allow-list gets (header = 1)."""
    return len((project / "data" / "prose_numbers.csv").read_text(encoding="utf-8").splitlines()) + 1


def test_a_stale_allow_list_row_is_reported(project):
    row = _next_row(project)
    with (project / "data" / "prose_numbers.csv").open("a", encoding="utf-8") as f:
        f.write('notebooks/06-leaks.ipynb,"99 pages nowhere",99,a row whose text is gone\n')
    problems = check(project).problems
    assert len(problems) == 1
    assert problems[0].startswith(f"data/prose_numbers.csv, row {row}, column text: '99 pages nowhere' is not found "
                                  "in notebooks/06-leaks.ipynb")


def test_an_allow_listed_number_that_changes_is_stale_and_unbacked(project):
    edit_markdown(project / "notebooks" / "06-leaks.ipynb", 6, "43 short of the blog's", "143 short of the blog's")
    problems = check(project).problems
    assert len(problems) == 2, problems
    assert any(p.startswith("data/prose_numbers.csv, row 5, column text:") and "stale" in p for p in problems)
    assert any(p.startswith("notebooks/06-leaks.ipynb:cell 6:") and "number 143 " in p for p in problems)


def test_an_allow_list_row_whose_number_is_not_in_its_text_is_reported(project):
    row = _next_row(project)
    with (project / "data" / "prose_numbers.csv").open("a", encoding="utf-8") as f:
        f.write('notebooks/06-leaks.ipynb,"40 short of IOHR\'s",41,typo\n')
    problems = check(project).problems
    assert problems == [f"data/prose_numbers.csv, row {row}, column number: '41' is not part of the text \"40 short of IOHR's\""]


def test_an_allow_list_row_matching_twice_is_reported(project):
    with (project / "data" / "prose_numbers.csv").open("a", encoding="utf-8") as f:
        f.write("figures/leaks_2019.alt.txt,200,200,too short\n")
    problems = check(project).problems
    assert len(problems) == 1 and "occurs 2 times in figures/leaks_2019.alt.txt" in problems[0]


def test_a_broken_allow_list_is_reported_without_a_traceback(project):
    (project / "data" / "prose_numbers.csv").write_text("file,text,number\nx,y,1\n", encoding="utf-8")
    out = run_cli(project)
    assert out.returncode == 1 and "data/prose_numbers.csv" in out.stderr and "Traceback" not in out.stderr


# --- the rule of printed precision ----------------------------------------------------------------

def backed(prose: str, values=(), dates=(), texts=()) -> list[tuple[str, bool]]:
    b = Backing(values=list(values), dates=set(dates))
    for text in texts:
        b.add_text(text)
    b.done()
    return [(m.printed, b.backs(m)) for m in read_mentions(prose)]


@pytest.mark.parametrize("prose, value, expected", [
    ("about 27,000 people", 27_096.7, True),          # hedged: trailing zeros not significant
    ("27,000 people", 27_096.7, False),               # unhedged whole number: to the unit
    ("about 27,000 people", 27_600, False),           # 27,600 rounds to 28,000
    ("25.9 million residents", 25_852_345, True),     # a decimal: to 0.1 million
    ("25.8 million residents", 25_852_345, False),
    ("26 million residents", 25_852_345, False),      # unhedged: 26,000,000 to the unit
    ("about 26 million residents", 25_852_345, True),  # hedged with a scale word: to the million
    ("2.0 million servicemen", 2_049_999, True),      # a printed decimal zero counts
    ("2.0 million servicemen", 2_050_001, False),
    ("12.5% of adults", 12.5, True),
    ("12.5% of adults", 0.125, True),                 # a share backs its percentage
    ("12.6% of adults", 12.5, False),
    ("77.5% are adults", 0.77541, True),
    ("at most 195 per", 195.3125, True),              # a whole number is written to the unit
    ("at most 195 per", 194.0, False),
    ("at most about 195 per", 194.6, True),
    ("at most about 195 per", 194.0, False),          # 194.0 rounds to 194, not 195
    ("over 64 times higher", 64, True),
    ("more than 500 facilities", 500, True),
    ("more than 500 facilities", 501, False),
    ("an estimated one million", 1_000_000, True),
    ("at least a million", 1_000_000, True),
    ("tens of thousands of people", 27_096.7, True),  # a vague quantity: any value inside its interval
    ("tens of thousands of people", 9_000, False),
    ("thousands of photos", 2_000, True),
])
def test_the_rule_of_printed_precision(prose, value, expected):
    result = backed(prose, [value])
    assert len(result) == 1, result
    assert result[0][1] is expected, result


def test_a_low_takes_the_scale_of_its_high():
    assert backed("between 1 to 2 million", [1_000_000, 2_000_000]) == [("1", True), ("2 million", True)]
    assert backed("between one and two million", [1_000_000, 2_000_000]) == [("one", True), ("two million", True)]
    assert backed("about 6.7 to 13.3 million people", [6_666_666.7, 13_333_333.3]) == [
        ("6.7", True), ("13.3 million", True)]
    assert backed("1 to 2 million", [1, 2_000_000]) == [("1", False), ("2 million", True)]


def test_numbers_split_over_lines_are_one_mention():
    assert backed("about one\nmillion", [1_000_000]) == [("one\nmillion", True)]
    assert backed("at least a\nmillion", [1_000_000]) == [("a\nmillion", True)]


def test_a_percentage_printed_in_the_data_backs_only_percentages():
    assert backed("42 people", texts=["Han in Xinjiang (42.24% of residents)"]) == [("42", False)]
    assert backed("about 42.2% of residents", texts=["Han (42.24% of residents)"]) == [("42.2%", True)]


def test_dates_and_years():
    dates = ["2014-03-01", "2019-11-16", "2016-08"]
    assert backed("on 1 March 2014", dates=dates) == [("1 March 2014", True)]
    assert backed("on 2 March 2014", dates=dates) == [("2 March 2014", False)]
    assert backed("IOHR, Nov 2019", dates=dates) == [("Nov 2019", True)]
    assert backed("on 16 November", dates=dates) == [("16 November", True)]
    assert backed("in August 2016 and 2016-08", dates=dates) == [("August 2016", True), ("2016-08", True)]
    assert backed("in 2014, not 2015", dates=dates) == [("2014", True), ("2015", False)]
    assert backed("you may 2 go", dates=dates) == [("2", False)]  # "may" is not a month


def test_an_allow_list_number_must_be_a_whole_mention(project):
    (project / "data" / "prose_numbers.csv").write_text(
        (project / "data" / "prose_numbers.csv").read_text(encoding="utf-8").replace(
            '"in a county of under 300,000","300,000",', '"in a county of under 300,000",300,'), encoding="utf-8")
    problems = check(project).problems
    assert len(problems) == 2, problems
    assert "row 2, column number: '300' is not a whole numeric mention" in problems[0]
    assert problems[1].startswith("notebooks/04-konasheher.ipynb:cell") and "number 300,000 " in problems[1]


def test_a_large_low_keeps_its_own_scale_in_a_range():
    """"660,000 to 3 million" is 660,000 to 3,000,000, as the figures' parser reads it
    (numbers.low_takes_scale): not 660,000 million. "1 to 2 million" shares its scale."""
    from claimtrace.numbers import parse_figure
    values = [m.value for m in read_mentions("run from 660,000 to 3 million")]
    assert values == [660_000, 3_000_000]
    assert [m.value for m in read_mentions("between 1 to 2 million")] == [1_000_000, 2_000_000]
    assert (parse_figure("660,000 to 3 million").low, parse_figure("1 to 2 million").low) == (660_000, 1_000_000)
