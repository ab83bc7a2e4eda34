"""Execute a notebook and commit its outputs back to it, reproducibly.

    python -m claimtrace.runbook notebooks/02-detainee-estimates.ipynb [-p name value ...]

The notebook is executed (in its own folder, so its relative paths work) into a temporary file;
volatile metadata (papermill's timestamps and durations, execution timings, random cell ids)
is stripped, cell ids are made deterministic, and the result replaces the notebook by an atomic
rename, only if its bytes changed.

Its figures are written to a staging folder (build/staging/NAME/) and moved into figures/ by
atomic renames only once the whole notebook has succeeded. A failing notebook leaves the
committed notebook and every figure untouched, keeps the failed executed notebook in
build/failed/ for debugging, and exits non-zero naming the notebook and the cell.

Kernels. Run by hand, a notebook gets a new kernel, through papermill. Run by make, the notebooks
of one build share warm kernels (`KernelPool`): starting a kernel, importing pandas and altair
and warming up the Vega renderer take as long as running most notebooks, so a kernel that has
finished one notebook is reset and given the next (at most one kernel per make job). The reset
gives the next notebook what a new kernel would have: an empty namespace, execution counts from
1, its own folder and environment, warnings shown afresh, pandas' display options and altair's
renderer at their defaults, no open figure. That this is enough is tested, not assumed:
`make test` re-executes every notebook in a new kernel (nbval) and compares every output with
the committed one, which the shared kernels wrote. The kernels belong to the make process that
started them and end with it. CLAIMTRACE_FRESH_KERNELS=1 gives every notebook a new kernel.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .files import FIGURES_DIR_OVERRIDE, write_atomic
from .validate import defer_iri_checker

defer_iri_checker()  # before nbformat imports jsonschema: 0.8 s less per notebook

BUILD = Path("build")

VOLATILE_NB_KEYS = ("papermill",)
VOLATILE_CELL_KEYS = ("papermill", "execution", "collapsed", "scrolled")


def clean(nb):
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


def execute(path: Path, parameters: dict | None = None, output: Path | None = None,
            log_output: bool = True, figures_dir: Path | None = None, build: Path = BUILD,
            pool: "KernelPool | None" = None) -> float:
    """Execute ``path`` and write the cleaned result to ``output`` (default: ``path`` itself).

    With ``figures_dir``, the notebook's figures are staged and moved there only on success.
    With ``pool``, it runs in one of the pool's kernels, else in a new kernel (papermill).
    Returns the seconds taken. Raises SystemExit(1) naming the notebook and cell on failure.
    """
    import nbformat

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
                if pool is None:
                    _run_papermill(path, out, parameters or {}, log_output)
                else:
                    pool.run(path, out, parameters or {}, log_output)
            except NotebookFailed as err:
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


def _run_papermill(path: Path, out: Path, parameters: dict, log_output: bool) -> None:
    """Execute in a new kernel, with papermill; on failure ``out`` holds the notebook so far."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    try:
        pm.execute_notebook(
            str(path), str(out), parameters=parameters, cwd=str(path.parent),
            log_output=log_output, progress_bar=False, kernel_name="python3",
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as err:
        raise NotebookFailed(err.exec_count, err.cell_index, err.ename, err.evalue) from None


# ---------------------------------------------------------------- warm kernels shared by a build

FRESH_KERNELS_ENV = "CLAIMTRACE_FRESH_KERNELS"


def _proc_stat(pid: int) -> tuple[str, int, int] | None:
    """(command name, parent pid, start time) of a running process, from /proc; None if gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    comm, rest = raw[raw.index("(") + 1: raw.rindex(")")], raw[raw.rindex(")") + 2:].split()
    if rest[0] in ("Z", "X"):  # a zombie: exited, not yet reaped
        return None
    return comm, int(rest[1]), int(rest[19])


def _make_ancestor() -> tuple[int, int] | None:
    """(pid, start time) of the make process this runs under, or None."""
    pid = os.getppid()
    for _ in range(8):
        info = _proc_stat(pid)
        if info is None:
            return None
        comm, parent, start = info
        if comm in ("make", "gmake"):
            return pid, start
        if parent <= 1:
            return None
        pid = parent
    return None


class KernelBroken(Exception):
    """A pooled kernel does not answer, or could not be reset: it is discarded."""


class _Attached:
    """What nbclient needs of a kernel manager for a kernel it did not start."""

    has_kernel = True


class KernelPool:
    """Warm kernels shared by the runbook processes of one make invocation.

    Files in build/kernels/make-PID-START/ (PID and START: the make process's): for each kernel
    ID.json (its connection file), ID.log (its output) and ID.idle or ID.busy (holding its pid).
    A runbook process claims an idle kernel by renaming ID.idle to ID.busy (atomic: two processes
    cannot claim the same kernel), or starts a new one; it renames it back when its notebook
    succeeded, and discards it otherwise. Each kernel watches the make process and exits when it
    is gone, whatever happened to the runbook processes.
    """

    def __init__(self, build: Path, owner: tuple[int, int]):
        self.owner = owner
        self.dir = Path(build) / "kernels" / f"make-{owner[0]}-{owner[1]}"

    @classmethod
    def for_this_build(cls, build: Path = BUILD) -> "KernelPool | None":
        """The pool of the make process this runs under; None when not run by make (on Linux)."""
        if os.environ.get(FRESH_KERNELS_ENV) or "MAKELEVEL" not in os.environ:
            return None
        owner = _make_ancestor()
        if owner is None:
            return None
        pool = cls(build, owner)
        for old in pool.dir.parent.glob("make-*-*"):  # pools of builds that are over
            try:
                pid, start = map(int, old.name.split("-")[1:])
            except ValueError:
                continue
            if (pid, start) != owner and (_proc_stat(pid) or (0, 0, None))[2] != start:
                shutil.rmtree(old, ignore_errors=True)
        return pool

    def run(self, path: Path, out: Path, parameters: dict, log_output: bool) -> None:
        """Execute ``path`` in a pooled kernel; write it to ``out``, also when a cell fails."""
        import nbformat

        # the notebook as papermill prepares it, so that the output is the same byte for byte
        if parameters:
            from papermill.execute import prepare_notebook_metadata, remove_error_markers
            from papermill.iorw import load_notebook_node
            from papermill.parameterize import parameterize_notebook

            nb = load_notebook_node(str(path))
            nb = parameterize_notebook(nb, parameters, report_mode=False, kernel_name="python3", language="python")
            nb = remove_error_markers(prepare_notebook_metadata(nb, str(path), str(out)))
        else:  # what papermill's load_notebook_node does, without importing papermill (0.1 s)
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                cell.metadata.setdefault("tags", [])
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        env = {k: v for k, v in os.environ.items() if k.startswith("CLAIMTRACE_")}
        for attempt in (1, 2):
            kernel = self.acquire(path.parent)
            try:
                kernel.execute(nb, path.parent.resolve(), env, log_output, out)
            except KernelBroken:
                kernel.discard()
                if attempt == 2:
                    raise
                continue
            except BaseException:
                kernel.discard()  # a failed notebook may leave anything behind: never reuse it
                raise
            self.release(kernel)
            break
        nbformat.write(nb, str(out))

    def acquire(self, cwd: Path) -> "PooledKernel":
        self.dir.mkdir(parents=True, exist_ok=True)
        for idle in sorted(self.dir.glob("*.idle")):
            busy = idle.with_suffix(".busy")
            try:
                os.rename(idle, busy)
            except OSError:
                continue  # another runbook process took it
            kernel = PooledKernel(self, idle.stem, int(busy.read_text() or 0), reused=True)
            if kernel.alive():
                return kernel
            kernel.discard()
        return self._start(cwd)

    def release(self, kernel: "PooledKernel") -> None:
        os.rename(self.dir / f"{kernel.id}.busy", self.dir / f"{kernel.id}.idle")

    def _start(self, cwd: Path) -> "PooledKernel":
        from jupyter_client.connect import write_connection_file

        kid = f"k{os.getpid()}-{secrets.token_hex(3)}"
        connection = self.dir / f"{kid}.json"
        write_connection_file(str(connection), ip="127.0.0.1", transport="tcp",
                              key=secrets.token_hex(16).encode(), kernel_name="python3")
        with open(self.dir / f"{kid}.log", "ab") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "claimtrace.runbook", "--serve-kernel", str(connection.resolve()),
                 "--owner", f"{self.owner[0]}:{self.owner[1]}"],
                cwd=cwd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        (self.dir / f"{kid}.busy").write_text(str(proc.pid))
        return PooledKernel(self, kid, proc.pid, reused=False)


class PooledKernel:
    def __init__(self, pool: KernelPool, kid: str, pid: int, reused: bool):
        self.pool, self.id, self.pid, self.reused = pool, kid, pid, reused

    def alive(self) -> bool:
        return bool(self.pid) and _proc_stat(self.pid) is not None

    def discard(self) -> None:
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
        for suffix in (".busy", ".idle", ".json"):
            (self.pool.dir / f"{self.id}{suffix}").unlink(missing_ok=True)

    def execute(self, nb, cwd: Path, env: dict, log_output: bool, out: Path) -> None:
        import asyncio
        asyncio.run(self._execute(nb, cwd, env, log_output, out))

    async def _execute(self, nb, cwd: Path, env: dict, log_output: bool, out: Path) -> None:
        import nbformat
        from jupyter_client.asynchronous import AsyncKernelClient
        from nbclient.exceptions import CellExecutionError

        kc = AsyncKernelClient()
        kc.load_connection_file(str(self.pool.dir / f"{self.id}.json"))
        kc.start_channels()
        try:
            try:
                await kc.wait_for_ready(timeout=60)
                reply = await kc.execute_interactive(
                    "get_ipython().reset(new_session=True)\n"
                    f"__import__('claimtrace.runbook', fromlist=['fresh_state']).fresh_state({str(cwd)!r}, {env!r})",
                    silent=True, store_history=False, timeout=60)
            except Exception as err:  # not ready, gone, or the reset failed: another kernel
                raise KernelBroken(str(err)) from err
            if reply["content"]["status"] != "ok":
                raise KernelBroken(f"reset failed: {reply['content'].get('evalue')}")
            client = _LoggingClient(nb, km=_Attached(), timeout=None, kernel_name="python3",
                                    resources={"metadata": {"path": str(cwd)}}, log_output=log_output)
            client.kc, kc.allow_stdin = kc, False  # what nbclient does with a kernel it starts
            try:
                await client.async_execute()
            except CellExecutionError as err:
                nbformat.write(nb, str(out))
                index = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                              and any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
                count = nb.cells[index].execution_count if index is not None else None
                raise NotebookFailed(count, index, err.ename, err.evalue) from None
        finally:
            kc.stop_channels()


def _logging_client():
    from nbclient import NotebookClient

    class LoggingClient(NotebookClient):
        """nbclient, echoing each cell's printed output to this process's, as papermill does."""

        def __init__(self, nb, log_output: bool = True, **kw):
            super().__init__(nb, **kw)
            self.log_output = log_output

        def output(self, outs, msg, display_id, cell_index):
            if self.log_output and msg["msg_type"] == "stream":
                stream = sys.stderr if msg["content"].get("name") == "stderr" else sys.stdout
                stream.write(msg["content"].get("text", ""))
                stream.flush()
            return super().output(outs, msg, display_id, cell_index)

    return LoggingClient


def _LoggingClient(nb, **kw):  # noqa: N802 - a class, built on first use (nbclient imports slowly)
    return _logging_client()(nb, **kw)


def fresh_state(cwd: str, env: dict[str, str]) -> None:
    """Run in a pooled kernel before each notebook: the state a new kernel would start with.

    (IPython's reset, run just before, has emptied the namespace and restarted the counts.)
    """
    import warnings

    os.chdir(cwd)
    for key in [k for k in os.environ if k.startswith("CLAIMTRACE_")]:
        del os.environ[key]
    os.environ.update(env)
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if "pandas" in sys.modules:
        sys.modules["pandas"].reset_option(r"^display\.")
    if "altair" in sys.modules:
        alt = sys.modules["altair"]
        alt.renderers.enable("default")
        alt.data_transformers.enable("default")
        if "claimtrace.charts" in sys.modules:
            sys.modules["claimtrace.charts"].use_theme()  # as importing it does
    warnings.onceregistry.clear()
    warnings._filters_mutated()  # every module forgets which warnings it has shown


def serve_kernel(connection_file: Path, owner: tuple[int, int]) -> None:
    """Be a pooled kernel: an IPython kernel that exits as soon as its make process is gone."""
    import threading

    def watch() -> None:
        while (_proc_stat(owner[0]) or (0, 0, None))[2] == owner[1]:
            time.sleep(0.2)
        os._exit(0)

    threading.Thread(target=watch, name="claimtrace-make-watch", daemon=True).start()
    # as `python -m ipykernel_launcher -f FILE` started by nbclient: the same argv and sys.path
    import importlib.util
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    sys.argv = [importlib.util.find_spec("ipykernel_launcher").origin, "-f", str(connection_file),
                "--HistoryManager.hist_file=:memory:"]
    from ipykernel import kernelapp
    kernelapp.launch_new_instance()


class ParameterError(ValueError):
    """A parameter given on the command line does not fit the notebook."""


def check_parameters(path: Path, parameters: dict) -> None:
    """Refuse unknown names, values of another type than the default's, and missing data folders.

    Values reach the notebook through papermill, which writes them as Python literals (repr), so
    a quote inside a value stays inside the string and cannot inject code.
    """
    import ast

    import papermill as pm

    if not parameters:
        return
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
    ap.add_argument("notebook", type=Path, nargs="?")
    ap.add_argument("-o", "--output", type=Path, help="write here instead of over the notebook")
    ap.add_argument("--figures-dir", type=Path, default=Path("figures"),
                    help="where the figures go, once the whole notebook has succeeded (default: figures)")
    ap.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                    help="override a parameter (value read as JSON if it parses, else a string)")
    ap.add_argument("--serve-kernel", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--owner", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve_kernel:
        pid, start = map(int, args.owner.split(":"))
        serve_kernel(args.serve_kernel, (pid, start))
        return 0
    if args.notebook is None:
        ap.error("the notebook to run is required")
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
    pool = KernelPool.for_this_build()
    # the build's caches (valid packages, the Vega bundle, charts drawn) in build/cache, which
    # `make clean` removes; the kernels inherit it
    os.environ.setdefault("CLAIMTRACE_CACHE_DIR", str((BUILD / "cache").resolve()))
    print(f"Running {args.notebook}", file=sys.stderr, flush=True)
    secs = execute(args.notebook, params, args.output, figures_dir=args.figures_dir, pool=pool)
    print(f"Ran {args.notebook} in {secs:.1f} s", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
