"""Shared fixtures: a scratch copy of the data package that a test may break."""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Two kinds of data, never mixed up:
# - LIVE_DATA, the project's data/, which grows with every source taken in: its tests (and those of the
#   built figures/, README.md and notebooks/) assert invariants only, never how many of anything;
# - the FIXTURE, a frozen copy of the package as it once was (tests/fixtures/README.md): every test of code reads it, and may assert its exact values.
LIVE_DATA = ROOT / "data"
FIXTURE = ROOT / "tests" / "fixtures" / "package"  # a project root: data/, and the texts the prose check reads
FIXTURE_DATA = FIXTURE / "data"
FIXTURE_FIGURES = FIXTURE / "figures"  # the alt texts and Vega-Lite specs built from the fixture

# The fixture's notebooks are texts for the prose check, not notebooks to run: nbval skips them.
collect_ignore_glob = ["fixtures/*"]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the FIXTURE package's data/ (tables, descriptor, archived sources and reference
    excerpts) in a scratch folder, for a test to break."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target, ignore=shutil.ignore_patterns("README.md"))
    return target


@pytest.fixture
def figures_copy(tmp_path: Path) -> Path:
    """A copy of the fixture's figures (alt texts and specs), for rendering the report page from it."""
    target = tmp_path / "figures"
    shutil.copytree(FIXTURE_FIGURES, target)
    return target


def table_counts(data: Path) -> dict[str, int]:
    """How many rows each table of a package has, counted from its CSV files."""
    return {name: len(read_rows(data / f"{name}.csv")) - 1 for name in ("sources", "claims", "events", "non_claims")}


def live_counts() -> dict[str, int]:
    """The rows of each table of the LIVE data now: what a test of the live data compares with,
    instead of today's numbers."""
    return table_counts(LIVE_DATA)


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell; ``row`` counts as a spreadsheet does (header = 1)."""
    rows = read_rows(path)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def get_cell(path: Path, row: int, column: str) -> str:
    rows = read_rows(path)
    return rows[row - 1][rows[0].index(column)]


def find_row(path: Path, column: str, value: str) -> int:
    """Spreadsheet row number of the first row whose ``column`` equals ``value``."""
    rows = read_rows(path)
    index = rows[0].index(column)
    return next(i for i, r in enumerate(rows, start=1) if i > 1 and r[index] == value)


# Fuzz tests explore new inputs on every local run; in CI (CI=true) they replay a fixed set,
# so that a landing never depends on luck.

from hypothesis import settings as _settings  # noqa: E402

_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    _settings.load_profile("ci")


# ---------------------------------------------------------------- a scratch clone, offline

# Commands run in a network namespace with only loopback (tests/offline.py), with make using this
# interpreter and the clone's own package.
OFFLINE = [shutil.which("unshare") or "unshare", "-n", sys.executable, str(ROOT / "tests" / "offline.py")]
MAKE = ["make", "ACTIVE_ENV=1", f"PYTHON={sys.executable}"]


# The render cache (charts/save.py, `render`): one for the test session, new and empty at its start,
# shared by every worker, every scratch build (env_for) and every notebook run, so that a chart is
# drawn once per session however many builds save it; each is drawn for real at least once. (That
# the committed figures are what a fresh drawing gives is checked by .ci/run's clean full build,
# after the tests.) A test that needs a drawing itself (test_charts.py's determinism and cache
# tests) unsets or replaces it.
RENDER_CACHE = "CLAIMTRACE_RENDER_CACHE"


_session_render_cache = ""


def pytest_configure(config):
    global _session_render_cache
    if not hasattr(config, "workerinput"):  # the controller (or a run without workers): the workers inherit it
        import tempfile
        os.environ[RENDER_CACHE] = config._claimtrace_render_cache = tempfile.mkdtemp(prefix="claimtrace-render-cache-")
    _session_render_cache = os.environ[RENDER_CACHE]


def pytest_unconfigure(config):
    folder = getattr(config, "_claimtrace_render_cache", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def env_for(clone: Path) -> dict[str, str]:
    env = dict(os.environ)
    env[RENDER_CACHE] = _session_render_cache
    env["PYTHONPATH"] = str(clone / "src")  # the clone's own package, not the one installed for ROOT
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def digest(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder``, by relative path."""
    import hashlib
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def offline(clone: Path, *cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run([*OFFLINE, *cmd], cwd=clone, env=env_for(clone), capture_output=True, text=True)


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A scratch git clone of the committed project (HEAD), shared by a module's tests."""
    if not (ROOT / ".git").exists():
        pytest.skip("needs the project's git repository")
    target = tmp_path_factory.mktemp("clone") / "project"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(target)], check=True)
    return target


@pytest.fixture
def fresh(clone: Path) -> Path:
    """The clone, reset to the committed state (build/ kept, so stamps survive between tests)."""
    subprocess.run(["git", "reset", "--quiet", "--hard"], cwd=clone, check=True)
    subprocess.run(["git", "clean", "-fdq", "-e", "build"], cwd=clone, check=True)
    return clone




# ---------------------------------------------------------------- a real browser

# Debian's chromium, driven by playwright (no browser download). Without it the browser tests are
# skipped with the command that installs it; in CI (CI=true) its absence is an error.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
SHOTS = ROOT / "build" / "screenshots"  # screenshots, kept as test artifacts


def need_chromium() -> None:
    """Skip the calling test module when Debian's chromium is missing (fail in CI)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError("CI needs Debian's chromium for the browser tests: apt-get install chromium")
        pytest.skip("the browser tests need Debian's chromium: apt-get install chromium (as root), "
                    "then make test again", allow_module_level=True)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless chromium with a fresh profile, shared by a module's tests."""
    from playwright.sync_api import sync_playwright
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM,
                                                       args=CHROMIUM_ARGS, headless=True)
        yield context
        context.close()


REPORT_PAGE = ROOT / "figures" / "index.html"


class Opened:
    def __init__(self, page):
        self.page, self.requests, self.errors, self.dialogs = page, [], [], []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))


def open_page(browser, path: Path, width=1280, height=900) -> "Opened":
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": height})
    opened = Opened(page)
    page.goto(path.as_uri())
    page.wait_for_function("document.querySelectorAll('div.vis').length === "
                           "document.querySelectorAll('div.vis svg').length", timeout=30_000)
    return opened


def rows_visible(page) -> int:
    """Rows of the claims table a reader sees: drawn with a size, not merely marked hidden or not."""
    return page.evaluate("Array.from(document.querySelectorAll('#claims tbody tr'))"
                         ".filter(r => r.getBoundingClientRect().height > 0).length")


# ---------------------------------------------------------------- sharing the work between cores

# `make test` hands whole files to the cores (pytest-xdist, --dist loadfile --no-loadscope-reorder,
# which keeps this order rather than putting the files with the most tests first): the longest files,
# as measured, go first, so that no core is left with a long one at the end.
LONGEST_FIRST = ["test_growth.py", "test_browser.py", "test_regression.py", "test_explorer.py", "test_faults.py",
                 "test_jupyterlab.py", "test_mutations.py", "test_bench_fastpaths.py", "test_docs.py", "test_runbook.py",
                 "test_validate.py", "test_prose.py"]


def pytest_collection_modifyitems(items):
    def rank(item):
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)
    items.sort(key=rank)  # stable: each file keeps its own order


# ---------------------------------------------------------------- a reviewer of drafts

# What an analyst decides on reviewing the drafts of the two fixtures (tests/fixtures/): the
# figures whose measure is not yet in the vocabulary get one, added to the schema's list.
REVIEWED_MEASURES = {"visa applicants": ("visa_applicants", "us_refugee_admissions"),
                     "Wait times": ("visa_wait_years", "us_refugee_admissions"),
                     "prison sentence": ("prison_sentence_years", "xinjiang_detentions"),
                     "sentenced to": ("prison_sentence_years", "xinjiang_detentions")}


def review_draft(data_dir: Path, source_id: str) -> int:
    """Review the draft of ``source_id`` as an analyst would for the fixtures: fill each claim's
    missing measure (adding it to the vocabulary); return the rows changed."""
    import csv
    import json
    claims = data_dir / "drafts" / source_id / "claims.csv"
    with open(claims, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    descriptor_path = data_dir / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    enum = next(f for r in descriptor["resources"] if r["name"] == "claims"
                for f in r["schema"]["fields"] if f["name"] == "measure")["constraints"]["enum"]
    changed = 0
    for row in rows:
        if row["measure"]:
            continue
        measure, subject = next(v for k, v in REVIEWED_MEASURES.items() if k in row["quote"])
        if measure not in enum:
            enum.append(measure)
        row.update(measure=measure, counted=measure, subject=row["subject"] or subject, confidence="reviewed")
        changed += 1
    # what each figure counts: an id of the vocabulary, added there when the analyst needs a new one
    vocabulary = data_dir / "counted.csv"
    known = {r[0] for r in read_rows(vocabulary)[1:]}
    for row in rows:
        row["counted"] = row["counted"] or row["measure"]
        if row["counted"] not in known:
            known.add(row["counted"])
            with open(vocabulary, "a", encoding="utf-8", newline="") as fh:
                csv.writer(fh, lineterminator="\n").writerow(
                    [row["counted"], row["counted"].replace("_", " "), f"What the analyst reviewing {source_id} counts as "
                     + row["counted"].replace("_", " ") + ".", "", "", ""])
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    with open(claims, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return changed
