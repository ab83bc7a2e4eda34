"""Warm kernels shared by the notebooks of one build (runbook.KernelPool).

A notebook run in a kernel that has run others must come out exactly as from a new kernel; a
failed notebook's kernel is never reused; the kernels end when the make process that owns them
ends. (That every committed notebook equals a run in a new kernel is also what nbval checks in
`make test`, on outputs the shared kernels wrote.)
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from claimtrace import runbook
from conftest import ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool reads /proc")
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture
def owner():
    """A stand-in for make: a process the pool's kernels belong to."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    yield proc
    proc.kill()
    proc.wait()


def _pool(tmp_path, proc) -> runbook.KernelPool:
    return runbook.KernelPool(tmp_path / "build", (proc.pid, runbook._proc_stat(proc.pid)[2]))


def _notebook(path: Path, *sources: str) -> Path:
    nb = new_notebook(cells=[new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
                      + [new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.write_text(nbformat.writes(nb))
    return path


def _kernel_pids(pool) -> list[int]:
    return [int(p.read_text()) for p in pool.dir.glob("*.idle")]


def test_a_reused_kernel_gives_what_a_new_one_gives(tmp_path, owner):
    first = _notebook(tmp_path / "a.ipynb", "import warnings, os\nleft_behind = 1\nwarnings.warn('shown once per kernel?')",
                      "import pandas as pd\npd.set_option('display.max_rows', 3)\npd.DataFrame({'a': range(10)})")
    second = _notebook(tmp_path / "b.ipynb",
                       "import warnings, os, sys\nwarnings.warn('shown once per kernel?')\n'left_behind' in dir()",
                       "import pandas as pd\npd.DataFrame({'a': range(10)})",
                       "print(os.getcwd() in sys.path, sys.argv[0].endswith('ipykernel_launcher.py'), os.environ.get('CLAIMTRACE_FIGURES_DIR'))")
    pool = _pool(tmp_path, owner)
    fresh, pooled = tmp_path / "fresh.ipynb", tmp_path / "pooled.ipynb"
    runbook.execute(second, output=fresh, log_output=False, build=tmp_path / "build")
    runbook.execute(first, output=tmp_path / "a-out.ipynb", log_output=False, build=tmp_path / "build", pool=pool)
    assert len(_kernel_pids(pool)) == 1
    runbook.execute(second, output=pooled, log_output=False, build=tmp_path / "build", pool=pool)
    assert len(_kernel_pids(pool)) == 1  # the same kernel, used twice
    import re
    kernel_file = re.compile(r"/tmp/ipykernel_\d+/")  # where IPython compiles cells: by kernel pid
    assert kernel_file.sub("", pooled.read_text()) == kernel_file.sub("", fresh.read_text())
    text = pooled.read_text()
    assert "shown once per kernel?" in text and '"False"' in text and '"execution_count": 1' in text
    assert "False True None" in text


def test_the_committed_notebooks_come_out_the_same_in_one_kernel(tmp_path, owner):
    pool = _pool(tmp_path, owner)
    for name in ("07-discrepancies.ipynb", "03-facilities.ipynb"):
        out = tmp_path / name
        runbook.execute(NOTEBOOKS / name, output=out, log_output=False, figures_dir=tmp_path / "figures",
                        build=tmp_path / "build", pool=pool)
        assert out.read_bytes() == (NOTEBOOKS / name).read_bytes(), name
    assert len(_kernel_pids(pool)) == 1


def test_a_failed_notebook_names_its_cell_and_its_kernel_is_discarded(tmp_path, owner, capsys):
    pool = _pool(tmp_path, owner)
    bad = _notebook(tmp_path / "bad.ipynb", "y = 2", "raise RuntimeError('boom')")
    with pytest.raises(SystemExit):
        runbook.execute(bad, log_output=False, build=tmp_path / "build")  # a new kernel: papermill
    said = capsys.readouterr().err.split(": ")[1]
    with pytest.raises(SystemExit):
        runbook.execute(bad, log_output=False, build=tmp_path / "build", pool=pool)
    err = capsys.readouterr().err
    assert "NOTEBOOK FAILED" in err and "at cell 3 (cell index 2): RuntimeError: boom" in err
    assert err.split(": ")[1] == said  # named as papermill names it
    assert "boom" in (tmp_path / "build" / "failed" / "bad.ipynb").read_text()
    assert _kernel_pids(pool) == [] and not list(pool.dir.glob("*.busy"))


def test_kernels_end_with_their_make(tmp_path, owner):
    pool = _pool(tmp_path, owner)
    runbook.execute(_notebook(tmp_path / "a.ipynb", "1"), output=tmp_path / "o.ipynb", log_output=False,
                    build=tmp_path / "build", pool=pool)
    [pid] = _kernel_pids(pool)
    assert runbook._proc_stat(pid) is not None
    owner.kill()
    owner.wait()
    deadline = time.monotonic() + 10
    while runbook._proc_stat(pid) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert runbook._proc_stat(pid) is None, "the kernel outlived its make"


def test_only_make_gets_a_pool(monkeypatch):
    monkeypatch.delenv("MAKELEVEL", raising=False)
    assert runbook.KernelPool.for_this_build() is None
    monkeypatch.setenv("MAKELEVEL", "1")
    monkeypatch.setenv(runbook.FRESH_KERNELS_ENV, "1")
    assert runbook.KernelPool.for_this_build() is None
