"""The README and the data dictionary stay true: every path and make target the README names
exists, and the dictionary in data/README.md is the one the schema generates."""
from __future__ import annotations

import json
import re
import subprocess

from claimtrace.dictionary import render, splice
from conftest import DATA, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def make_targets() -> set[str]:
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return {line.split()[1] for line in out.splitlines() if line.strip().startswith("make ")}


def test_every_make_target_in_the_readme_exists():
    # in inline code (`make test`) and at the start of lines of a code block
    named = set(re.findall(r"(?:`|^)make(?: ACTIVE_ENV=1)? ([a-z][a-z-]*)", README, re.M))
    assert named, "the README names no make target"
    assert named <= make_targets(), named - make_targets()
    for must in ("test", "validate", "lab", "clean", "help"):
        assert must in make_targets()


def test_every_path_in_the_readme_exists():
    candidates = set(re.findall(r"\(([\w./-]+)\)", README))  # markdown links
    candidates |= {m for m in re.findall(r"`([\w./-]+)`", README) if "/" in m or "." in m}
    for block in re.findall(r"^```\n(.*?)^```", README, re.M | re.S):  # the layout block (no language)
        candidates |= set(re.findall(r"^ *([\w.-]+(?:/[\w.-]+)*/?) {2,}\S", block, re.M))
    paths = {c.rstrip("/") for c in candidates
             if not c.startswith(("http", "-")) and "<" not in c and c not in {".", ".."}}
    layout_children = {"sources", "sources.csv", "claims.csv", "events.csv", "non_claims.csv", "datapackage.json"}
    missing = sorted(p for p in paths
                     if not (ROOT / p).exists() and not (p in layout_children and (DATA / p).exists()))
    assert len(paths) > 10
    assert missing == []


def test_data_dictionary_is_current():
    document = (DATA / "README.md").read_text(encoding="utf-8")
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert splice(document, descriptor) == document, "data/README.md is stale: run make"
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in document


def test_dictionary_follows_the_schema():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][1]["schema"]["fields"][0]["description"] = "CHANGED"
    assert "CHANGED" in render(descriptor)


def test_the_readme_error_example_is_real(data_copy):
    """The example error in the README is what validate prints for that mistake."""
    from claimtrace.validate import validate
    from conftest import find_row, set_cell

    example = re.search(r"^(data/claims\.csv, row \d+, column value_low: claim ([\w-]+): .*)$", README, re.M)
    assert example, "the README's example error is missing"
    line, claim_id = example.groups()
    wrong = re.search(r"not ([\d,]+)$", line).group(1).replace(",", "")
    path = data_copy / "claims.csv"
    row = find_row(path, "claim_id", claim_id)
    set_cell(path, row, "value_low", wrong)
    set_cell(path, row, "value_high", wrong)
    printed = [str(p).replace(str(data_copy), "data") for p in validate(data_copy)]
    assert line in printed, printed
