"""Execute a notebook with papermill and commit its outputs back to it, reproducibly.

    python -m claimtrace.runbook notebooks/02-detainee-estimates.ipynb [-p name value ...]

The notebook is executed (in its own folder, so its relative paths work) into a temporary file;
volatile metadata (papermill's timestamps and durations, execution timings, random cell ids)
is stripped, cell ids are made deterministic, and the result replaces the notebook by an atomic
rename, only if its bytes changed. A failing notebook leaves the committed notebook untouched
and exits non-zero naming the notebook and the cell.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from .files import write_atomic

VOLATILE_NB_KEYS = ("papermill",)
VOLATILE_CELL_KEYS = ("papermill", "execution", "collapsed", "scrolled")


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip what changes from run to run; give cells ids derived from their position."""
    for key in VOLATILE_NB_KEYS:
        nb.metadata.pop(key, None)
    nb.metadata.pop("widgets", None)
    for i, cell in enumerate(nb.cells, start=1):
        cell["id"] = f"cell-{i:02d}"
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def dumps(nb: nbformat.NotebookNode) -> bytes:
    """The notebook as text in nbformat's own layout, ending with a newline."""
    text = nbformat.writes(nb)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def execute(path: Path, parameters: dict | None = None, output: Path | None = None,
            log_output: bool = True) -> float:
    """Execute ``path`` and write the cleaned result to ``output`` (default: ``path`` itself).

    Returns the seconds taken. Raises SystemExit(1) naming the notebook and cell on failure.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    path = Path(path)
    output = Path(output) if output else path
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="runbook-") as tmp:
        out = Path(tmp) / path.name
        try:
            pm.execute_notebook(
                str(path), str(out), parameters=parameters or {}, cwd=str(path.parent),
                log_output=log_output, progress_bar=False, kernel_name="python3",
                request_save_on_cell_execute=False,
            )
        except PapermillExecutionError as err:
            print(f"\nNOTEBOOK FAILED: {path} at cell {err.exec_count} "
                  f"(cell index {err.cell_index}): {err.ename}: {err.evalue}", file=sys.stderr)
            raise SystemExit(1) from None
        nb = clean(nbformat.read(out, as_version=4))
    data = dumps(nb)
    if not output.exists() or output.read_bytes() != data:
        write_atomic(output, data)
    return time.monotonic() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebook", type=Path)
    ap.add_argument("-o", "--output", type=Path, help="write here instead of over the notebook")
    ap.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                    help="override a parameter (value read as JSON if it parses, else a string)")
    args = ap.parse_args(argv)
    params = {}
    for name, value in args.parameter:
        try:
            params[name] = json.loads(value)
        except json.JSONDecodeError:
            params[name] = value
    print(f"Running {args.notebook}", file=sys.stderr, flush=True)
    secs = execute(args.notebook, params, args.output)
    print(f"Ran {args.notebook} in {secs:.1f} s", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
