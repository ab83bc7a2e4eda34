"""The look every chart shares: palette, fonts, sizes, the altair theme;
size limits that keep every chart readable and every file bounded; the title, subtitle and source
line around a chart. Colours are the Okabe-Ito palette, safe for the common colour-vision
deficiencies; reference figures from outside the archived sources are always grey."""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd

# --- Palette and type --------------------------------------------------------------------------

OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7",
}
REFERENCE_GREY = "#8C8C8C"
TEXT = "#222222"
MUTED = "#555555"
# DejaVu Sans, shipped with matplotlib (a dependency) and registered with vl-convert by `save`, so
# the PNG never depends on the fonts installed; the SVG embeds the subset its text uses
# (`save.embed_font`) and names generic fallbacks after it.
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"


@dataclass(frozen=True)
class Layout:
    """The width a chart is drawn for, and the sizes that go with it. Every chart is drawn twice:
    ``WIDE`` (the PNG and SVG in figures/, the report page on a desktop, print) and ``NARROW`` (the
    report page on a phone, drawn at 1:1 so that no text is under 11 px on a 320 px screen)."""
    name: str
    width: int         # the chart's whole width in px, labels included, padding excluded
    font: int          # labels, axes, legend
    small: int         # the source line
    title: int         # title size (the subtitle is ``font + 1``)
    label_width: int   # interval charts: the label column beside the marks (0: labels above them)
    padding: int

    @property
    def title_chars(self) -> int:
        return int(self.width / (self.title * 0.6))

    @property
    def text_chars(self) -> int:
        return int(self.width / ((self.font + 1) * 0.56))

    @property
    def label_chars(self) -> int:
        return int((self.label_width or self.width) / (self.font * 0.6))


WIDE = Layout("wide", width=800, font=13, small=12, title=20, label_width=420, padding=16)
NARROW = Layout("narrow", width=280, font=12, small=11, title=16, label_width=0, padding=8)
LAYOUTS = (WIDE, NARROW)
WIDTH = NARROW.width  # the narrowest a chart is drawn


class Figure:
    """One chart drawn for two widths: ``wide`` and ``narrow`` altair charts (`Layout`). What the
    chart builders of `marks` return, `finish` finishes and `save.save_chart` writes."""

    def __init__(self, wide: alt.TopLevelMixin, narrow: alt.TopLevelMixin | None = None, left=None):
        self.wide, self.narrow = wide, narrow
        self.left = left or {}  # by layout name: the px the row labels take left of the plot

    @classmethod
    def of(cls, build, wide: "Layout | None" = None, left=None) -> "Figure":
        """``build(layout)`` called for each layout (``wide``: a wider one than WIDE, for a long
        list); ``left(layout)``: the px the chart's row labels take left of its plot."""
        layouts = (wide or WIDE, NARROW)
        return cls(*(build(layout) for layout in layouts),
                   left={layout.name: left(layout) for layout in layouts} if left else None)

    def chart(self, layout: "Layout") -> alt.TopLevelMixin:
        return self.narrow if layout is NARROW and self.narrow is not None else self.wide

    def to_dict(self) -> dict:
        return self.wide.to_dict()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.wide._repr_mimebundle_(include, exclude)


def font_dir() -> Path:
    """The folder of the DejaVu fonts matplotlib ships (with their licence, LICENSE_DEJAVU)."""
    import matplotlib
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"

# Fixed colours for the named claimant types, so a type has the same colour in every chart.
CLAIMANT_TYPE_COLORS = {
    "government official": OKABE_ITO["vermillion"],
    "researcher": OKABE_ITO["blue"],
    "NGO": OKABE_ITO["bluish green"],
    "unnamed rights groups or experts": OKABE_ITO["reddish purple"],
    "news outlet": OKABE_ITO["sky blue"],  # not orange: next to vermillion at dot size it reads the same
    "unknown publisher": OKABE_ITO["black"],
    "derived by this project": "#7A6A00",
    "reference (published elsewhere)": REFERENCE_GREY,
}
# The kinds of row a chart adds to the claims: always last, in this order.
CHART_ONLY_TYPES = ("derived by this project", "reference (published elsewhere)")
# Colours for claimant types beyond the named ones (a type the schema gained later): Paul Tol's
# muted scheme (not Okabe-Ito's orange, too close to vermillion at dot size, nor its yellow, faint
# on white); never grey (reference figures) and, beyond these, repeated in order: a type is always
# drawn and always in the legend.
FALLBACK_COLORS = ["#B8A200", "#332288", "#882255", "#44AA99", "#999933", "#AA4499", "#117733", "#661100"]

# The claimant types of the data package (the claims.claimant_type enum of datapackage.json), in
# the schema's order: `notebook.setup` sets them from the package it loads (`use_vocabulary`).
_vocabulary: list[str] = []


def use_vocabulary(descriptor: dict) -> list[str]:
    """Read the claimant types from a data package descriptor, so that every chart orders and
    colours them the same way: the schema's order, each type beyond the named palette with its
    own fallback colour by its place in that order. Returns them."""
    fields = next(r for r in descriptor["resources"] if r["name"] == "claims")["schema"]["fields"]
    enum = next(f for f in fields if f["name"] == "claimant_type").get("constraints", {}).get("enum", [])
    _vocabulary[:] = [str(t) for t in enum]
    return list(_vocabulary)


def claimant_types(present=()) -> list[str]:
    """Every claimant type a chart may colour, in a fixed order: the schema's vocabulary (or, before
    `use_vocabulary`, the named palette), any other type present (alphabetically), then
    `CHART_ONLY_TYPES`."""
    named = [k for k in CLAIMANT_TYPE_COLORS if k not in CHART_ONLY_TYPES]
    known = [t for t in (_vocabulary or named) if t not in CHART_ONLY_TYPES]
    extra = sorted({str(t) for t in present} - set(known) - set(CHART_ONLY_TYPES))
    return [*known, *extra, *CHART_ONLY_TYPES]


def claimant_colors(present=()) -> dict[str, str]:
    """The colour of every claimant type (`claimant_types`): the named colour, else the next
    fallback colour."""
    out, fallback = {}, 0
    for t in claimant_types(present):
        if t in CLAIMANT_TYPE_COLORS:
            out[t] = CLAIMANT_TYPE_COLORS[t]
        else:
            out[t] = FALLBACK_COLORS[fallback % len(FALLBACK_COLORS)]
            fallback += 1
    return out


def claimant_scale(domain=None) -> alt.Scale:
    """The colour scale for claimant types, limited to the types in ``domain`` (all of them if
    None), in `claimant_types` order. No type is ever left out: one the palette does not name gets
    a fallback colour, and its marks and legend entry are drawn."""
    colors = claimant_colors(domain or ())
    keys = [k for k in colors if domain is None or k in set(domain)]
    return alt.Scale(domain=keys, range=[colors[k] for k in keys])


def theme() -> dict:
    """The Vega-Lite config shared by every altair chart."""
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "padding": {"left": 12, "right": 12, "top": 10, "bottom": 10},
            "view": {"stroke": None, "continuousWidth": WIDTH},
            "title": {"anchor": "start", "fontSize": 16, "fontWeight": "bold", "color": TEXT,
                      "subtitleFontSize": 12, "subtitleColor": MUTED, "subtitlePadding": 6,
                      "offset": 12, "lineHeight": 20, "subtitleLineHeight": 16},
            "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelColor": TEXT, "titleColor": TEXT,
                     "titleFontWeight": "normal", "gridColor": "#E6E6E6", "domainColor": "#888888",
                     "tickColor": "#888888"},
            "legend": {"orient": "top", "direction": "vertical", "labelFontSize": 11,
                       "titleFontSize": 11, "titleFontWeight": "normal", "labelLimit": 320,
                       "symbolStrokeWidth": 2},
            "text": {"fontSize": 11, "color": TEXT},
            "header": {"labelFontSize": 12, "titleFontSize": 12, "labelAnchor": "start",
                       "labelFontWeight": "bold"},
        }
    }


@alt.theme.register("claimtrace", enable=True)
def _claimtrace_theme() -> alt.theme.ThemeConfig:
    return theme()  # type: ignore[return-value]


def use_theme() -> None:
    """Enable the shared theme (done on import; call again if a notebook changed it)."""
    alt.theme.enable("claimtrace")


# --- Size limits: every chart stays readable, and every file bounded, whatever the data's size ----

MAX_ROWS = 40          # rows of an interval chart (analysis.at_most collapses the rest)
MAX_DOCUMENTS = 12     # documents named in a bar chart, heat map or source line; the rest are lumped
MAX_TIMELINE_ROWS = 80  # dated items drawn one per row; beyond, the timeline counts them per year
MAX_LISTED = 60        # items listed in an alt text


def listing(items, max_items: int = MAX_LISTED, sep: str = "; ") -> str:
    """The items joined by ``sep``; beyond ``max_items``, the first ones and how many more."""
    items = list(items)
    if len(items) <= max_items:
        return sep.join(items)
    return sep.join(items[:max_items]) + f"{sep}and {len(items) - max_items:,} more"


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters (paragraphs split on newlines kept apart)."""
    out: list[str] = []
    for para in text.split("\n"):
        out.extend(textwrap.wrap(para, width=width, break_long_words=False) or [""])
    return out


# --- Finishing a chart: title, subtitle, source line ------------------------------------------

def finish(chart, title: str, subtitle: str, source: str, description: str = "") -> Figure:
    """The chart (a `Figure`, or one altair chart drawn for both widths) with a wrapped title and
    subtitle above and the source line below it, sized for each layout."""
    figure = chart if isinstance(chart, Figure) else Figure(chart, chart)
    return Figure(*(_finish(figure.chart(layout), layout, title, subtitle, source, description,
                            figure.left.get(layout.name, 0))
                    for layout in LAYOUTS))


def _finish(chart, layout: Layout, title: str, subtitle: str, source: str, description: str, left: int = 0):
    lines = wrap(source, int(layout.width / (layout.small * 0.56)))
    step = layout.small + 4
    # the source line starts where the chart's row labels start, ``left`` px before its plot
    footer = (
        alt.Chart(pd.DataFrame({"line": lines, "y": [i * step for i in range(len(lines))]}))
        .mark_text(align="left", baseline="top", fontSize=layout.small, color=MUTED)
        .encode(text="line:N", x=alt.value(-left), y=alt.Y("y:Q", scale=None, axis=None))
        .properties(width=layout.width - left, height=step * len(lines))
    )
    out = alt.vconcat(chart, footer, spacing=14).properties(
        title=alt.TitleParams(text=wrap(title, layout.title_chars), subtitle=wrap(subtitle, layout.text_chars),
                              fontSize=layout.title, lineHeight=round(layout.title * 1.25),
                              subtitleFontSize=layout.font + 1, subtitleLineHeight=round((layout.font + 1) * 1.35)))
    if description:
        out = out.properties(description=description)
    p = layout.padding
    f = layout.font
    return (out.properties(padding={"left": p, "right": p, "top": p, "bottom": p})
            .configure_axis(labelFontSize=f, titleFontSize=f)
            .configure_legend(labelFontSize=f, titleFontSize=f, labelLimit=layout.width - 40,
                              columns=2 if layout is WIDE else 1, orient="top", direction="vertical")
            .configure_text(fontSize=f)
            .configure_header(labelFontSize=f + 1, titleFontSize=f + 1))


def source_line(source_ids, sources: pd.DataFrame, reference: pd.DataFrame | None = None,
                reference_ids=(), extra: str = "") -> str:
    """'Documents: IOHR (2019-11); HuffPost (2019-11) … Reference (grey): producer (year); …'."""
    src = sources.set_index("source_id")
    ids = sorted(dict.fromkeys(source_ids))
    docs = []
    for sid in ids if len(ids) <= MAX_DOCUMENTS else ids[:3]:
        s = src.loc[sid]
        docs.append(f"{_short(s['publisher'])} ({s['published_date']}, {sid})")
    if len(ids) > MAX_DOCUMENTS:
        text = f"Documents: {len(ids):,}, listed in sources.csv (the first by id: " + "; ".join(docs) + ")."
    else:
        text = "Documents: " + "; ".join(docs) + "."
    if reference is not None and len(reference_ids):
        ref = reference.set_index("reference_id")
        prods = [f"{ref.loc[r, 'producer']} ({ref.loc[r, 'year']})" for r in reference_ids]
        text += " Reference, in grey: " + "; ".join(dict.fromkeys(prods)) + "."
    if extra:
        text += " " + extra
    return text + " Analysis: claimtrace."


def _short(publisher: str) -> str:
    from ..analysis import short_publisher
    return short_publisher(publisher)
