"""The benchmark's own machinery (bench/run.py, bench/measure.py), without running the benchmark:
measuring a command, judging the targets, and writing the results it commits."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from conftest import ROOT


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run = _load("run")

STEPS = {
    "env_cold": {"label": "Environment, empty cache", "seconds": 60.0, "peak_memory_mb": 300.0, "returncode": 0},
    "clean_build": {"label": "Clean build", "seconds": 12.0, "peak_memory_mb": 850.0, "returncode": 0, "notebooks_ran": 8},
    "clean_build_fresh_kernels": {"label": "fresh", "seconds": 16.0, "returncode": 0, "same_outputs": True},
    "noop": {"label": "No-op", "seconds": 0.01, "returncode": 0, "make_q_returncode": 0,
             "programs_started": ["/usr/bin/make", "/bin/sed"], "python_started": False, "recipes_run": False},
    "incremental_notebook": {"label": "touch", "seconds": 3.0, "returncode": 0,
                             "notebooks_ran": ["notebooks/04-konasheher.ipynb"]},
    "side_by_side": {"label": "side", "make_seconds": [12.0, 11.0, 13.0], "nbconvert_seconds": [25.0, 23.0, 24.0],
                     "make_median": 12.0, "nbconvert_median": 24.0, "ratio": 0.5,
                     "make_peak_memory_mb": 850, "nbconvert_peak_memory_mb": 380},
    "validate_100k": {"label": "100k", "seconds": 7.5, "peak_memory_mb": 900.0, "returncode": 0},
    "scale": {"label": "scale", "real_claims": 42, "rows": [
        {"factor": f, "claims": 42 * f, "validate_seconds": 0.3 * f ** 0.5, "validate_peak_memory_mb": 100,
         "notebooks_seconds": 20 + f / 100, "notebooks_peak_memory_mb": 300, "build_seconds": 20 + f / 50,
         "growth_vs_1x": 1.0, "exponent_vs_previous": 0.1, "largest_notebook_bytes": 200_000,
         "largest_html_bytes": 950_000} for f in (1, 10, 100, 1000)]},
}
MACHINE = {"cpus": 2, "cpu": "test CPU", "memory": "8 GB", "python": "3.11.7"}


def test_targets_are_judged_from_the_figures():
    judged = {t["target"].split(" ")[1]: t["met"] for t in run.targets(STEPS, MACHINE)}
    assert judged == {"no-op": True, "clean": True, "of": True, "time": True}
    slow = dict(STEPS, side_by_side=dict(STEPS["side_by_side"], ratio=0.51),
                validate_100k=dict(STEPS["validate_100k"], seconds=10.0),
                noop=dict(STEPS["noop"], python_started=True))
    assert [t["met"] for t in run.targets(slow, MACHINE)] == [False, False, False, True]


def test_drafting_targets_include_claimant_and_attribution(monkeypatch):
    """Every drafting metric of bench/drafting.py's TARGETS is judged on every text: one text below the
    claimant-and-attribution target fails that target alone."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    good = {"text": "a", "recall": 1.0, "precision": 0.95, "claimant": 0.9, "attribution": 0.9,
            "claimant_attribution": 0.9, "verbatim": 1.0}
    weak = dict(good, text="b", claimant_attribution=0.84)
    judged = {t["target"]: t["met"] for t in run.targets({"drafting": {"texts": [good, weak]}}, MACHINE)}
    assert judged["Drafting, claimant and attribution both right at least 0.85 on every text of the development set"] is False
    assert judged["Drafting, precision at least 0.90 on every text of the development set"] is True
    assert sum(not met for met in judged.values()) == 1 and len(judged) == 6


def test_results_are_written_as_a_table():
    results = {"date": "2026-01-01 00:00 UTC", "machine": MACHINE, "total_seconds": 600.0,
               "clone": {"commit": "0123456789abcdef"}, "steps": STEPS}
    results["targets"] = run.targets(STEPS, MACHINE)
    md = run.render_markdown(results)
    assert md.startswith("# Benchmark results")
    assert "| A clean build takes at most 0.5x the time of sequential nbconvert on two cores |" in md
    assert "**0.5**" in md and "| 1000x | 42,000 |" in md and "04-konasheher" in md
    assert "**not met**" not in md
    json.dumps(results)  # what results.json holds


def test_notebooks_that_ran_are_read_from_make_output():
    out = "Running notebook notebooks/04-konasheher.ipynb\nRan notebooks/04-konasheher.ipynb in 1.2 s\n"
    assert run.ran(out) == ["notebooks/04-konasheher.ipynb"]


def test_inner_commands_do_not_see_the_outer_make(monkeypatch, tmp_path):
    monkeypatch.setenv("MAKEFLAGS", "-j2 --jobserver-auth=3,4")
    monkeypatch.setenv("MAKELEVEL", "1")
    env = run.Bench(tmp_path, quick=True).env(UV_CACHE_DIR="/c")
    assert "MAKEFLAGS" not in env and "MAKELEVEL" not in env
    assert env["UV_CACHE_DIR"] == "/c"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="measures through /proc")
def test_measure_counts_what_a_command_leaves_running(tmp_path):
    spec = tmp_path / "spec.json"
    child = "import time; x = bytearray(150 * 2**20); time.sleep(0.5)"
    spec.write_text(json.dumps({"cmd": ["sh", "-c", f"{sys.executable} -c '{child}' & echo started"],
                                "log": str(tmp_path / "log")}))
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "measure.py"), str(spec)],
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert result["returncode"] == 0 and result["seconds"] < 0.5  # the command itself exits at once
    assert result["max_rss_mb"] >= 150 and result["leftover"] == 0  # its orphan was waited for and counted
    assert (tmp_path / "log").read_text().strip() == "started"
