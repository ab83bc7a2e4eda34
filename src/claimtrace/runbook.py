"""Execute a notebook with papermill and commit its outputs back to it, reproducibly.

    python -m claimtrace.runbook notebooks/02-detainee-estimates.ipynb [-p name value ...]

The notebook is executed (in its own folder, so its relative paths work) into a temporary file;
volatile metadata (papermill's timestamps and durations, execution timings, random cell ids)
is stripped, cell ids are made deterministic, and the result replaces the notebook by an atomic
rename, only if its bytes changed.

Its figures are written to a staging folder (build/staging/NAME/) and moved into figures/ by
atomic renames only once the whole notebook has succeeded. A failing notebook leaves the
committed notebook and every figure untouched, keeps the failed executed notebook in
build/failed/ for debugging, and exits non-zero naming the notebook and the cell.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from .files import FIGURES_DIR_OVERRIDE, write_atomic

BUILD = Path("build")

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
            log_output: bool = True, figures_dir: Path | None = None, build: Path = BUILD) -> float:
    """Execute ``path`` and write the cleaned result to ``output`` (default: ``path`` itself).

    With ``figures_dir``, the notebook's figures are staged and moved there only on success.
    Returns the seconds taken. Raises SystemExit(1) naming the notebook and cell on failure.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    path = Path(path)
    output = Path(output) if output else path
    start = time.monotonic()
    staging = build / "staging" / path.stem
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    saved = os.environ.get(FIGURES_DIR_OVERRIDE)
    if figures_dir is not None:
        os.environ[FIGURES_DIR_OVERRIDE] = str(staging.resolve())  # the kernel inherits it
    try:
        with tempfile.TemporaryDirectory(prefix="runbook-") as tmp:
            out = Path(tmp) / path.name
            try:
                pm.execute_notebook(
                    str(path), str(out), parameters=parameters or {}, cwd=str(path.parent),
                    log_output=log_output, progress_bar=False, kernel_name="python3",
                    request_save_on_cell_execute=False,
                )
            except PapermillExecutionError as err:
                failed = build / "failed" / path.name
                failed.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(out, failed)
                print(f"\nNOTEBOOK FAILED: {path} at cell {err.exec_count} "
                      f"(cell index {err.cell_index}): {err.ename}: {err.evalue}\n"
                      f"The executed notebook, up to the failure, is in {failed}; "
                      "the committed notebook and figures are unchanged.", file=sys.stderr)
                raise SystemExit(1) from None
            nb = clean(nbformat.read(out, as_version=4))
    finally:
        if saved is None:
            os.environ.pop(FIGURES_DIR_OVERRIDE, None)
        else:
            os.environ[FIGURES_DIR_OVERRIDE] = saved
    if figures_dir is not None:
        publish(staging, Path(figures_dir))
    data = dumps(nb)
    if not output.exists() or output.read_bytes() != data:
        write_atomic(output, data)
    return time.monotonic() - start


class ParameterError(ValueError):
    """A parameter given on the command line does not fit the notebook."""


def check_parameters(path: Path, parameters: dict) -> None:
    """Refuse unknown names, values of another type than the default's, and missing data folders.

    Values reach the notebook through papermill, which writes them as Python literals (repr), so
    a quote inside a value stays inside the string and cannot inject code.
    """
    import ast

    import papermill as pm

    declared = pm.inspect_notebook(str(path))
    for name, value in parameters.items():
        if name not in declared:
            raise ParameterError(f"{path}: unknown parameter {name!r}; this notebook takes: "
                                 + ", ".join(declared))
        try:
            default = ast.literal_eval(declared[name]["default"])
        except (ValueError, SyntaxError):
            continue  # a computed default: no type to check against
        numeric = (int, float)
        fits = (isinstance(value, numeric) and not isinstance(value, bool) and isinstance(default, numeric)
                and not isinstance(default, bool)) or type(value) is type(default)
        if not fits:
            raise ParameterError(f"{path}: parameter {name!r} must be a {type(default).__name__} like its "
                                 f"default {default!r}, not {value!r}")
        if name == "data_dir" and not (path.parent / value / "datapackage.json").is_file():
            raise ParameterError(f"{path}: parameter 'data_dir': no datapackage.json in {value!r} "
                                 f"(relative to {path.parent})")


def publish(staging: Path, figures_dir: Path) -> None:
    """Move every staged figure into ``figures_dir``, each by an atomic rename.

    A figure whose bytes did not change is left as it was, so its file is not rewritten.
    """
    figures_dir.mkdir(parents=True, exist_ok=True)
    for staged in sorted(staging.iterdir()):
        if staged.name.startswith("."):
            continue  # a temporary file of an interrupted write
        target = figures_dir / staged.name
        if target.exists() and target.read_bytes() == staged.read_bytes():
            staged.unlink()
            continue
        try:
            os.replace(staged, target)
        except OSError:  # another file system: copy next to the target, then rename
            write_atomic(target, staged.read_bytes())
            staged.unlink()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebook", type=Path)
    ap.add_argument("-o", "--output", type=Path, help="write here instead of over the notebook")
    ap.add_argument("--figures-dir", type=Path, default=Path("figures"),
                    help="where the figures go, once the whole notebook has succeeded (default: figures)")
    ap.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                    help="override a parameter (value read as JSON if it parses, else a string)")
    args = ap.parse_args(argv)
    params = {}
    for name, value in args.parameter:
        try:
            params[name] = json.loads(value)
        except json.JSONDecodeError:
            params[name] = value
    if not args.notebook.is_file():
        print(f"{args.notebook}: no such notebook", file=sys.stderr)
        return 2
    try:
        check_parameters(args.notebook, params)
    except ParameterError as err:
        print(err, file=sys.stderr)
        return 2
    print(f"Running {args.notebook}", file=sys.stderr, flush=True)
    secs = execute(args.notebook, params, args.output, figures_dir=args.figures_dir)
    print(f"Ran {args.notebook} in {secs:.1f} s", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
