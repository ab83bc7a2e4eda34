"""The suite keeps working as the data grows: two new sources go in through the README's commands, in
a scratch clone of the committed project, offline, as an analyst would add them.

tests/fixtures/growth/ holds the two documents (an HTML explainer and a wire text, written for these
tests from public reporting) and, in reviewed/, the drafts as an analyst leaves them after review:
a UN body as claimant (a claimant type the vocabulary lacks), an "up to" figure with no lower
bound, an "at least" figure with no upper bound, a measure the vocabulary lacks, figures read from
a leaked document. Between add-source and accept the sources await review and make still builds,
runs no notebook and changes no notebook or figure, and a touched data file runs no notebook either;
accept refuses a value the vocabulary lacks (naming the schema's line) and a second row for the
same printed figure; once the vocabulary has grown by one edit, accept takes the drafts and removes
them; then make, make prose and the live data's own tests pass, every new document reaches every
notebook and the report, and the generated sentences are true of the new data."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

import pytest

from conftest import MAKE, ROOT, offline

pytestmark = pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the project's git repository")

GROWTH = ROOT / "tests" / "fixtures" / "growth"
NEW = ("test_desk_2023", "wire_2019")


def claimtrace(clone, commands: list[list[str]]):
    """Run `python -m claimtrace COMMAND ...` for each command in turn, in one process (offline, in
    the clone), stopping at the first that fails: the same entry point, without paying for the
    imports once per command."""
    script = ("import json, sys\nfrom claimtrace.__main__ import main\n"
              "for argv in json.loads(sys.argv[1]):\n"
              "    if main(argv) != 0:\n        sys.exit(f'python -m claimtrace {argv[0]} failed')\n")
    return offline(clone, sys.executable, "-c", script, json.dumps(commands))


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def _write(path, fields, rows):
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _grow_vocabulary(data, column: str, value: str) -> None:
    """The one edit the data dictionary asks for: the value appended to the column's enum."""
    path = data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    claims = next(r for r in descriptor["resources"] if r["name"] == "claims")
    next(f for f in claims["schema"]["fields"] if f["name"] == column)["constraints"]["enum"].append(value)
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def test_two_new_sources_through_the_readme_commands(fresh):
    data = fresh / "data"

    committed = {p: p.read_bytes() for p in [*(fresh / "figures").iterdir(), *(fresh / "notebooks").glob("*.ipynb")]}

    # 1. add-source: the two sources await review; make builds, leaving them out: no notebook runs, no
    # notebook or figure changes, and only the report page and the README headline, which name the
    # waiting sources, change. The clone starts as built: the committed notebooks and figures are what
    # make writes from the committed data (a clean checkout's full build reproduces them byte for
    # byte: .ci/run checks it after make test), so validation's digest of what they read and make's
    # stamps are set as a build would set them.
    primed = offline(fresh, sys.executable, "-m", "claimtrace", "validate", "data", "--accepted-digest",
                     "build/notebooks-data.sha256")
    assert primed.returncode == 0, primed.stderr
    assert offline(fresh, *MAKE, "-t").returncode == 0
    added = claimtrace(fresh, [
        ["add-source", str(GROWTH / "explainer.html"), "--id", "test_desk_2023"],
        ["add-source", str(GROWTH / "wire.txt"), "--id", "wire_2019", "--title",
         "Leaked bulletin shows thousands sent to camps in one week", "--publisher", "Claimtrace Test Wire",
         "--published", "2019-11-25"]])
    assert added.returncode == 0, added.stderr
    build = offline(fresh, *MAKE)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert "no notebook to run" in build.stdout and "Ran notebooks/" not in build.stdout + build.stderr, build.stdout[-2000:]
    for source_id in NEW:
        assert f"source {source_id!r} awaits review" in build.stdout
    status = subprocess.run(["git", "status", "--porcelain", "--", "figures", "notebooks", "README.md"], cwd=fresh,
                            capture_output=True, text=True).stdout.split("\n")
    assert sorted(filter(None, status)) == [" M README.md", " M figures/index.html"], status
    assert offline(fresh, *MAKE, "-q").returncode == 0, "after a build, make still has work to do"
    # a data file touched, what the notebooks read unchanged: validation runs, no notebook does
    (data / "claims.csv").touch()
    again = offline(fresh, *MAKE)
    assert again.returncode == 0 and "no notebook to run" in again.stdout, again.stdout[-2000:]
    assert all(p.read_bytes() == b for p, b in committed.items() if p.name != "index.html"), \
        "a source awaiting review changed a notebook or a figure"
    assert "await review" in (fresh / "figures" / "index.html").read_text(encoding="utf-8")

    # 2. draft, then the analyst's review (the reviewed drafts of tests/fixtures/growth/reviewed/)
    drafted = claimtrace(fresh, [["draft", s] for s in NEW])
    assert drafted.returncode == 0, drafted.stderr
    for source_id in NEW:
        drafts = data / "drafts" / source_id
        assert _rows(drafts / "claims.csv")[1], f"the drafter proposed no claim for {source_id}"
        shutil.rmtree(drafts)
        shutil.copytree(GROWTH / "reviewed" / source_id, drafts)

    # 3. a value the vocabulary lacks is refused at its draft row and column, with the schema's line
    refused = claimtrace(fresh, [["accept", "test_desk_2023"]])
    assert refused.returncode != 0
    assert "data/drafts/test_desk_2023/claims.csv, row 2, column claimant_type: 'UN body'" in refused.stderr
    assert "datapackage.json, line" in refused.stderr and "Traceback" not in refused.stderr
    _grow_vocabulary(data, "claimant_type", "UN body")
    _grow_vocabulary(data, "measure", "people_sent_to_camps")
    # what the bulletin's figures count is new too: refused until the vocabulary has it, then a row
    refused = claimtrace(fresh, [["accept", "wire_2019"]])
    assert "column counted: 'people_sent_to_camps' is not a counted_id listed in data/counted.csv" in refused.stderr
    with open(data / "counted.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            ["people_sent_to_camps", "people sent to camps in a given time", "People sent to camps in one period "
             "(a week, a month), as a leaked bulletin counts them: a flow, not the number held.", "", "detainees",
             "A leaked bulletin's weekly count; it shares members with the detainees."])

    # 4. a second row for the same printed figure in the same quote is refused
    tables = {p: p.read_bytes() for p in data.glob("*.csv")}
    claims = data / "drafts" / "wire_2019" / "claims.csv"
    fields, rows = _rows(claims)
    twin = dict(rows[-1], claim_id=rows[-1]["claim_id"].rsplit("-", 1)[0] + "-9")
    _write(claims, fields, rows + [twin])
    refused = claimtrace(fresh, [["accept", "wire_2019"]])
    assert refused.returncode != 0 and rows[-1]["claim_id"] in refused.stderr, refused.stderr
    assert "row 5" in refused.stderr  # the twin, the draft's fourth row
    assert {p: p.read_bytes() for p in data.glob("*.csv")} == tables, "a refused accept wrote something"
    _write(claims, fields, rows)

    # 5. accepted: the rows are in, the drafts are gone
    accepted = claimtrace(fresh, [["accept", s] for s in NEW])
    assert accepted.returncode == 0, accepted.stderr + accepted.stdout
    assert not (data / "drafts").exists()

    # 6. make, make prose and the live data's own tests pass
    done = offline(fresh, *MAKE)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    # the live tests include make prose's own check (tests/test_prose.py, the committed project)
    live_files = sorted({str(p.relative_to(fresh)) for p in (fresh / "tests").glob("test_*.py")
                         if "mark.live" in p.read_text(encoding="utf-8")})  # the files that hold live tests
    live = offline(fresh, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "live", *live_files)
    assert live.returncode == 0, live.stdout[-4000:]

    # 7. every new document reaches every analysis notebook and the report
    def outputs(path) -> str:
        nb = json.loads(path.read_text(encoding="utf-8"))
        return json.dumps([c.get("outputs", []) for c in nb["cells"]])
    shown = {p.name: [s for s in NEW if s in outputs(p)] for p in sorted((fresh / "notebooks").glob("*.ipynb"))}
    assert shown and all(found == list(NEW) for found in shown.values()), shown
    page = (fresh / "figures" / "index.html").read_text(encoding="utf-8")
    assert all(s in page for s in NEW) and "await review" not in page

    # 8. the sentences written from the data are true of it: no "starts at one million" once a figure
    # has no lower bound, and the UN body's figure drawn, in its own colour, in the legend
    alt = (fresh / "figures" / "detainee_estimates.alt.txt").read_text(encoding="utf-8")
    assert "up to 1.8 million" in alt and "starts at one million" not in alt
    spec = json.loads((fresh / "figures" / "detainee_estimates.vl.json").read_text(encoding="utf-8"))
    assert "UN body" in json.dumps(spec)
    # the new links are followed to their producers, in the report's "Where the numbers come from"
    origins = page[page.index('id="origins"'):page.index('id="claims-section"')]
    assert "relays Australian Strategic Policy Institute" in origins and "relays Adrian Zenz" in origins
