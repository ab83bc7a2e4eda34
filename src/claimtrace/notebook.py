"""What every notebook does first, in one call: the chart look, the display options, the data."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd


class Tables(NamedTuple):
    sources: pd.DataFrame
    claims: pd.DataFrame
    events: pd.DataFrame
    reference: pd.DataFrame


def setup(data_dir: Path | str, renderer: str = "svg") -> Tables:
    """Enable altair's ``renderer`` and the project's theme, show whole quotes in tables, and load
    the data package, validated first (invalid data raises DataError and never reaches a chart)."""
    import altair as alt

    from . import charts
    from .load import load

    alt.renderers.enable(renderer)
    charts.use_theme()
    pd.set_option("display.max_colwidth", None)
    ds = load(data_dir)
    return Tables(ds.sources, ds.claims, ds.events, ds.reference)
