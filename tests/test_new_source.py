"""A new source, end to end, in a scratch clone of the committed project, offline: add-source (a
.txt and an .html from tests/fixtures/), draft, a reviewed draft accepted, make."""
from __future__ import annotations

import sys

import pytest

from conftest import MAKE, ROOT, offline, table_counts

pytestmark = pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the project's git repository")


def claimtrace(clone, commands: list[list[str]]):
    """Run `python -m claimtrace COMMAND ...` for each command in turn, in one process (offline, in
    the clone): the same entry point, without paying for the imports once per command."""
    import json
    script = ("import json, sys\nfrom claimtrace.__main__ import main\n"
              "for argv in json.loads(sys.argv[1]):\n"
              "    if main(argv) != 0:\n        sys.exit(f'python -m claimtrace {argv[0]} failed')\n")
    return offline(clone, sys.executable, "-c", script, json.dumps(commands))


def test_a_new_source_flows_from_its_file_to_every_notebook_and_the_report(fresh):
    """add-source (a .txt and an .html), draft, a reviewed draft accepted, make: the new documents
    are in the notebooks' outputs and on the report page, with no code changed."""
    import json

    from conftest import review_draft

    fixtures = ROOT / "tests" / "fixtures"
    documents = table_counts(fresh / "data")["sources"]  # as committed, before the two are added
    adding = [["add-source", str(fixtures / "us_congress_s1542.txt"), "--id", "us_congress_s1542_2025",
               "--title", "Uyghur Policy Act of 2025 (S. 1542, as introduced)", "--publisher", "U.S. Congress (Senate)",
               "--published", "2025-04-30"],
              ["add-source", str(fixtures / "us_congress_hr2349.html"), "--id", "us_congress_hr2349_2025"],
              ["draft", "us_congress_s1542_2025"], ["draft", "us_congress_hr2349_2025"]]
    done = claimtrace(fresh, adding)
    assert done.returncode == 0, done.stderr
    for source_id in ("us_congress_s1542_2025", "us_congress_hr2349_2025"):
        review_draft(fresh / "data", source_id)
    done = claimtrace(fresh, [["accept", "us_congress_s1542_2025"], ["accept", "us_congress_hr2349_2025"]])
    assert done.returncode == 0, done.stderr + done.stdout
    build = offline(fresh, *MAKE)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert "NOTEBOOK FAILED" not in build.stderr  # and accept left the package valid: make validated it

    def outputs(name: str) -> str:
        nb = json.loads((fresh / "notebooks" / name).read_text(encoding="utf-8"))
        return json.dumps([c.get("outputs", []) for c in nb["cells"]])

    # every analysis notebook names each new document in its outputs: in its charts and tables when
    # it prints figures on the notebook's subject, else in the list of every document (notebooks 04
    # and 06); the review notebook (notebooks/review/) examines the one source it is given
    ids = ("us_congress_s1542_2025", "us_congress_hr2349_2025")
    shown = {p.name: [i for i in ids if i in outputs(p.name)] for p in sorted((fresh / "notebooks").glob("*.ipynb"))}
    assert len(shown) == 8 and all(found == list(ids) for found in shown.values()), shown
    page = (fresh / "figures" / "index.html").read_text(encoding="utf-8")
    assert "us_congress_s1542_2025" in page and "us_congress_hr2349_2025" in page
    # the page counts the documents as the clone's sources.csv now lists them, in words, as report.py writes it
    from claimtrace.wording import number_words
    assert table_counts(fresh / "data")["sources"] == documents + 2
    assert f"Every figure printed in {number_words(documents + 2)} archived documents" in page
