"""An analyst's first minutes in a real JupyterLab: the project's JupyterLab, on loopback, with the
project's kernel, driven in Debian's chromium by playwright.

A committed notebook is opened as it is (untrusted): every chart must be on screen before anything
runs. Then Run All: every cell must run without an error, the charts must become interactive
(a tooltip on hover, the actions menu), no request may leave the machine, and neither the committed
figures nor the notebook may change. Screenshots: build/screenshots/jupyterlab-*.png.
"""
from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT, SHOTS, digest, need_chromium

need_chromium()

NOTEBOOK = "notebooks/06-leaks.ipynb"  # two altair charts, tables and markdown


def lab_offline() -> list[str]:
    """The Makefile's LAB_OFFLINE options: what keeps `make lab` from asking the internet anything."""
    import re
    import shlex
    line = re.search(r"^LAB_OFFLINE := (.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
    return shlex.split(line)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab as `make lab` starts it (127.0.0.1, no port fallback), with a token; stopped by its PID."""
    port, token = _free_port(), secrets.token_hex(16)
    home = tmp_path_factory.mktemp("lab-home")  # fresh user settings and runtime files
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    env.pop("CLAIMTRACE_CHARTS", None)
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--ServerApp.port={port}",
           "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={ROOT}", "--LabApp.extension_manager=readonly", *lab_offline()]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(home / "server.log", "w")
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as r:
                    json.load(r)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + (home / "server.log").read_text()[-3000:])
                time.sleep(0.3)
        yield url, token
    finally:
        server.terminate()  # jupyter_server shuts its kernels down on SIGTERM
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _scan(page, collect: str) -> dict:
    """Scroll the notebook from top to bottom (JupyterLab draws only the cells near the screen) and
    merge what the ``collect`` function (JavaScript, returning {key: info}) finds at each step."""
    seen: dict = {}
    scroller = ".jp-NotebookPanel .jp-WindowedPanel-outer"
    page.eval_on_selector(scroller, "e => e.scrollTo(0, 0)")
    for _ in range(200):
        page.wait_for_timeout(80)
        seen.update(page.evaluate(collect))
        done = page.eval_on_selector(scroller, """e => { const before = e.scrollTop;
            e.scrollBy(0, e.clientHeight * 0.6); return e.scrollTop === before; }""")
        if done:
            page.wait_for_timeout(150)
            seen.update(page.evaluate(collect))
            return seen
    raise AssertionError("the notebook never reached its end")


# Every PNG output on screen, keyed by its data, with its size and whether it is drawn.
IMAGES = """() => Object.fromEntries(Array.from(document.querySelectorAll('.jp-OutputArea-output img')).map(i => {
    const r = i.getBoundingClientRect();
    return [i.src.slice(-80), {w: r.width, h: r.height, loaded: i.complete && i.naturalWidth > 0}];
}))"""
# Every chart vega-embed drew, keyed by its container's id, with its actions menu and drawing.
LIVE = """() => Object.fromEntries(Array.from(document.querySelectorAll('.jp-OutputArea-output .vega-embed')).map(e => {
    const host = e.closest('[id]');
    return [host ? host.id : '', {drawn: !!e.querySelector('svg.marks'), actions: !!e.querySelector('details summary')}];
}))"""


def test_a_committed_notebook_shows_its_charts_then_runs_interactive_offline(lab, browser):
    url, token = lab
    nb = json.loads((ROOT / NOTEBOOK).read_text(encoding="utf-8"))
    charts = sum("image/png" in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", []))
    assert charts == 2
    figures_before = digest(ROOT / "figures")
    notebook_before = (ROOT / NOTEBOOK).read_bytes()

    page = browser.new_page()
    page.set_viewport_size({"width": 1280, "height": 1000})
    off_machine = []
    page.on("request", lambda r: off_machine.append(r.url)
            if not r.url.startswith((url, "data:", "blob:", "about:")) else None)
    page.goto(f"{url}/lab/tree/{NOTEBOOK}?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)

    # Before anything runs: the committed PNG of every chart is on screen, at a readable size.
    # (The notebook is untrusted; JupyterLab would show no SVG and no HTML.)
    page.wait_for_selector(".jp-OutputArea-output img", timeout=30_000)
    images = _scan(page, IMAGES)
    page.locator(".jp-OutputArea-output img").first.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "jupyterlab-opened.png"))
    assert len(images) == charts, images
    assert all(i["loaded"] and i["w"] >= 300 and i["h"] >= 200 for i in images.values()), images

    # Run All, from the Run menu, as an analyst would.
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    code_cells = sum(c["cell_type"] == "code" for c in nb["cells"])
    page.wait_for_function(
        """n => { const p = Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'))
                   .map(e => e.textContent.trim());
                  return p.length === n && p.every(t => /\\[\\d+\\]/.test(t)); }""",
        arg=code_cells, timeout=120_000)

    # No error and nothing written to stderr, in any cell.
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".jp-OutputArea-output.jp-mod-error, .jp-RenderedText[data-mime-type*='error']").count() == 0

    # Nothing offers to fetch the news (a prompt whose "Yes" goes to the internet).
    asked = page.locator(".jp-Notification-Toast, .Toastify__toast").all_inner_texts()
    asked = [a for a in asked if "news" in a.lower()]

    # Interactive now: each chart is drawn by vega-embed, with its actions menu, and shows a tooltip.
    live: dict = {}
    for _ in range(5):  # each chart is drawn when its cell first comes near the screen: scan again
        live.update(_scan(page, LIVE))
        if len(live) >= charts and all(c["drawn"] and c["actions"] for c in live.values()):
            break
    assert len(live) == charts and all(c["drawn"] and c["actions"] for c in live.values()), live
    page.eval_on_selector(".jp-NotebookPanel .jp-WindowedPanel-outer", "e => e.scrollTo(0, 0)")
    page.wait_for_selector(".jp-OutputArea-output .vega-embed svg.marks", timeout=30_000)
    first = page.locator(".jp-OutputArea-output .vega-embed").first
    first.scroll_into_view_if_needed()
    tooltip = ""
    for mark in first.locator("g[class*='mark-rule'] path, g[class*='mark-symbol'] path").all()[:20]:
        try:
            mark.hover(timeout=2000, force=True)
        except Exception:  # noqa: BLE001 - a mark under another one: try the next
            continue
        tooltip = page.evaluate("(document.getElementById('vg-tooltip-element') || {}).textContent || ''")
        if tooltip:
            break
    assert tooltip, "no tooltip on any mark of the first chart"
    # its menu saves images, and offers nothing that sends the chart off the machine
    first.locator("details summary").first.click()
    menu = first.locator("details .vega-actions").inner_text()
    assert "PNG" in menu and "Editor" not in menu and "View Source" not in menu, menu
    page.screenshot(path=str(SHOTS / "jupyterlab-ran.png"))
    page.close()

    assert off_machine == [], f"JupyterLab asked for something off the machine: {off_machine}"
    assert not asked, f"JupyterLab asked: {asked}"
    assert digest(ROOT / "figures") == figures_before, "running the notebook in JupyterLab changed figures/"
    assert (ROOT / NOTEBOOK).read_bytes() == notebook_before
