"""What every notebook does first, in one call: the chart look, the display options, the data.

Charts are static where a notebook is built and interactive where an analyst works, with nothing
to edit:

- In a kernel that a Jupyter server started for a notebook (JupyterLab, Jupyter Notebook: the
  server sets ``JPY_SESSION_NAME`` for it), charts are interactive: tooltips and the actions menu,
  with the Vega libraries inlined in the output, so nothing is fetched from the network.
- Anywhere else (``make``, nbval in ``make test``, papermill or nbconvert by hand) charts are
  static: the SVG each chart was saved as, and its PNG, which every viewer shows, trusted or not.

The one switch that overrides this: ``CLAIMTRACE_CHARTS=static`` or ``CLAIMTRACE_CHARTS=interactive``
in the environment of the kernel (for JupyterLab: ``CLAIMTRACE_CHARTS=static make lab``).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .load import Dataset

CHARTS_SWITCH = "CLAIMTRACE_CHARTS"
CHART_MODES = ("static", "interactive")


class SetupError(Exception):
    """A notebook's parameters do not fit: shown in the notebook as one line, without a traceback."""

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of the traceback
        return [f"{type(self).__name__}: {self}"]


def chart_mode(environ=os.environ) -> str:
    """"interactive" in a kernel a Jupyter server started for a notebook, else "static";
    CLAIMTRACE_CHARTS overrides it."""
    chosen = environ.get(CHARTS_SWITCH, "").strip().lower()
    if chosen:
        if chosen not in CHART_MODES:
            raise SetupError(f"{CHARTS_SWITCH}={chosen!r}: use one of {', '.join(CHART_MODES)}")
        return chosen
    return "interactive" if environ.get("JPY_SESSION_NAME") else "static"


def figures_folder(figures_dir: Path | str, data_dir: Path | str) -> Path:
    """``figures_dir``, checked: an existing, writable folder. The project's own build/ folder
    (the notebooks' default, ``../build/figures``) is created when missing; any other folder must
    exist, so that a misspelt path never scatters charts about."""
    path = Path(figures_dir)
    build = (Path(data_dir).resolve().parent / "build")
    if not path.exists():
        if path.resolve() == build or build in path.resolve().parents:
            path.mkdir(parents=True, exist_ok=True)
        else:
            raise SetupError(f"figures_dir {str(figures_dir)!r} does not exist: create it, or leave the "
                             "default (../build/figures)")
    if not path.is_dir() or not os.access(path, os.W_OK):
        raise SetupError(f"figures_dir {str(figures_dir)!r} is not a writable folder: give another one")
    return path


def setup(data_dir: Path | str, figures_dir: Path | str) -> "Dataset":
    """Check ``figures_dir``, choose static or interactive charts (see the module's doc), use the
    project's chart theme and the schema's claimant types (`charts.use_vocabulary`), show whole quotes in tables, and load the data package, validated first
    (invalid data raises DataError and never reaches a chart)."""
    import altair as alt

    from . import charts
    from .load import load
    from .package import read_descriptor

    if not (Path(data_dir) / "datapackage.json").is_file():
        raise SetupError(f"data_dir {str(data_dir)!r} has no datapackage.json: give the data folder "
                         "(default ../data)")
    figures_folder(figures_dir, data_dir)
    if chart_mode() == "interactive":
        alt.renderers.enable("html", template="inline")  # the Vega libraries inline: works offline
    else:
        alt.renderers.enable("svg")
    charts.use_theme()
    pd.set_option("display.max_colwidth", None)
    ds = load(data_dir)
    charts.use_vocabulary(read_descriptor(Path(data_dir)))  # every chart colours the schema's claimant types alike
    return ds
