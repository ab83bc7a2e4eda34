"""`make bench`: how long building and testing take, beside the obvious alternative, and at scale.

    python bench/run.py [--quick] [--keep] [--repeat N]

Everything runs in a scratch clone of the committed project (HEAD) in a temporary folder, so the
working tree is never touched; only bench/results.json and bench/results.md are written. Each
step runs through bench/measure.py (wall time; peak memory of all the processes it starts).

1. The environment: `make env` with an empty uv and pip cache, then again with the cache warm.
2. Builds: a clean plain `make` (build/ removed), the notebooks with a new kernel each
   (`runbook --fresh-kernels`); a no-op `make` (strace shows whether any Python starts) and `make -q`; incremental
   builds after touching one notebook and after editing one claim (and which notebooks re-ran).
3. Side by side, interleaved --repeat times: the clean build, and the same notebooks executed one
   after another by `jupyter nbconvert --execute`. Ratios of medians, as the machine is noisy.
4. `make test`.
5. Scale: SYNTHETIC packages (claimtrace.synth) of 10x, 100x and 1000x the real claims, each
   validated and run through every notebook with papermill parameters (data_dir, figures_dir),
   and its report page built (`python -m claimtrace.report`); time, memory, output sizes and the
   growth factor; and validation of 100,000 claims.
6. The targets of issue 6, each met or not, with the figures that decide it.

--quick skips the slow parts (the environment, make test, 1000x and 100,000 claims), for trying
the script out; its results are not written over the committed ones unless --out is given.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEASURE = Path(__file__).resolve().parent / "measure.py"
SCALES = (1, 10, 100, 1000)
BIG_VALIDATION = 100_000
REPORT_FACTORS, REPORT_MAX_BYTES, REPORT_MAX_SECONDS = (100, 1000), 5_000_000, 10  # the report page's targets
def every_notebook(clone: Path) -> list[str]:
    """The notebooks `make` runs: the analysis notebooks and the review notebook (notebooks/review/)."""
    return sorted(str(p.relative_to(clone)) for p in (clone / "notebooks").rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


RAN = re.compile(r"^Ran (notebooks/\S+\.ipynb)", re.M)


# ---------------------------------------------------------------- running and measuring

class Bench:
    def __init__(self, scratch: Path, quick: bool):
        self.scratch, self.quick = scratch, quick
        self.clone = scratch / "project"
        self.logs = scratch / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.python = self.clone / ".venv" / "bin" / "python"
        self.make = ["make"]
        self.steps: dict[str, dict] = {}
        self.count = 0

    def env(self, **extra: str) -> dict[str, str]:
        """A clean environment: nothing from the make that runs the bench (its jobserver, flags)."""
        drop = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "MAKE_TERMOUT", "MAKE_TERMERR")
        env = {k: v for k, v in os.environ.items() if k not in drop}
        env.update(extra)
        return env

    def run(self, name: str, cmd: list[str], cwd: Path | None = None, env: dict | None = None,
            timeout: int = 1800, check: bool = True) -> dict:
        self.count += 1
        log = self.logs / f"{self.count:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower())[:60]}.log"
        spec = self.scratch / "spec.json"
        spec.write_text(json.dumps({"cmd": cmd, "cwd": str(cwd or self.clone), "env": env or self.env(),
                                    "log": str(log), "timeout": timeout}))
        print(f"[bench] {name}: {' '.join(map(str, cmd))[:120]}", flush=True)
        out = subprocess.run([sys.executable, str(MEASURE), str(spec)], capture_output=True, text=True)
        result = json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 and out.stdout.strip() else \
            {"seconds": None, "returncode": "measure failed: " + out.stderr[-500:]}
        result["output"] = log.read_text(errors="replace") if log.exists() else ""
        result["log"] = str(log)
        print(f"[bench]   {result['seconds']} s, rc {result['returncode']}, "
              f"peak {result.get('peak_tree_rss_mb')} MB", flush=True)
        if check and result["returncode"] != 0:
            raise RuntimeError(f"{name} failed ({result['returncode']}); see {log}:\n{result['output'][-3000:]}")
        return result

    def record(self, key: str, label: str, result: dict, **more) -> dict:
        entry = {"label": label, "seconds": result["seconds"], "returncode": result["returncode"],
                 "peak_memory_mb": result.get("peak_tree_rss_mb"), "largest_process_mb": result.get("max_rss_mb"),
                 "cpu_seconds": result.get("cpu_seconds"), "leftover_processes": result.get("leftover"), **more}
        self.steps[key] = entry
        return entry

    def git_clean(self) -> bool:
        return subprocess.run(["git", "status", "--porcelain"], cwd=self.clone, capture_output=True,
                              text=True).stdout.strip() == ""


def ran(output: str) -> list[str]:
    return sorted(set(RAN.findall(output)))


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 3) if values else None


# ---------------------------------------------------------------- the steps

def setup_clone(b: Bench) -> dict:
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(b.clone)], check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=b.clone, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    return {"commit": head, "working_tree_had_uncommitted_changes": bool(dirty)}


def environment(b: Bench) -> None:
    """`make env` on an empty uv/pip cache, then on the warm one (a scratch .venv each time)."""
    cache = b.scratch / "caches"
    env = b.env(UV_CACHE_DIR=str(cache / "uv"), PIP_CACHE_DIR=str(cache / "pip"))
    if b.quick:
        shutil.copytree(ROOT / ".venv", b.clone / ".venv", symlinks=True)
        _relocate_venv(b)
        return
    cold = b.run("environment, empty cache", [*b.make, "env"], env=env, timeout=1800, check=False)
    b.record("env_cold", "Environment (`make env`), empty uv cache", cold)
    if cold["returncode"] != 0:  # no network: fall back to a copy of the project's environment
        shutil.rmtree(b.clone / ".venv", ignore_errors=True)
        shutil.copytree(ROOT / ".venv", b.clone / ".venv", symlinks=True)
        _relocate_venv(b)
        return
    shutil.rmtree(b.clone / ".venv")
    warm = b.run("environment, warm cache", [*b.make, "env"], env=env, timeout=1800)
    b.record("env_warm", "Environment (`make env`), warm uv cache", warm)


def _relocate_venv(b: Bench) -> None:
    """A copied .venv points at the project's own package: install the clone's instead."""
    subprocess.run([str(b.clone / ".venv" / "bin" / "uv"), "pip", "install", "--quiet", "--python", str(b.python),
                    "--no-deps", "--no-build-isolation", "--offline", "-e", str(b.clone)], check=True, cwd=b.clone)
    (b.clone / ".venv" / ".installed").touch()


def builds(b: Bench, repeat: int) -> None:
    def clean_build(tag: str) -> dict:
        """build/ removed, then plain `make`: what a newcomer types."""
        shutil.rmtree(b.clone / "build", ignore_errors=True)
        return b.run(f"clean build {tag}", [*b.make], env=b.env())

    def nbconvert(tag: str) -> dict:
        out = b.scratch / f"nbconvert-{tag}"
        shutil.rmtree(out, ignore_errors=True)
        notebooks = every_notebook(b.clone)
        return b.run(f"nbconvert {tag}", [str(b.clone / ".venv" / "bin" / "jupyter"), "nbconvert", "--to", "notebook",
                                          "--execute", "--output-dir", str(out), *notebooks],
                     env=b.env())  # the notebooks write their figures to their default, build/figures

    # side by side, interleaved: a clean build, then nbconvert, `repeat` times
    make_runs, nbc_runs = [], []
    for i in range(1, repeat + 1):
        make_runs.append(clean_build(f"run {i}"))
        nbc_runs.append(nbconvert(f"run {i}"))
    reproducible = b.git_clean()
    b.steps["side_by_side"] = {
        "label": "Clean build (plain `make`) beside sequential `jupyter nbconvert --execute`",
        "make_seconds": [r["seconds"] for r in make_runs], "nbconvert_seconds": [r["seconds"] for r in nbc_runs],
        "make_median": median(r["seconds"] for r in make_runs),
        "nbconvert_median": median(r["seconds"] for r in nbc_runs),
        "make_peak_memory_mb": max(r.get("peak_tree_rss_mb") or 0 for r in make_runs),
        "nbconvert_peak_memory_mb": max(r.get("peak_tree_rss_mb") or 0 for r in nbc_runs),
        "notebooks_run": len(ran(make_runs[-1]["output"])),
        "clean_build_leaves_git_clean": reproducible,
    }
    s = b.steps["side_by_side"]
    s["ratio"] = round(s["make_median"] / s["nbconvert_median"], 3)
    b.record("clean_build", "Clean build, plain `make` (median)", make_runs[-1], notebooks_ran=len(ran(make_runs[-1]["output"])))
    b.steps["clean_build"]["seconds"] = s["make_median"]
    b.record("nbconvert", f"Sequential `jupyter nbconvert --execute`, the {len(every_notebook(b.clone))} notebooks make runs (median)", nbc_runs[-1])
    b.steps["nbconvert"]["seconds"] = s["nbconvert_median"]

    # the same notebooks, a new kernel for each (the runner's --fresh-kernels), for comparison
    shutil.rmtree(b.clone / "build", ignore_errors=True)
    notebooks = every_notebook(b.clone)
    fresh = b.run("notebooks, fresh kernels", [str(b.python), "-m", "claimtrace.runbook", "--fresh-kernels",
                                               "--figures-dir", "figures", *notebooks], env=b.env())
    b.record("clean_build_fresh_kernels", "The same notebooks, a new kernel for each (`runbook --fresh-kernels`)",
             fresh, same_outputs=b.git_clean())
    b.run("build again (build/ was removed for the run above)", [*b.make], env=b.env())

    # no-op: `make -q`, and whether a no-op `make` starts any Python
    q = subprocess.run([*b.make, "-q"], cwd=b.clone, env=b.env())
    noop = b.run("no-op build", [*b.make], env=b.env())
    started = _programs_started(b)
    b.record("noop", "No-op build, `make` after a build", noop, make_q_returncode=q.returncode,
             programs_started=started, python_started=any("python" in Path(p).name for p in started),
             recipes_run="Nothing to be done" not in noop["output"])

    # incremental: one notebook touched; one claim edited
    os.utime(b.clone / "notebooks" / "04-konasheher.ipynb")
    one = b.run("incremental, one notebook touched", [*b.make], env=b.env())
    b.record("incremental_notebook", "Incremental: `touch notebooks/04-konasheher.ipynb`, `make`", one,
             notebooks_ran=ran(one["output"]))
    claims = b.clone / "data" / "claims.csv"
    original = claims.read_bytes()
    text = original.decode("utf-8")
    claims.write_text(text.replace("Stated in the article's own voice about the documents the New York Times revealed.",
                                   "Stated in the article's own voice about the documents The New York Times revealed.", 1),
                      encoding="utf-8")
    assert claims.read_bytes() != original, "the claim to edit was not found"
    edit = b.run("incremental, one claim edited", [*b.make], env=b.env())
    b.record("incremental_claim", "Incremental: one claim's notes edited in data/claims.csv, `make`", edit,
             notebooks_ran=ran(edit["output"]))
    claims.write_bytes(original)
    b.run("restore the claim", [*b.make], env=b.env())


def _programs_started(b: Bench) -> list[str]:
    """The programs a no-op `make` executes (strace), or ['(strace not available)']."""
    strace = shutil.which("strace")
    if not strace:
        return ["(strace not available)"]
    trace = b.scratch / "noop.strace"
    subprocess.run([strace, "-f", "-qq", "-e", "trace=execve", "-o", str(trace), *b.make],
                   cwd=b.clone, env=b.env(), capture_output=True)
    programs = re.findall(r'execve\("([^"]+)"', trace.read_text())
    return sorted(set(programs))


def make_test(b: Bench) -> None:
    if b.quick:
        return
    result = b.run("make test", [*b.make, "test"], env=b.env(), timeout=3600, check=False)
    passed = re.findall(r"=+ (.*?) in [\d.]+s", result["output"])
    failed = re.findall(r"^FAILED (\S+)", result["output"], re.M)
    b.record("make_test", "`make test`", result,
             summary="; ".join(([passed[-1]] if passed else []) + [f"failed: {f}" for f in failed]) or None)


def drafting(b: Bench) -> None:
    """How good `python -m claimtrace draft` is on the development set, and how its time grows."""
    out = b.scratch / "drafting.json"
    cmd = [str(b.python), str(b.clone / "bench" / "drafting.py"), "--json", str(out)]
    if b.quick:
        cmd.append("--no-scaling")
    result = b.run("drafting, development set", cmd, env=b.env())
    b.steps["drafting"] = {"label": "Drafting claims (`python -m claimtrace draft`) on the development set",
                           "seconds": result["seconds"], **json.loads(out.read_text(encoding="utf-8"))}


def scale(b: Bench) -> None:
    notebooks = sorted(p.name for p in (b.clone / "notebooks").glob("*.ipynb"))
    real = sum(1 for _ in (b.clone / "data" / "claims.csv").open(encoding="utf-8")) - 1
    rows = []
    for factor in SCALES if not b.quick else SCALES[:3]:
        tag = f"x{factor}"
        root = b.scratch / "synth" / tag
        if factor == 1:
            data, generated = b.clone / "data", None
        else:
            gen = b.run(f"generate {tag}", [str(b.python), "-m", "claimtrace.synth", str(root), "--factor", str(factor)])
            data, generated = root / "data", gen["seconds"]
        val = b.run(f"validate {tag}", [str(b.python), "-m", "claimtrace", "validate", str(data)], env=b.env())
        figures, outputs = b.scratch / "scale-figures" / tag, b.scratch / "scale-notebooks" / tag
        outputs.mkdir(parents=True, exist_ok=True)
        per_notebook, peak = {}, 0.0
        for nb in notebooks:
            r = b.run(f"{nb} {tag}", [str(b.python), "-m", "claimtrace.runbook", f"notebooks/{nb}",
                                      "-o", str(outputs / nb), "--figures-dir", str(figures),
                                      "-p", "data_dir", str(data.resolve())], env=b.env())
            per_notebook[nb] = r["seconds"]
            peak = max(peak, r.get("peak_tree_rss_mb") or 0)
        # the report page of this package, from the figures its notebooks just wrote
        page = b.scratch / "scale-report" / f"{tag}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        rep = b.run(f"report {tag}", [str(b.python), "-m", "claimtrace.report", "--data", str(data.resolve()),
                                      "--figures", str(figures), "--out", str(page)], env=b.env())
        sizes = {p.name: p.stat().st_size for p in figures.iterdir()} if figures.exists() else {}
        nb_sizes = {p.name: p.stat().st_size for p in outputs.iterdir()}
        rows.append({
            "factor": factor, "claims": real * factor, "generate_seconds": generated,
            "validate_seconds": val["seconds"], "validate_peak_memory_mb": val.get("peak_tree_rss_mb"),
            "notebooks_seconds": round(sum(per_notebook.values()), 3), "per_notebook_seconds": per_notebook,
            "notebooks_peak_memory_mb": peak,
            "build_seconds": round(val["seconds"] + sum(per_notebook.values()), 3),
            "largest_figure": max(sizes.items(), key=lambda kv: kv[1]) if sizes else None,
            "largest_html_bytes": max((v for k, v in sizes.items() if k.endswith(".html")), default=None),
            "largest_notebook_bytes": max(nb_sizes.values(), default=None),
            "report_seconds": rep["seconds"], "report_bytes": page.stat().st_size,
            "report_peak_memory_mb": rep.get("peak_tree_rss_mb"),
        })
    base = rows[0]["build_seconds"]
    for prev, row in zip([None] + rows, rows):
        row["growth_vs_1x"] = round(row["build_seconds"] / base, 2)
        if prev:
            ratio = row["build_seconds"] / prev["build_seconds"]
            row["growth_vs_previous"] = round(ratio, 2)
            row["exponent_vs_previous"] = round(math.log(ratio) / math.log(row["claims"] / prev["claims"]), 3)
    b.steps["scale"] = {"label": "SYNTHETIC data at 1x-1000x the real claims: validation and every notebook",
                        "real_claims": real, "rows": rows}
    if b.quick:
        return
    root = b.scratch / "synth" / "c100k"
    b.run("generate 100,000 claims", [str(b.python), "-m", "claimtrace.synth", str(root), "--claims", str(BIG_VALIDATION)])
    cold = b.run("validate 100,000 claims", [str(b.python), "-m", "claimtrace", "validate", str(root / "data")],
                 env=b.env())
    b.record("validate_100k", f"Validation of {BIG_VALIDATION:,} SYNTHETIC claims (no cache)", cold,
             summary=cold["output"].strip().splitlines()[-1][:200])


# ---------------------------------------------------------------- targets and results

def targets(steps: dict, machine: dict) -> list[dict]:
    out = []
    noop = steps.get("noop")
    if noop:
        met = noop["make_q_returncode"] == 0 and not noop["python_started"] and not noop["recipes_run"]
        out.append({"target": "A no-op `make` starts no Python and does nothing (`make -q` returns 0 after a build)",
                    "measured": f"`make -q` returned {noop['make_q_returncode']}; programs started: "
                                + (", ".join(Path(p).name for p in noop["programs_started"]) or "none")
                                + f"; {noop['seconds']} s", "met": met})
    s = steps.get("side_by_side")
    if s:
        out.append({"target": "A clean build takes at most 0.5x the time of sequential nbconvert on two cores",
                    "measured": f"{s['make_median']} s / {s['nbconvert_median']} s = {s['ratio']} "
                                f"(medians of {len(s['make_seconds'])} interleaved runs, {machine['cpus']} cores)",
                    "met": s["ratio"] <= 0.5})
    v = steps.get("validate_100k")
    if v:
        out.append({"target": "Validation of 100,000 claims in under 10 seconds",
                    "measured": f"{v['seconds']} s (no cache; {v['peak_memory_mb']} MB)", "met": v["seconds"] < 10})
    sc = steps.get("scale")
    if sc and len(sc["rows"]) > 2:
        worst = max(r.get("exponent_vs_previous", 0) for r in sc["rows"][1:])
        last = sc["rows"][-1]
        out.append({"target": "Build time grows no faster than linearly in the number of claims",
                    "measured": f"{last['claims']:,} claims ({last['factor']}x): {last['build_seconds']} s, "
                                f"{last['growth_vs_1x']}x the time of 1x; steepest growth between sizes: time ∝ "
                                f"claims^{worst}", "met": worst <= 1.0})
    if sc:
        judged = [r for r in sc["rows"] if r["factor"] in REPORT_FACTORS and r.get("report_bytes") is not None]
        if judged:
            out.append({"target": f"The report page at {' and '.join(f'{f}x' for f in REPORT_FACTORS)} the claims: "
                                  f"at most {REPORT_MAX_BYTES / 1e6:g} MB, built in at most {REPORT_MAX_SECONDS} s",
                        "measured": "; ".join(f"{r['factor']}x ({r['claims']:,} claims): {r['report_bytes'] / 1e6:.2f} MB "
                                              f"in {r['report_seconds']} s" for r in judged),
                        "met": all(r["report_bytes"] <= REPORT_MAX_BYTES and r["report_seconds"] is not None
                                   and r["report_seconds"] <= REPORT_MAX_SECONDS for r in judged)})
    d = steps.get("drafting")
    if d:
        from drafting import TARGETS  # bench/drafting.py
        for key, label in (("recall", "recall"), ("precision", "precision"), ("claimant", "claimant accuracy"),
                           ("attribution", "attribution accuracy"),
                           ("claimant_attribution", "claimant and attribution both right"),
                           ("verbatim", "quotes verbatim")):
            worst = min(d["texts"], key=lambda t: t.get(key, 1.0))
            out.append({"target": f"Drafting, {label} at least {TARGETS[key]:.2f} on every text of the development set",
                        "measured": f"lowest {worst.get(key, 1.0):.2f} ({worst['text']}); {len(d['texts'])} texts",
                        "met": all(t.get(key, 1.0) >= TARGETS[key] for t in d["texts"])})
        if d.get("scaling"):
            g = d["scaling"]
            out.append({"target": "Drafting takes linear time in the text's length (a 10 MB text included)",
                        "measured": f"{g['seconds']}; growth exponent {g['exponent']}", "met": g["exponent"] <= 1.15})
    return out


def machine_info() -> dict:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        mem = f"{int(open('/proc/meminfo').readline().split()[1]) / 2**20:.1f} GB"
    except (OSError, ValueError, IndexError):
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": mem, "platform": platform.platform(),
            "python": platform.python_version(), "load_average_at_start": os.getloadavg()}


def fmt(x, unit: str = "") -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:,.2f}{unit}" if x < 100 else f"{x:,.0f}{unit}"
    return f"{x}{unit}"


def render_markdown(results: dict) -> str:
    m, steps = results["machine"], results["steps"]
    lines = [
        "# Benchmark results",
        "",
        f"From one run of `make bench` ({results['date']}, {results['total_seconds'] / 60:.1f} min), on "
        f"{m['cpus']} cores ({m['cpu'] or 'unknown CPU'}), {m['memory']} of memory, Python {m['python']}; "
        f"commit {results['clone']['commit'][:10]}. Written by bench/run.py; see the README's Benchmarks section.",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    for t in results["targets"]:
        lines.append(f"| {t['target']} | {t['measured']} | {'met' if t['met'] else '**not met**'} |")
    lines += ["", "## Builds and tests", "",
              "| step | seconds | peak memory, all processes (MB) | notes |", "|---|---|---|---|"]
    order = ["env_cold", "env_warm", "clean_build", "clean_build_fresh_kernels", "nbconvert",
             "noop", "incremental_notebook", "incremental_claim", "make_test", "validate_100k"]
    for key in order:
        st = steps.get(key)
        if not st:
            continue
        notes = []
        if "notebooks_ran" in st:
            nr = st["notebooks_ran"]
            notes.append(f"notebooks run: {nr if isinstance(nr, int) else (', '.join(Path(n).stem for n in nr) or 'none')}")
        if "same_outputs" in st:
            notes.append("same outputs as committed" if st["same_outputs"] else "**outputs differ**")
        if key == "noop":
            notes.append(f"`make -q` returned {st['make_q_returncode']}; Python started: {'yes' if st['python_started'] else 'no'}")
        if st.get("summary"):
            notes.append(st["summary"])
        if st.get("returncode") not in (0, None):
            notes.append(f"**exit {st['returncode']}**")
        lines.append(f"| {st['label']} | {fmt(st['seconds'])} | {fmt(st.get('peak_memory_mb'))} | {'; '.join(notes)} |")
    s = steps.get("side_by_side")
    if s:
        lines += ["", "## Side by side: plain `make` against sequential `jupyter nbconvert --execute`", "",
                  f"Each run from clean, interleaved ({len(s['make_seconds'])} of each); the clean build also "
                  "validates the data and writes the data dictionary and the report page.", "",
                  "| | " + " | ".join(f"run {i}" for i in range(1, len(s["make_seconds"]) + 1)) + " | median |",
                  "|---|" + "---|" * (len(s["make_seconds"]) + 1),
                  "| clean build, plain `make` (s) | " + " | ".join(fmt(x) for x in s["make_seconds"]) + f" | {fmt(s['make_median'])} |",
                  "| nbconvert, one after another (s) | " + " | ".join(fmt(x) for x in s["nbconvert_seconds"]) + f" | {fmt(s['nbconvert_median'])} |",
                  "| ratio, make / nbconvert | " + "| " * len(s["make_seconds"]) + f"**{s['ratio']}** |"]
        fresh = steps.get("clean_build_fresh_kernels")
        if fresh:
            lines += ["", f"The same notebooks with a new kernel for each instead of reused ones: {fmt(fresh['seconds'])} s "
                          f"({fresh['seconds'] / s['nbconvert_median']:.2f}x nbconvert). "
                          f"Peak memory: make {fmt(s['make_peak_memory_mb'])} MB, nbconvert {fmt(s['nbconvert_peak_memory_mb'])} MB."]
    d = steps.get("drafting")
    if d:
        from drafting import table  # bench/drafting.py
        lines += ["", "## Drafting claims from a new source", "",
                  "`python -m claimtrace draft` on the development set (bench/drafting/: real texts and a reader's "
                  "reading of each, written before the drafter's output was seen); scored by bench/drafting.py.", "",
                  table(d["texts"])]
        if d.get("scaling"):
            lines += ["", f"Drafting time for the development texts repeated to 1 MB and 10 MB: {d['scaling']['seconds']} "
                          f"(growth exponent {d['scaling']['exponent']}; 1 is linear)."]
    sc = steps.get("scale")
    if sc:
        lines += ["", "## Scale: SYNTHETIC claims", "",
                  f"The real table has {sc['real_claims']} claims. Each size is validated and run through all "
                  "eight notebooks, one after another, each in a new kernel, with `-p data_dir` and `--figures-dir`; then "
                  "the report page is built from its data and figures (`python -m claimtrace.report --data DIR/data "
                  "--figures FIGS --out X`).", "",
                  "| size | claims | validate (s) | 8 notebooks (s) | total (s) | x the 1x time | growth exponent | "
                  "peak memory (MB) | largest notebook | largest HTML | report page (s) | report page |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in sc["rows"]:
            lines.append(f"| {r['factor']}x | {r['claims']:,} | {fmt(r['validate_seconds'])} | {fmt(r['notebooks_seconds'])} | "
                         f"{fmt(r['build_seconds'])} | {r['growth_vs_1x']} | {r.get('exponent_vs_previous', '–')} | "
                         f"{fmt(max(r['validate_peak_memory_mb'] or 0, r['notebooks_peak_memory_mb']))} | "
                         f"{(r['largest_notebook_bytes'] or 0) / 1024:,.0f} KB | {(r['largest_html_bytes'] or 0) / 1024:,.0f} KB | "
                         f"{fmt(r.get('report_seconds'))} | "
                         + (f"{r['report_bytes'] / 1024:,.0f} KB |" if r.get("report_bytes") is not None else "– |"))
        lines += ["", "Growth exponent: time ∝ claims^k between one size and the previous; k ≤ 1 is linear or better."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="skip the slow parts; do not write the committed results")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    ap.add_argument("--repeat", type=int, default=3, help="interleaved clean builds and nbconvert runs (default 3)")
    ap.add_argument("--out", type=Path, help="folder for results.json and results.md (default: bench/)")
    args = ap.parse_args(argv)
    out = args.out or (None if args.quick else ROOT / "bench")
    start = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="claimtrace-bench-"))
    b = Bench(scratch, args.quick)
    results = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": machine_info()}
    try:
        results["clone"] = setup_clone(b)
        environment(b)
        builds(b, 1 if args.quick else args.repeat)
        make_test(b)
        drafting(b)
        scale(b)
    finally:
        results["steps"] = {k: {kk: vv for kk, vv in v.items() if kk not in ("output", "log")}
                            for k, v in b.steps.items()}
        results["total_seconds"] = round(time.monotonic() - start, 1)
        results["targets"] = targets(results["steps"], results["machine"])
        results["scratch"] = str(scratch) if args.keep else None
        md = render_markdown(results) if "clone" in results else "(the bench did not start)\n"
        print("\n" + md)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
            (out / "results.md").write_text(md, encoding="utf-8")
            print(f"Wrote {out / 'results.json'} and {out / 'results.md'}")
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
