"""Faults during a build: invalid data, a failing notebook, a killed build. Whatever happens,
make says what is wrong and figures/ keeps exactly what the last good build wrote.

Run in a scratch clone of the committed project, offline (see conftest.py).
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time

from conftest import MAKE, OFFLINE, digest, env_for, offline


def _git_status(clone, *paths):
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", *paths],
                          cwd=clone, capture_output=True, text=True, check=True).stdout


def test_invalid_data_stops_make_before_any_notebook(fresh):
    claims = fresh / "data" / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace(",403,403,", ",430,430,", 1), encoding="utf-8")
    figures = digest(fresh / "figures")
    result = offline(fresh, *MAKE, "-B")
    assert result.returncode != 0
    assert "reads as low 403, not 430" in result.stderr
    assert "Running notebook" not in result.stdout + result.stderr
    assert digest(fresh / "figures") == figures


def test_failing_notebook_is_named_kept_and_leaves_figures_untouched(fresh):
    path = fresh / "notebooks" / "01-inventory.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    # fail at the very end, after its charts have been saved, and after overwriting one of them
    # with something else: none of it may reach figures/
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "cell-99", "metadata": {},
                        "outputs": [], "source": (
                            "import altair as alt, pandas as pd\n"
                            "from claimtrace import charts\n"
                            "charts.save_chart(alt.Chart(pd.DataFrame({'a': [1]})).mark_point().encode(x='a'),\n"
                            "                  'inventory_claims', figures_dir, 'overwritten by a failing run')\n"
                            "raise RuntimeError('deliberate failure')")})
    # everything else counts as built (make -t runs nothing), so make runs this notebook and one
    # other, whose data changed (touched): it succeeds, but with 01 failed publishes nothing either
    (fresh / "build").mkdir(exist_ok=True)  # make -t touches the stamps, it does not create their folder
    assert offline(fresh, *MAKE, "-t", "build/notebooks.done").returncode == 0
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    edited = path.read_bytes()
    other = fresh / "notebooks" / "08-timeline.ipynb"
    other_nb = json.loads(other.read_text(encoding="utf-8"))
    other_nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "cell-98", "metadata": {},
                              "outputs": [], "source": "print('a new cell')"})
    other.write_text(json.dumps(other_nb, indent=1), encoding="utf-8")
    other_edited = other.read_bytes()
    figures = digest(fresh / "figures")

    result = offline(fresh, *MAKE, "build/notebooks.done")
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Ran notebooks/08-timeline.ipynb" in out  # it ran...
    assert "NOTEBOOK FAILED: notebooks/01-inventory.ipynb at cell" in out
    assert "deliberate failure" in out
    assert digest(fresh / "figures") == figures, "a failed run changed figures/ (and so disagrees with index.html)"
    assert path.read_bytes() == edited, "the failed run rewrote the notebook"
    assert other.read_bytes() == other_edited, "a run with a failed notebook wrote another notebook"  # ...but wrote nothing
    failed = fresh / "build" / "failed" / "01-inventory.ipynb"
    assert failed.exists() and "deliberate failure" in failed.read_text(encoding="utf-8")
    # and make will try again next time: the notebook's stamp was not written
    assert offline(fresh, *MAKE, "-q", "build/notebooks.done").returncode != 0


def test_killed_build_leaves_no_partial_or_changed_file(fresh):
    before = _git_status(fresh)
    assert before == "" or all(line.endswith("build/") for line in before.splitlines())
    proc = subprocess.Popen([*OFFLINE, *MAKE, "-B", "-j2"], cwd=fresh, env=env_for(fresh),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    seen = b""
    while time.monotonic() < deadline:  # kill it while notebooks are running and writing figures
        line = proc.stdout.readline()
        seen += line
        if b"Ran notebooks/" in line or not line:
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert b"Ran notebooks/" in seen, seen.decode()[-2000:]
    assert _git_status(fresh, "figures", "notebooks", "data") == "", \
        "an interrupted build left changed, partial or temporary files"
