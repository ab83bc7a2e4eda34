"""What a notebook does first (claimtrace.notebook.setup) and how a chart shows in a notebook."""
from __future__ import annotations

import base64
import os

import altair as alt
import pandas as pd
import pytest

from claimtrace import charts as C
from claimtrace.notebook import SetupError, chart_mode, figures_folder, setup
from conftest import FIXTURE_DATA


def test_charts_are_interactive_only_in_a_kernel_a_jupyter_server_started():
    assert chart_mode({}) == "static"  # make, nbval, papermill and nbconvert by hand
    assert chart_mode({"JPY_SESSION_NAME": "notebooks/04-konasheher.ipynb"}) == "interactive"
    assert chart_mode({"JPY_SESSION_NAME": "x.ipynb", "CLAIMTRACE_CHARTS": "static"}) == "static"
    assert chart_mode({"CLAIMTRACE_CHARTS": "Interactive "}) == "interactive"
    with pytest.raises(SetupError, match="use one of static, interactive"):
        chart_mode({"CLAIMTRACE_CHARTS": "svg"})


def test_a_missing_figures_folder_is_refused_unless_it_is_under_build(tmp_path):
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    made = figures_folder(project / "build" / "figures", project / "data")  # the default: created
    assert made.is_dir()
    elsewhere = tmp_path / "nowhere" / "figures"
    with pytest.raises(SetupError, match="does not exist: create it"):
        figures_folder(elsewhere, project / "data")
    assert not elsewhere.exists() and not elsewhere.parent.exists()  # nothing written
    afile = tmp_path / "a-file"
    afile.write_text("x")
    with pytest.raises(SetupError, match="is not a writable folder"):
        figures_folder(afile, project / "data")
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(SetupError, match="is not a writable folder"):
            figures_folder(locked, project / "data")


def test_a_setup_error_shows_in_a_notebook_as_one_line(tmp_path):
    with pytest.raises(SetupError) as err:
        setup(FIXTURE_DATA, tmp_path / "missing")
    assert err.value._render_traceback_() == [
        f"SetupError: figures_dir {str(tmp_path / 'missing')!r} does not exist: create it, or leave the "
        "default (../build/figures)"]
    with pytest.raises(SetupError, match="has no datapackage.json"):
        setup(tmp_path, tmp_path)


def _chart():
    return alt.Chart(pd.DataFrame({"a": [1, 2]})).mark_point().encode(x="a:Q", tooltip="a:Q").properties(
        title="A title")


def test_a_static_chart_carries_its_svg_and_png_and_a_live_one_its_html_and_png(tmp_path):
    saved = C.save_chart(_chart(), "t", tmp_path, "Alt text.")
    png = (tmp_path / "t.png").read_bytes()
    old = alt.renderers.active
    try:
        alt.renderers.enable("svg")
        data, meta = saved._repr_mimebundle_()
        assert set(data) == {"image/svg+xml", "image/png"}
        assert data["image/svg+xml"] == (tmp_path / "t.svg").read_text()
        assert base64.b64decode(data["image/png"]) == png
        from claimtrace.charts.save import png_scale
        width = meta["image/png"]["width"]  # shown at the SVG's size, drawn larger (twice, or print width)
        assert width * png_scale(width) == pytest.approx(_png_width(png), abs=2)
        alt.renderers.enable("html", template="inline")
        data, _ = saved._repr_mimebundle_()
        assert set(data) == {"text/html", "image/png"}
        html = data["text/html"]
        assert "window.vegaEmbed=" in html and "<script src" not in html and "cdn." not in html
        assert "var spec" in html and "const spec" not in html  # any number of charts share one page
    finally:
        alt.renderers.enable(old)


def _png_width(png: bytes) -> int:
    return int.from_bytes(png[16:20], "big")


def test_make_lab_listens_on_loopback_and_refuses_a_port_in_use_with_a_hint():
    import socket
    import subprocess

    from conftest import ROOT

    dry = subprocess.run(["make", "-n", "lab", "LAB_ARGS=--no-browser"], cwd=ROOT, capture_output=True, text=True)
    assert "--ServerApp.ip=127.0.0.1" in dry.stdout and "--ServerApp.port_retries=0" in dry.stdout
    assert ("--allow-root" in dry.stdout) == (os.geteuid() == 0)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(["make", "lab", f"LAB_ARGS=--no-browser --port {port}"], cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert f"port {port} is not available" in run.stderr
    assert 'make lab: JupyterLab stopped (see the last line above). A port in use? Choose another' in run.stderr
    assert "Traceback" not in run.stdout + run.stderr
