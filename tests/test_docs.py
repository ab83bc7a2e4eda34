"""The README and the data dictionary stay true: every path and make target the README names
exists, and the dictionary in data/README.md is the one the schema generates."""
from __future__ import annotations

import json
import re
import subprocess

import pytest

from claimtrace.dictionary import render, splice
from conftest import LIVE_DATA, ROOT

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
    candidates = set(re.findall(r"\]\(([\w./-]+)\)", README))  # markdown links
    candidates |= {m for m in re.findall(r"`([\w./-]+)`", README) if "/" in m or "." in m}
    for block in re.findall(r"^```\n(.*?)^```", README, re.M | re.S):  # the layout block (no language)
        candidates |= set(re.findall(r"^ *([\w.-]+(?:/[\w.-]+)*/?) {2,}\S", block, re.M))
    paths = {c.rstrip("/") for c in candidates
             if not c.startswith(("http", "-", "build/", "data/drafts")) and "<" not in c and "NAME" not in c
             and c not in {".", ".."}}  # build/ and data/drafts/ are made by make, the tests and draft, not committed
    # entries indented under data/ in the layout block are relative to data/
    missing = sorted(p for p in paths if not (ROOT / p).exists() and not (LIVE_DATA / p).exists())
    assert len(paths) > 10
    assert missing == []


@pytest.mark.live
def test_data_dictionary_is_current():
    document = (LIVE_DATA / "README.md").read_text(encoding="utf-8")
    descriptor = json.loads((LIVE_DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert splice(document, descriptor) == document, "data/README.md is stale: run make"
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in document


def test_dictionary_follows_the_schema():
    descriptor = json.loads((LIVE_DATA / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][1]["schema"]["fields"][0]["description"] = "CHANGED"
    assert "CHANGED" in render(descriptor)


def test_the_readme_error_example_is_real(tmp_path):
    """The example error in the README is what validate prints for that mistake, in data/ (a copy)."""
    import shutil

    from claimtrace.validate import validate
    from conftest import find_row, set_cell

    data_copy = tmp_path / "data"
    shutil.copytree(LIVE_DATA, data_copy, ignore=shutil.ignore_patterns("README.md"))

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


def test_the_readme_parameter_example_runs_and_leaves_figures_alone(tmp_path):
    """The README's parameter-override run works as printed and changes the result."""
    import hashlib
    import sys

    command = re.search(r"^(\.venv/bin/python -m claimtrace.runbook .*?)(?<!\\)$", README, re.M | re.S).group(1)
    command = command.replace("\\\n", " ").replace(".venv/bin/python", sys.executable)
    command = command.replace("../build/", f"{tmp_path}/build/").replace(" build/", f" {tmp_path}/build/")
    (tmp_path / "build").mkdir()  # after `make`, build/ exists
    committed = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ROOT / "figures").iterdir()}
    subprocess.run(command, shell=True, cwd=ROOT, check=True, capture_output=True)
    out = (tmp_path / "build" / "04-konasheher-adults-60.ipynb").read_text(encoding="utf-8")
    # 286,000 x adults x 100% non-Han (the default) x 12.5%: 27,706.25 with the committed 77.5%, 21,450 with 60%
    assert "21450.0" in out and "27706.25" not in out
    assert "27706.25" in (ROOT / "notebooks" / "04-konasheher.ipynb").read_text(encoding="utf-8")
    assert (tmp_path / "build" / "figures-adults-60" / "konasheher.png").exists()
    assert committed == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ROOT / "figures").iterdir()}


def test_figure_names_agree_between_the_notebooks_make_and_the_report():
    """Each figure is named in three places: the notebook that saves it, notebooks.mk (which
    expects its files) and the report's order of charts. They must be the same names."""
    import re

    import nbformat

    from claimtrace.report import CHART_ORDER

    mk = (ROOT / "notebooks.mk").read_text(encoding="utf-8")
    declared = {m[0]: m[1].split("#")[0].split() for m in re.findall(r"^FIGURES_(\S+) :=(.*)$", mk, re.M)}
    notebooks = re.search(r"^NOTEBOOKS := ((?:.*\\\n)*.*)$", mk, re.M).group(1).replace("\\\n", " ").split()
    saved = {}
    for name in notebooks:
        nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        saved[name] = re.findall(r"save_chart\([^,]+, \"([a-z0-9_]+)\"", code)
    assert saved == declared
    assert CHART_ORDER == [f for n in notebooks for f in declared[n]]
    every = (p.relative_to(ROOT / "notebooks").with_suffix("").as_posix() for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    assert sorted(notebooks) == sorted(every)


def test_the_architecture_section_names_every_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## How it fits together"):readme.index("The data dictionary, with every column")]
    modules = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "src" / "claimtrace").rglob("*.py")
                     if p.name not in ("__init__.py", "__main__.py"))
    assert [m for m in modules if f"`{m}`" not in section] == []
