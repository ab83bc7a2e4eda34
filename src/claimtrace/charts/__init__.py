"""Charts, by role: `theme` (the look every chart shares, titles and source lines), `marks` (the
chart of each analysis and the marks they are built from) and `save` (writing each chart as SVG,
PNG, HTML, Vega-Lite JSON and alt text). Notebooks use them as one namespace: ``charts as C``."""
from .marks import *  # noqa: F403
from .save import *  # noqa: F403
from .save import _write  # noqa: F401 - the tests' way to write a figure without drawing one
from .theme import *  # noqa: F403
