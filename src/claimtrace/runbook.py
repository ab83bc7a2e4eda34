"""Execute notebooks and commit their outputs back to them, reproducibly.

    python -m claimtrace.runbook NOTEBOOK [NOTEBOOK ...] [--figures-dir DIR] [-p NAME VALUE ...]
                                 [-o OUTPUT] [--jobs N] [--fresh-kernels]

Each notebook is executed in its own folder (so its relative paths work) into memory; volatile
metadata (execution timings, random cell ids) is stripped, cell ids are made deterministic, and
the result replaces the notebook (or goes to OUTPUT) by an atomic rename, only if its bytes
changed, and only once every notebook of the call has succeeded.

Figures. A notebook writes its charts where its `figures_dir` parameter says. The runner gives it
a staging folder (build/staging/NAME/) as that parameter and moves the files into DIR (default:
the notebook's own `figures_dir`) by atomic renames only once every notebook of the call has succeeded.
The committed notebook keeps its own default: the injected parameter cell is dropped again. A
failing notebook leaves every committed notebook and every figure of the call untouched (the
others still run, so that every failure is named), keeps the failed executed notebook in
build/failed/, and the runner exits 1 naming the notebook and the cell: the published figures and
the report built from them never disagree.

Kernels. The notebooks given in one call run on `--jobs` kernels at once (default: the machine's
cores). Each kernel is a jupyter_client kernel manager this process owns, handed to nbclient;
a kernel that has finished a notebook of the same folder is reset with IPython's own
`reset(new_session=True)` (empty namespace, counts from 1) and given the next, so pandas and
altair are imported once per kernel, not once per notebook. `make test` checks that this changes
nothing: nbval re-executes every notebook in a new kernel and compares every output. With
`--fresh-kernels` every notebook gets a new kernel. The kernels end with this process.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .files import VEGA_BUNDLE, write_atomic

BUILD = Path("build")
INJECTED_TAG = "injected-parameters"

VOLATILE_NB_KEYS = ("papermill", "widgets")
VOLATILE_CELL_KEYS = ("papermill", "execution", "collapsed", "scrolled")


def clean(nb):
    """Strip what changes from run to run; give cells ids derived from their position."""
    for key in VOLATILE_NB_KEYS:
        nb.metadata.pop(key, None)
    for i, cell in enumerate(nb.cells, start=1):
        cell["id"] = f"cell-{i:02d}"
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def dumps(nb) -> bytes:
    """The notebook as text in nbformat's own layout, ending with a newline."""
    import nbformat
    text = nbformat.writes(nb)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


class NotebookFailed(Exception):
    """A cell raised: where (execution count and cell index) and what."""

    def __init__(self, exec_count, cell_index, ename, evalue):
        super().__init__(f"{ename}: {evalue}")
        self.exec_count, self.cell_index, self.ename, self.evalue = exec_count, cell_index, ename, evalue


class ParameterError(ValueError):
    """A parameter does not fit the notebook: unknown name, wrong type, missing folder."""


# ---------------------------------------------------------------- parameters


def declared_parameters(path: Path) -> dict:
    """The names and defaults of the notebook's `parameters` cell, as papermill reads them."""
    import papermill as pm
    return pm.inspect_notebook(str(path))


def check_parameters(path: Path, parameters: dict) -> None:
    """Refuse unknown names, values of another type than the default's, and missing data folders.

    Values reach the notebook through papermill, which writes them as Python literals (repr), so
    a quote inside a value stays inside the string and cannot inject code.
    """
    import ast

    if not parameters:
        return
    declared = declared_parameters(path)
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


def default_figures_dir(path: Path) -> Path:
    """Where the notebook writes its figures when nobody says otherwise (its own default)."""
    import ast
    declared = declared_parameters(path)
    if "figures_dir" not in declared:
        raise ParameterError(f"{path}: the notebook has no figures_dir parameter; give --figures-dir")
    return path.parent / ast.literal_eval(declared["figures_dir"]["default"])


def prepare(path: Path, parameters: dict):
    """The notebook as papermill prepares it: parameters injected after the `parameters` cell."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(path))
    if parameters:
        nb = parameterize_notebook(nb, parameters, report_mode=False, kernel_name="python3", language="python")
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def restore_parameters(nb, parameters: dict):
    """Drop the runner's own injected figures_dir; keep a cell only for the caller's parameters."""
    from papermill.translators import translate_parameters

    for cell in [c for c in nb.cells if INJECTED_TAG in c.metadata.get("tags", [])]:
        if parameters:
            cell.source = translate_parameters("python3", "python", parameters, "Parameters").rstrip("\n")
            continue
        # as if it had never run: the cells after it count one less, as in a run with the defaults
        after = nb.cells[nb.cells.index(cell) + 1:]
        nb.cells.remove(cell)
        for c in after:
            if c.cell_type == "code" and c.execution_count:
                c.execution_count -= 1
                for out in c.outputs:
                    if out.get("execution_count"):
                        out["execution_count"] -= 1
    return nb


# ---------------------------------------------------------------- running


@dataclass
class Job:
    path: Path
    output: Path
    parameters: dict = field(default_factory=dict)  # the caller's, without figures_dir
    figures_dir: Path | None = None                 # where the figures are published


class Kernel:
    """One kernel (a jupyter_client AsyncKernelManager) and the folder it was started in."""

    def __init__(self) -> None:
        self.km = None
        self.cwd: Path | None = None
        self.used = False

    async def ready_for(self, cwd: Path, fresh: bool) -> None:
        """Start a kernel in ``cwd``, or reset the one that ran the previous notebook there."""
        if self.km is not None and (fresh or cwd != self.cwd or not await self.km.is_alive()):
            await self.stop()
        if self.km is None:
            from jupyter_client.manager import AsyncKernelManager
            self.km = AsyncKernelManager(kernel_name="python3")
            if os.name == "posix":  # IPC sockets: no TCP ports to pick, nothing on the network
                import uuid
                from jupyter_core.paths import jupyter_runtime_dir
                os.makedirs(jupyter_runtime_dir(), exist_ok=True)
                self.km.transport = "ipc"
                self.km.ip = os.path.join(jupyter_runtime_dir(), f"claimtrace-{uuid.uuid4().hex}")
            await self.km.start_kernel(cwd=str(cwd), extra_arguments=["--HistoryManager.hist_file=:memory:"])
            self.cwd, self.used = cwd, False
            return
        kc = self.km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            reply = await kc.execute_interactive("get_ipython().reset(new_session=True)",
                                                 silent=True, store_history=False, timeout=60)
        finally:
            kc.stop_channels()
        if reply["content"]["status"] != "ok":
            await self.stop()
            await self.ready_for(cwd, fresh)

    async def stop(self) -> None:
        if self.km is not None:
            try:
                await self.km.shutdown_kernel(now=True)
            except Exception:  # noqa: BLE001 - it is being thrown away anyway
                pass
            self.km = None


async def _execute(nb, kernel: Kernel, cwd: Path) -> None:
    """Run every cell of ``nb`` in ``kernel``; on a failing cell raise NotebookFailed."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    client = NotebookClient(nb, km=kernel.km, timeout=None, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}})
    kernel.used = True
    try:
        await client.async_execute()
    except CellExecutionError as err:
        index = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                      and any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        count = nb.cells[index].execution_count if index is not None else None
        raise NotebookFailed(count, index, err.ename, err.evalue) from None
    finally:
        if client.kc is not None:
            client.kc.stop_channels()


async def _run_one(job: Job, kernel: Kernel, build: Path, fresh: bool):
    """Execute one job; returns its seconds and the step that writes its notebook and publishes its
    figures, which `_run_all` takes only once every job of the run has succeeded."""
    import nbformat

    start = time.monotonic()
    cwd = job.path.parent.resolve()
    params = dict(job.parameters)
    staging = None
    if job.figures_dir is not None:
        staging = (build / "staging" / job.path.stem).resolve()
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        params["figures_dir"] = os.path.relpath(staging, cwd)
        # files shared by every chart (the Vega bundle) need not be written again
        for shared in SHARED_FIGURE_FILES:
            if (job.figures_dir / shared).is_file():
                shutil.copy2(job.figures_dir / shared, staging / shared)
    nb = prepare(job.path, params)
    await kernel.ready_for(cwd, fresh)
    try:
        await _execute(nb, kernel, cwd)
    except NotebookFailed as err:
        await kernel.stop()  # a failed notebook may leave anything behind: never reuse its kernel
        failed = build / "failed" / job.path.name
        failed.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(failed))
        raise NotebookFailed(err.exec_count, err.cell_index, err.ename, err.evalue) from None
    data = dumps(clean(restore_parameters(nb, job.parameters)))

    def commit() -> None:
        if staging is not None:
            publish(staging, job.figures_dir)
        if not job.output.exists() or job.output.read_bytes() != data:
            write_atomic(job.output, data)
    return time.monotonic() - start, commit


# Files that every chart of a folder shares, written once (see charts.save_chart).
SHARED_FIGURE_FILES = (VEGA_BUNDLE,)


async def _run_all(jobs: list[Job], workers: int, build: Path, fresh: bool, report) -> list[tuple[Job, Exception]]:
    queue: asyncio.Queue[Job] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    failures: list[tuple[Job, Exception]] = []
    commits = []

    async def worker() -> None:
        kernel = Kernel()
        try:
            while not queue.empty():
                job = queue.get_nowait()
                report(f"Running {job.path}")
                try:
                    secs, commit = await _run_one(job, kernel, build, fresh)
                except NotebookFailed as err:
                    failures.append((job, err))
                    continue
                commits.append(commit)
                report(f"Ran {job.path} in {secs:.1f} s")
        finally:
            await kernel.stop()

    await asyncio.gather(*(worker() for _ in range(max(1, min(workers, len(jobs))))))
    if not failures:  # all or nothing: the notebooks, the figures and the report built from them agree
        for commit in commits:
            commit()
    return failures


def run(jobs: list[Job], workers: int | None = None, build: Path = BUILD, fresh: bool = False,
        quiet: bool = False) -> list[tuple[Job, Exception]]:
    """Execute every job, ``workers`` at a time; returns the failures (each already reported)."""
    def report(line: str) -> None:
        if not quiet:
            print(line, file=sys.stderr, flush=True)

    def go():
        return asyncio.run(_run_all(jobs, workers or os.cpu_count() or 1, build, fresh, report))

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        failures = go()
    else:  # called where an event loop runs already (a notebook, playwright): in a thread of its own
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(1) as pool:
            failures = pool.submit(go).result()
    for job, err in failures:
        failed = build / "failed" / job.path.name
        print(f"\nNOTEBOOK FAILED: {job.path} at cell {err.exec_count} "
              f"(cell index {err.cell_index}): {err.ename}: {err.evalue}\n"
              f"The executed notebook, up to the failure, is in {failed}; "
              "no notebook of this run and none of its figures was changed.", file=sys.stderr)
    return failures


def execute(path: Path, parameters: dict | None = None, output: Path | None = None,
            figures_dir: Path | None = None, build: Path = BUILD, quiet: bool = True) -> None:
    """Execute one notebook (see `run`); raise SystemExit(1) naming the notebook and cell on failure."""
    path = Path(path)
    job = Job(path, Path(output) if output else path, dict(parameters or {}),
              Path(figures_dir) if figures_dir is not None else None)
    if run([job], 1, build, quiet=quiet):
        raise SystemExit(1)


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
    ap = argparse.ArgumentParser(prog="python -m claimtrace.runbook", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", type=Path, nargs="+", metavar="NOTEBOOK")
    ap.add_argument("-o", "--output", type=Path, help="write here instead of over the notebook (one notebook only)")
    ap.add_argument("--figures-dir", type=Path, default=None,
                    help="where the figures of the notebooks that draw any go, once every notebook of the call "
                         "has succeeded (default: the notebook's own figures_dir parameter)")
    ap.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                    help="override a parameter (value read as JSON if it parses, else a string)")
    ap.add_argument("-j", "--jobs", type=int, default=None, help="notebooks run at once (default: the cores)")
    ap.add_argument("--fresh-kernels", action="store_true", help="a new kernel for every notebook")
    args = ap.parse_args(argv)
    if args.output and len(args.notebooks) > 1:
        ap.error("-o/--output takes one notebook")
    params = {}
    for name, value in args.parameter:
        try:
            params[name] = json.loads(value)
        except json.JSONDecodeError:
            params[name] = value
    jobs = []
    for path in args.notebooks:
        if not path.is_file():
            print(f"{path}: no such notebook", file=sys.stderr)
            return 2
        try:
            check_parameters(path, params)
            own = dict(params)
            draws = "figures_dir" in declared_parameters(path)
            figures_dir = args.figures_dir if draws else None  # --figures-dir: for the notebooks that draw
            if "figures_dir" in own:  # -p figures_dir X is where the figures go
                figures_dir = figures_dir or path.parent / own.pop("figures_dir")
            if figures_dir is None and draws:
                figures_dir = default_figures_dir(path)
        except ParameterError as err:
            print(err, file=sys.stderr)
            return 2
        if figures_dir is not None and (figures_dir.exists() and not figures_dir.is_dir()
                                        or not os.access(_existing(figures_dir), os.W_OK)):
            print(f"{path}: the figures folder {figures_dir} is not a writable folder", file=sys.stderr)
            return 2
        jobs.append(Job(path, args.output or path, own, figures_dir))
    failures = run(jobs, args.jobs, fresh=args.fresh_kernels)
    return 1 if failures else 0


def _existing(path: Path) -> Path:
    """The nearest folder of ``path`` that exists (where it would be created)."""
    path = path.resolve()
    while not path.exists():
        path = path.parent
    return path


if __name__ == "__main__":
    sys.exit(main())
