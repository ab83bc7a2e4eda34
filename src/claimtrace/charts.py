"""One look for every chart, and writing each chart as SVG, PNG, self-contained HTML and alt text.

Altair charts (interactive in JupyterLab, tooltips with the verbatim quote) and matplotlib
charts (static print graphics) share the palette, fonts and sizes defined here. Every chart
carries a title that states the finding, a subtitle with the unit, and a source line naming
the documents. Colours are the Okabe-Ito palette, safe for the common colour-vision
deficiencies; reference figures from outside the archived sources are always grey.

Writing is deterministic: the same chart gives byte-identical files on every rebuild.

Writing is also cheap: each chart is drawn once, to SVG; the PNG is rasterised from that SVG,
the notebook shows that same SVG (`SavedChart`), and every chart's HTML page loads the Vega
libraries from one file beside it (`VEGA_BUNDLE`), written once per figures folder.
"""
from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import altair as alt
import jinja2
import pandas as pd

from .files import write_atomic

# --- Palette and type --------------------------------------------------------------------------

OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7",
}
REFERENCE_GREY = "#8C8C8C"
TEXT = "#222222"
MUTED = "#555555"
FONT = "DejaVu Sans"
WIDTH = 340          # plot width in px: with padding the chart fits a 400px phone screen
TITLE_CHARS = 44     # title characters per line at WIDTH
TEXT_CHARS = 62      # subtitle / source characters per line at WIDTH

# Fixed colours for claimant types, so a type has the same colour in every chart.
CLAIMANT_TYPE_COLORS = {
    "government official": OKABE_ITO["vermillion"],
    "researcher": OKABE_ITO["blue"],
    "NGO": OKABE_ITO["bluish green"],
    "unnamed rights groups or experts": OKABE_ITO["reddish purple"],
    "news outlet": OKABE_ITO["orange"],
    "leaked document": OKABE_ITO["sky blue"],
    "unattributed": OKABE_ITO["black"],
    "derived by this project": "#7A6A00",
    "reference (published elsewhere)": REFERENCE_GREY,
}


def claimant_scale(domain: list[str] | None = None) -> alt.Scale:
    """The colour scale for claimant types, limited to the types present (stable order)."""
    keys = [k for k in CLAIMANT_TYPE_COLORS if domain is None or k in domain]
    return alt.Scale(domain=keys, range=[CLAIMANT_TYPE_COLORS[k] for k in keys])


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
            "legend": {"orient": "bottom", "direction": "vertical", "labelFontSize": 11,
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

def finish(chart: alt.TopLevelMixin, title: str, subtitle: str, source: str,
           description: str = "") -> alt.VConcatChart:
    """The chart with a wrapped title and subtitle above and the source line below it."""
    lines = wrap(source, TEXT_CHARS)
    footer = (
        alt.Chart(pd.DataFrame({"line": lines, "y": [i * 14 for i in range(len(lines))]}))
        .mark_text(align="left", baseline="top", fontSize=10, color=MUTED)
        .encode(text="line:N", x=alt.value(0), y=alt.Y("y:Q", scale=None, axis=None))
        .properties(width=WIDTH, height=14 * len(lines))
    )
    out = alt.vconcat(chart, footer, spacing=14).properties(
        title=alt.TitleParams(text=wrap(title, TITLE_CHARS), subtitle=wrap(subtitle, TEXT_CHARS)))
    if description:
        out = out.properties(description=description)
    return out


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
    from .analysis import short_publisher
    return short_publisher(publisher)


# --- Saving ------------------------------------------------------------------------------------

# The Vega, Vega-Lite and vega-embed libraries, built by vl-convert for altair's Vega-Lite version:
# written once into each figures folder and shared by every chart's HTML and the report page, so
# they open offline, from file:// or any static host.
VEGA_BUNDLE = "vega-embed.js"

CHART_HTML = jinja2.Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<meta name="description" content="{{ description }}">
<style>body{margin:0;padding:8px;font-family:"DejaVu Sans",sans-serif}#vis{max-width:100%;overflow-x:auto}</style>
<script src="{{ bundle }}"></script>
</head>
<body>
<div id="vis" role="img" aria-label="{{ description }}"></div>
<script type="application/json" id="spec">{{ spec | safe }}</script>
<script>
vegaEmbed("#vis", JSON.parse(document.getElementById("spec").textContent), {renderer: "svg"})
  .catch(function (err) { document.getElementById("vis").textContent = "This chart could not be drawn: " + err; });
</script>
</body>
</html>
""", autoescape=True)


def spec_json(spec: dict) -> str:
    """The spec as JSON that is safe inside a <script> element (no '</script>', no '<!--')."""
    return (json.dumps(spec, ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def vega_bundle() -> str:
    """The vega-embed bundle (Vega, Vega-Lite, vega-embed) for altair's Vega-Lite version, from vl-convert."""
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert
    return vlc.javascript_bundle(vl_version=vl_version_for_vl_convert())


def write_bundle(figures_dir: Path | str) -> Path:
    """Write VEGA_BUNDLE into ``figures_dir`` unless it is there already (`make` renews it)."""
    path = Path(figures_dir) / VEGA_BUNDLE
    if not path.is_file():
        write_atomic(path, vega_bundle().encode("utf-8"))
    return path


def _renew_bundle(path: Path) -> None:
    """Write the bundle at ``path`` if its bytes changed (``python -m claimtrace.charts --write-bundle``)."""
    data = vega_bundle().encode("utf-8")
    if not path.is_file() or path.read_bytes() != data:
        write_atomic(path, data)


def chart_title(spec: dict) -> str:
    """A spec's title as one line of text."""
    title = spec.get("title", "")
    text = title.get("text", "") if isinstance(title, dict) else title
    return " ".join(text) if isinstance(text, list) else str(text)


def chart_html(spec: dict) -> str:
    """The chart as an HTML page that draws it with the bundle beside it: works offline."""
    return CHART_HTML.render(title=chart_title(spec), description=spec.get("description", ""),
                             bundle=VEGA_BUNDLE, spec=spec_json(spec))


def png_for_screens(png: bytes) -> bytes:
    """The PNG as an indexed-colour image (256 colours, no dithering): sharp, a third of the size.

    A chart has few colours besides the anti-aliased edges, so nothing a reader can see is lost.
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        indexed = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                                 dither=Image.Dither.NONE)
        out = io.BytesIO()
        indexed.save(out, format="PNG", optimize=True)
    return out.getvalue()


class SavedChart(list):
    """What save_chart returns: the paths it wrote (a list), shown in a notebook as the chart.

    With altair's "svg" renderer (the committed notebooks') the notebook shows the SVG just
    written, so the chart is not rendered a second time; with any other renderer it shows the
    live chart (interactive in JupyterLab).
    """

    def __init__(self, paths: list[Path], chart: alt.TopLevelMixin, svg: str):
        super().__init__(paths)
        self.chart, self.svg = chart, svg

    def _repr_mimebundle_(self, include=None, exclude=None):
        if alt.renderers.active == "svg":
            return {"image/svg+xml": self.svg}
        return self.chart._repr_mimebundle_(include, exclude)

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(repr(self.chart))


def save_chart(chart: alt.TopLevelMixin, name: str, figures_dir: Path | str, alt_text: str) -> SavedChart:
    """Write NAME.svg, NAME.png, NAME.html (offline, with the bundle beside it), NAME.alt.txt and
    NAME.vl.json (the Vega-Lite spec drawn, which the report page reads).

    Each chart is drawn once, to SVG; the PNG (scale 2, for high-density screens) is rasterised
    from that SVG. Every file is written atomically and only its bytes decide its content:
    rebuilding the same chart gives byte-identical files. Returns the paths, which a notebook
    shows as the chart.
    """
    import vl_convert as vlc

    if not alt_text.strip():
        raise ValueError(f"{name}: alt text is required")
    chart = chart.properties(description=alt_text)
    spec = chart.to_dict()
    svg = vlc.vegalite_to_svg(spec)
    png = png_for_screens(vlc.svg_to_png(svg, scale=2))
    write_bundle(figures_dir)
    spec_text = json.dumps(spec, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    paths = _write(name, figures_dir, svg.encode(), png, chart_html(spec).encode(), alt_text,
                   spec_text.encode("utf-8"))
    return SavedChart(paths, chart, svg)


def _write(name, figures_dir, svg: bytes, png: bytes, html: bytes, alt_text: str,
           spec_json: bytes | None = None) -> list[Path]:
    paths = []
    for ext, data in (("svg", svg), ("png", png), ("html", html),
                      ("alt.txt", (alt_text.strip() + "\n").encode()),
                      *([("vl.json", spec_json)] if spec_json is not None else [])):
        p = Path(figures_dir) / f"{name}.{ext}"
        write_atomic(p, data)
        paths.append(p)
    return paths


# --- matplotlib, with the same look -----------------------------------------------------------

def mpl_rc() -> dict:
    """rcParams for matplotlib charts: same font, colours and sizes as the altair theme."""
    from cycler import cycler
    return {
        "font.family": FONT, "font.size": 10, "text.color": TEXT,
        "axes.titlesize": 14, "axes.titleweight": "bold", "axes.labelsize": 10,
        "axes.labelcolor": TEXT, "axes.edgecolor": "#888888", "axes.spines.top": False,
        "axes.spines.right": False, "axes.grid": True, "axes.grid.axis": "x",
        "grid.color": "#E6E6E6", "xtick.color": TEXT, "ytick.color": TEXT,
        "axes.prop_cycle": cycler(color=list(OKABE_ITO.values())[1:] + ["#000000"]),
        "figure.facecolor": "white", "savefig.facecolor": "white",
        "svg.hashsalt": "claimtrace", "svg.fonttype": "path", "path.simplify": True,
    }


def save_mpl(fig, name: str, figures_dir: Path | str, alt_text: str, title: str = "") -> list[Path]:
    """Write a matplotlib figure as NAME.svg, NAME.png, NAME.html (the SVG inline) and alt text.

    Deterministic: the SVG hash salt is fixed and no date or software version is written.
    """
    import matplotlib
    figures_dir = Path(figures_dir)
    if not alt_text.strip():
        raise ValueError(f"{name}: alt text is required")
    with matplotlib.rc_context({"svg.hashsalt": "claimtrace"}):
        svg_buf, png_buf = io.BytesIO(), io.BytesIO()
        fig.savefig(svg_buf, format="svg", metadata={"Date": None, "Creator": None})
        fig.savefig(png_buf, format="png", dpi=200, metadata={"Software": None})
    svg = svg_buf.getvalue()
    png = png_for_screens(png_buf.getvalue())
    from html import escape
    body = svg.decode()
    body = body[body.index("<svg"):]
    html = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" + f"<title>{escape(title or name)}</title>\n"
            f"<meta name=\"description\" content=\"{escape(alt_text.strip())}\">\n"
            "<style>body{margin:0;font-family:sans-serif}svg{max-width:100%;height:auto}</style>\n"
            "</head>\n<body>\n<figure role=\"img\" aria-label=\"" + escape(alt_text.strip()) + "\">\n"
            + body + "</figure>\n</body>\n</html>\n")
    return _write(name, figures_dir, svg, png, html.encode(), alt_text)


# --- Chart builders ----------------------------------------------------------------------------

LABEL_CHARS = 54  # label characters per line in interval charts


def interval_chart(rows: pd.DataFrame, x_title: str, x_max: float | None = None,
                   log: bool = False, temporal: bool = False, x_min: float | None = None,
                   color_field: str = "colour_key", color_scale: alt.Scale | None = None,
                   legend_title: str = "Who makes the claim", tooltip: list | None = None,
                   row_height: int | None = None) -> alt.LayerChart:
    """One row per figure: a line from low to high, its label printed above it.

    ``rows`` needs columns: ``order`` (row position), ``label`` (text above the line),
    ``draw_low``/``draw_high``, ``open_high`` (drawn dashed with an arrow at the axis edge),
    ``approximate`` (a hollow marker and '≈' in the legend), ``is_point`` and the colour field.
    """
    rows = rows.copy()
    rows["label"] = ["\n".join(line for part in str(l).split("\n") for line in wrap(part, LABEL_CHARS))
                     for l in rows["label"]]
    # Rows as tall as their label: pixel positions, top to bottom, in ``order``.
    rows = rows.sort_values("order", kind="mergesort").reset_index(drop=True)
    lines = [l.count("\n") + 1 for l in rows["label"]]
    tops, y = [], 4
    for n in lines:
        tops.append(y)
        y += 14 * n + (row_height or 26)
    rows["y_label"] = tops
    rows["y_line"] = [t + 14 * n + 7 for t, n in zip(tops, lines)]
    height = y - (row_height or 26) + 18
    rows["mark"] = [
        "open: no upper bound given" if o else ("approximate or vague" if a else "as printed")
        for o, a in zip(rows["open_high"], rows["approximate"])
    ]
    xtype = "T" if temporal else "Q"
    if temporal:
        dom = [x_min, x_max] if x_min is not None and x_max is not None else alt.Undefined
        scale = alt.Scale(domain=dom, clamp=True)
        axis = alt.Axis(format="%Y", tickCount={"interval": "year", "step": 2}, title=x_title, grid=True,
                        labelFlush=True)
    else:
        dom = [x_min if x_min is not None else (1 if log else 0), x_max] if x_max is not None else alt.Undefined
        scale = alt.Scale(type="log" if log else "linear", domain=dom, nice=False, clamp=True)
        big = (x_max or rows["draw_high"].max()) >= 100_000
        axis = alt.Axis(title=x_title, format="~s" if big else ",.0f", grid=True, labelFlush=True)
    y = alt.Y("y_line:Q", axis=None, scale=None)
    color = alt.Color(f"{color_field}:N", scale=color_scale or claimant_scale(sorted(rows[color_field].unique())),
                      title=legend_title)
    tooltip = tooltip or []
    base = alt.Chart(rows).encode(y=y)
    line = base.mark_rule(strokeWidth=3).encode(
        x=alt.X(f"draw_low:{xtype}", scale=scale, axis=axis), x2=f"draw_high:{xtype}",
        color=color,
        strokeDash=alt.StrokeDash("mark:N", legend=None,
                                  scale=alt.Scale(domain=["as printed", "approximate or vague",
                                                          "open: no upper bound given"],
                                                  range=[[1, 0], [1, 0], [4, 3]])),
        tooltip=tooltip)
    points = base.transform_filter("datum.is_point").mark_point(
        size=70, strokeWidth=2, opacity=1).encode(
        x=alt.X(f"draw_low:{xtype}"), color=color,
        shape=alt.Shape("mark:N", legend=None,
                        scale=alt.Scale(domain=["as printed", "approximate or vague",
                                                "open: no upper bound given"],
                                        range=["circle", "diamond", "triangle-right"])),
        fill=alt.condition("datum.approximate", alt.value("white"), color),
        tooltip=tooltip)
    ends = base.transform_filter("!datum.is_point && !datum.open_high").mark_tick(
        thickness=2, size=12).encode(x=alt.X(f"draw_high:{xtype}"), color=color, tooltip=tooltip)
    starts = base.transform_filter("!datum.is_point").mark_tick(
        thickness=2, size=12).encode(x=alt.X(f"draw_low:{xtype}"), color=color, tooltip=tooltip)
    arrows = base.transform_filter("datum.open_high").mark_point(
        shape="triangle-right", size=80, filled=True).encode(
        x=alt.X(f"draw_high:{xtype}"), color=color, tooltip=tooltip)
    labels = base.mark_text(align="left", baseline="top", fontSize=11, lineHeight=14,
                            lineBreak="\n", limit=WIDTH).encode(
        x=alt.value(0), y=alt.Y("y_label:Q", axis=None, scale=None), text="label:N", tooltip=tooltip)
    return alt.layer(line, starts, ends, points, arrows, labels).properties(width=WIDTH, height=height)


def estimate_rows(est: pd.DataFrame, reference: pd.DataFrame | None = None,
                  reference_ids=(), x_max: float | None = None, reference_scope: bool = False) -> pd.DataFrame:
    """Rows for interval_chart from analysis.estimates(), with reference figures appended in grey.

    Each row is drawn from its low bound to its high bound; an open low side from 0, an open high
    side to the axis edge: ``x_max``, or 1.5 times the largest finite bound when none is given.
    With ``reference_scope`` each reference label also says what the reference figure counts.
    """
    from .numbers import signalled
    rows = est.copy()
    finite = pd.concat([rows["value_low"], rows["value_high"]]).dropna()
    edge = x_max if x_max is not None else (float(finite.max()) * 1.5 if len(finite) else 1.0)
    rows["draw_low"] = rows["value_low"].fillna(0.0)
    rows["draw_high"] = rows["value_high"].fillna(edge)
    rows["colour_key"] = rows["claimant_type"]
    rows["label"] = [f"{l}: “{f}”" for l, f in zip(rows["label"], rows["figure"])]
    rows["source"] = [f"{t} ({p}, {d})" for t, p, d in
                      zip(rows["source_title"], rows["source_publisher"], rows["published_date"])]
    keep = ["label", "draw_low", "draw_high", "open_high", "approximate", "is_point", "colour_key",
            "figure", "quote", "source", "claimant", "scope", "bounds", "dated", "claim_id"]
    rows = rows[keep]
    if reference is not None and len(reference_ids):
        ref = reference.set_index("reference_id").loc[list(reference_ids)].reset_index()
        edge = x_max if x_max is not None else float(rows["draw_high"].max())
        hedges = [signalled(f) for f in ref["figure"]]  # the qualifier each figure opens with
        refrows = pd.DataFrame({
            "label": [f"Reference: {p} ({y}): “{f}”" + (f"\n{sc}" if reference_scope else "")
                      for p, y, f, sc in zip(ref["producer"], ref["year"], ref["figure"], ref["scope"])],
            "draw_low": ref["value"],
            "draw_high": [h if h == h else (edge if q.open_high else v)
                          for v, h, q in zip(ref["value"], ref["value_high"], hedges)],
            "open_high": [(h != h) and q.open_high for h, q in zip(ref["value_high"], hedges)],
            "approximate": False,
            "colour_key": "reference (published elsewhere)",
            "figure": ref["figure"], "quote": ref["scope"],
            "source": [f"{t}: {p} ({y}); read at {r}" for t, p, y, r in
                       zip(ref["title"], ref["producer"], ref["year"], ref["read_at"])],
            "claimant": ref["producer"], "scope": ref["scope"], "bounds": ref["figure"],
            "dated": ref["date"], "claim_id": ref["reference_id"],
        })
        refrows["is_point"] = [(lo == hi) for lo, hi in zip(refrows["draw_low"], refrows["draw_high"])]
        # "up to X": the printed figure is an upper bound; drawn from 0.
        upto = [q.open_low for q in hedges]
        refrows.loc[upto, "draw_low"] = 0.0
        refrows.loc[upto, "is_point"] = False
        rows = pd.concat([rows, refrows], ignore_index=True)
    rows["order"] = range(len(rows))
    return rows


def collapse_note(rows: pd.DataFrame, drawn: pd.DataFrame) -> str:
    """For the subtitle: what analysis.at_most did to ``rows`` to draw ``drawn`` ("" if nothing)."""
    from .analysis import figure_groups
    total = len(rows)
    if len(drawn) == total:
        return ""
    figures = figure_groups(rows).nunique()
    if figures > len(drawn):
        return (f" Drawn: the {len(drawn)} figures given most often, standing for {drawn['claims'].sum():,} of "
                f"{total:,} claims; the {figures - len(drawn):,} others are in the table.")
    return f" {total:,} claims, drawn as {figures:,} rows: one per claimant and figure, with its count."


TOOLTIP = [
    alt.Tooltip("figure:N", title="Figure as printed"),
    alt.Tooltip("quote:N", title="Verbatim quote"),
    alt.Tooltip("claimant:N", title="Claimant"),
    alt.Tooltip("scope:N", title="What it counts"),
    alt.Tooltip("source:N", title="Document"),
    alt.Tooltip("dated:N", title="Dated"),
    alt.Tooltip("claim_id:N", title="Row id"),
]


def bar_chart(df: pd.DataFrame, x: str, y: str, color: str, x_title: str,
              color_scale: alt.Scale, legend_title: str, tooltip: list | None = None,
              y_sort: list | None = None) -> alt.Chart:
    """Horizontal stacked bars with counts, y labels left, legend below."""
    return alt.Chart(df).mark_bar().encode(
        x=alt.X(f"sum({x}):Q", title=x_title, axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y(f"{y}:N", title=None, sort=y_sort, axis=alt.Axis(labelLimit=150)),
        color=alt.Color(f"{color}:N", scale=color_scale, title=legend_title),
        order=alt.Order(f"{color}:N"),
        tooltip=tooltip or [],
    ).properties(width=WIDTH - 150)


def heatmap(df: pd.DataFrame, x: str, y: str, value: str, text: str, x_title: str,
            legend_title: str, y_sort: list | None = None, x_sort: list | None = None,
            fmt: str = ".0%", cell: int = 22, tooltip: list | None = None) -> alt.LayerChart:
    """A grid of cells (single-hue blue, colour-blind safe) with the value printed in each."""
    base = alt.Chart(df).encode(
        x=alt.X(f"{x}:N", title=x_title, sort=x_sort, axis=alt.Axis(labelAngle=-40, labelLimit=160, orient="top")),
        y=alt.Y(f"{y}:N", title=None, sort=y_sort, axis=alt.Axis(labelLimit=190)),
        tooltip=tooltip or [])
    rect = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(f"{value}:Q", title=legend_title,
                        scale=alt.Scale(scheme="blues", domainMin=0),
                        legend=alt.Legend(format=fmt, orient="bottom", direction="horizontal", gradientLength=200)))
    label = base.mark_text(fontSize=10).encode(
        text=f"{text}:N",
        color=alt.condition(f"datum.{value} > 0.6 * 1", alt.value("white"), alt.value(TEXT)))
    n_x = df[x].nunique()
    n_y = df[y].nunique()
    return alt.layer(rect, label).properties(width=cell * n_x, height=cell * n_y)


# --- The charts of the eight analyses -----------------------------------------------------------

def _by_document(claims: pd.DataFrame, sources: pd.DataFrame) -> tuple[pd.Series, str]:
    """What a chart of documents has as rows or columns: each document, by its label; beyond
    MAX_DOCUMENTS documents, each kind of document ("news report (1,234 documents)"). Returns the
    label of every claim and the title of the axis."""
    from .analysis import source_labels
    ids = claims["source_id"]
    if ids.nunique() <= MAX_DOCUMENTS:
        return pd.Series(source_labels(ids, sources), index=claims.index), "Document"
    kind = ids.map(sources.set_index("source_id")["document_type"])
    n = ids.groupby(kind).nunique()
    return kind.map({k: f"{k} ({v:,} documents)" for k, v in n.items()}), "Kind of document"


def inventory_chart(claims: pd.DataFrame, sources: pd.DataFrame) -> alt.Chart:
    """Claims per document, stacked by claimant type (beyond MAX_DOCUMENTS: per kind of document)."""
    df = claims.groupby(["source_id", "claimant_type"]).size().rename("claims").reset_index()
    df["document"], axis = _by_document(df, sources)
    if axis != "Document":
        df = df.groupby(["document", "claimant_type"])["claims"].sum().reset_index()
    order = (df.groupby("document")["claims"].sum().sort_values(ascending=False, kind="mergesort").index.tolist())
    return bar_chart(df, "claims", "document", "claimant_type", "Figures printed (claims)",
                     claimant_scale(sorted(df["claimant_type"].unique())), "Who makes the claim",
                     tooltip=[alt.Tooltip("document:N", title=axis),
                              alt.Tooltip("claimant_type:N", title="Claimant type"),
                              alt.Tooltip("claims:Q", title="Claims")],
                     y_sort=order).properties(height=36 * len(order))


def provenance_chart(summary: pd.DataFrame, sources: pd.DataFrame) -> alt.LayerChart:
    """Share of each document's claims that pass each provenance check (beyond MAX_DOCUMENTS
    documents: of each kind of document's claims)."""
    from .analysis import PROVENANCE_CHECKS
    df = summary.copy()
    df["document"], axis = _by_document(df, sources)
    if axis != "Document":
        df = df.groupby(["document", "check"], sort=False)[["passed", "claims"]].sum().reset_index()
        df["share"] = df["passed"] / df["claims"]
    df["text"] = [f"{p:,}/{n:,}" for p, n in zip(df["passed"], df["claims"])]
    checks = list(PROVENANCE_CHECKS) + ["publisher stated in the document",
                                        "publication date stated in the document"]
    return heatmap(df, "document", "check", "share", "text", None, "Share of the document's claims",
                   y_sort=checks, x_sort=sorted(df["document"].unique()), cell=34 if axis == "Document" else 64,
                   tooltip=[alt.Tooltip("document:N", title=axis), alt.Tooltip("check:N", title="Check"),
                            alt.Tooltip("text:N", title="Claims passing"),
                            alt.Tooltip("share:Q", format=".0%", title="Share")])


def estimates_chart(rows: pd.DataFrame, x_title: str, x_max: float, log: bool = False,
                    x_min: float | None = None) -> alt.LayerChart:
    """interval_chart for estimate_rows(), with the verbatim quote and document in the tooltip."""
    return interval_chart(rows, x_title, x_max=x_max, log=log, x_min=x_min, tooltip=TOOLTIP)


def konasheher_figure(steps: pd.DataFrame, rates: pd.DataFrame, title: str, subtitle: str,
                      source: str, assumptions: str, claimed_by: str = ""):
    """A static two-panel matplotlib figure: the counts implied step by step, and the rates.

    ``steps``: rows with label, value and kind (claimed/derived/reference), drawn as bars.
    ``rates``: rows with label, value (per 100,000) and kind, drawn as dots on a log scale.
    ``claimed_by`` names the claimant in the legend ("claimed (HRN)").
    The layout is computed in inches so that nothing overlaps whatever the wrapped text's length.
    """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    colours = {"claimed": CLAIMANT_TYPE_COLORS["NGO"], "derived": CLAIMANT_TYPE_COLORS["derived by this project"],
               "reference": REFERENCE_GREY}
    t_lines = wrap(title, 40)
    s_lines = wrap(subtitle, 62) + wrap(assumptions, 62)
    f_lines = wrap(source, 72)
    row = 0.44
    # heights in inches, top to bottom
    parts = [("pad", 0.12), ("title", 0.25 * len(t_lines)), ("gap", 0.08), ("subtitle", 0.19 * len(s_lines)),
             ("gap", 0.25), ("panel1", row * len(steps)), ("axis1", 0.55), ("gap", 0.3),
             ("panel2", row * len(rates)), ("axis2", 0.55), ("legend", 0.45), ("source", 0.16 * len(f_lines)),
             ("pad", 0.1)]
    W = 4.4
    H = sum(h for _, h in parts)  # noqa: N806
    tops, y = {}, H
    for name, h in parts:
        tops.setdefault(name, (y, h))
        y -= h
    with matplotlib.rc_context(mpl_rc()):
        fig = plt.figure(figsize=(W, H))
        left, width = 0.12 / W, (W - 0.55) / W

        def rect(name):
            top, h = tops[name]
            return [left, (top - h) / H, width, h / H]

        fig.text(left, tops["title"][0] / H, "\n".join(t_lines), ha="left", va="top", fontsize=13,
                 fontweight="bold", color=TEXT, linespacing=1.15)
        fig.text(left, tops["subtitle"][0] / H, "\n".join(s_lines), ha="left", va="top", fontsize=9,
                 color=MUTED, linespacing=1.3)
        fig.text(left, tops["source"][0] / H, "\n".join(f_lines), ha="left", va="top", fontsize=7.5,
                 color=MUTED, linespacing=1.3)
        for name, df, xlabel, log in (("panel1", steps, "People", False),
                                      ("panel2", rates, "People per 100,000 (log scale)", True)):
            ax = fig.add_axes(rect(name))
            n = len(df)
            for i, (_, r) in enumerate(df.iterrows()):
                yi = n - 1 - i
                c = colours[r["kind"]]
                if log:
                    ax.plot([r["value"]], [yi], "o", color=c, markersize=7, markeredgewidth=2,
                            markerfacecolor=c if r["kind"] == "claimed" else "white")
                else:
                    derived = r["kind"] == "derived"
                    ax.barh([yi], [r["value"]], height=0.38, color="white" if derived else c,
                            hatch="////" if derived else None, edgecolor=c, linewidth=1)
                ax.text(0.0, yi + 0.28, r["label"], transform=ax.get_yaxis_transform(), ha="left",
                        va="bottom", fontsize=8.5, color=TEXT)
            ax.set_yticks([])
            ax.set_ylim(-0.45, n - 0.2)
            ax.set_xlabel(xlabel, fontsize=8.5, color=MUTED, loc="left")
            if log:
                ax.set_xscale("log")
                ax.set_xlim(50, 50_000)
            else:
                ax.set_xlim(0, max(df["value"]) * 1.05)
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
            ax.spines["left"].set_visible(False)
            ax.tick_params(axis="x", labelsize=8)
        handles = [Patch(facecolor=colours["claimed"], label=f"claimed ({claimed_by})" if claimed_by else "claimed"),
                   Patch(facecolor="white", edgecolor=colours["derived"], hatch="////", label="derived here"),
                   Patch(facecolor=colours["reference"], label="reference (published elsewhere)")]
        top, h = tops["legend"]
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(left - 0.01, top / H), ncol=2,
                   fontsize=8, frameon=False, handlelength=1.6, columnspacing=1.0)
    return fig


def discrepancy_chart(summary: pd.DataFrame) -> alt.Chart:
    """Pairs of documents whose figures differ, per measure and subject, by verdict."""
    df = summary.drop(columns="pairs").melt(id_vars=["measure", "subject", "component", "unit"],
                      value_vars=["conflicting", "edge", "compatible"], var_name="verdict", value_name="pairs")
    df["what"] = [f"{m.replace('_', ' ')}: {s.replace('_', ' ')}" for m, s in zip(df["measure"], df["subject"])]
    labels = {"conflicting": "conflicting: no value fits both",
              "edge": "differ only at a bound or by rounding",
              "compatible": "different but compatible"}
    df["verdict"] = df["verdict"].map(labels)
    order = summary.assign(what=[f"{m.replace('_', ' ')}: {s.replace('_', ' ')}"
                                 for m, s in zip(summary["measure"], summary["subject"])])["what"].tolist()
    scale = alt.Scale(domain=list(labels.values()),
                      range=[OKABE_ITO["vermillion"], OKABE_ITO["orange"], OKABE_ITO["sky blue"]])
    return alt.Chart(df[df["pairs"] > 0]).mark_bar().encode(
        x=alt.X("sum(pairs):Q", title="Pairs of claims from different documents"),
        y=alt.Y("what:N", sort=order, title=None,
                axis=alt.Axis(labelLimit=170, labelExpr="split(datum.label, ': ')", labelLineHeight=13)),
        color=alt.Color("verdict:N", scale=scale, title="Verdict"),
        order=alt.Order("verdict:N", sort="descending"),
        tooltip=[alt.Tooltip("what:N", title="Measure: subject"), alt.Tooltip("verdict:N", title="Verdict"),
                 alt.Tooltip("pairs:Q", title="Pairs")],
    ).properties(width=WIDTH - 170, height=40 * len(order))


TIMELINE_KINDS = {
    "event the documents date": OKABE_ITO["blue"],
    "period": OKABE_ITO["sky blue"],
    "estimate made": OKABE_ITO["vermillion"],
    "document published": OKABE_ITO["black"],
    "reference record": REFERENCE_GREY,
}


def timeline_counts_chart(rows: pd.DataFrame) -> alt.LayerChart:
    """The timeline of many items: how many of each kind ("lane") start in each year, as a grid.

    For more than MAX_TIMELINE_ROWS dated items, where one row per item would be unreadable:
    ``rows`` needs ``lane`` and ``start`` (a Timestamp). A row per year, a column per kind.
    """
    df = rows.assign(year=rows["start"].dt.year).groupby(["lane", "year"]).size().rename("items").reset_index()
    df["share"] = df["items"] / df.groupby("lane")["items"].transform("max")
    df["text"] = [f"{n / 1000:.0f}k" if n >= 10_000 else f"{n:,}" for n in df["items"]]
    lanes = [k for k in TIMELINE_KINDS if k in set(df["lane"])]
    years = [str(y) for y in range(int(df["year"].min()), int(df["year"].max()) + 1)]
    df["year"] = df["year"].astype(str)
    return heatmap(df, "lane", "year", "share", "text", None, "Share of the kind's busiest year",
                   y_sort=years, x_sort=lanes, cell=36,
                   tooltip=[alt.Tooltip("lane:N", title="What is dated"), alt.Tooltip("year:N", title="Year"),
                            alt.Tooltip("items:Q", title="Items", format=",")])


def timeline_chart(rows: pd.DataFrame, start: str = "2013-07-01", end: str = "2022-12-31") -> alt.LayerChart:
    """Each dated item as a row: a span as long as its date's precision allows.

    ``rows``: `analysis.timeline`. The axis runs from ``start`` to ``end``; spans reaching outside
    it are cut at its edge.
    """
    rows = rows.assign(
        label=[f"{dt}: {w} · {d}" for dt, w, d in zip(rows["date_text"], rows["what"], rows["document"])],
        draw_low=rows["start"].dt.strftime("%Y-%m-%d"), draw_high=rows["end"].dt.strftime("%Y-%m-%d"),
        is_point=rows["start"] == rows["end"], open_high=False, approximate=False,
        order=range(len(rows))).drop(columns=["start", "end"])
    return interval_chart(
        rows, "Date", temporal=True, x_min=start, x_max=end,
        color_field="lane", legend_title="What is dated",
        color_scale=alt.Scale(domain=list(TIMELINE_KINDS), range=list(TIMELINE_KINDS.values())),
        tooltip=[alt.Tooltip("what:N", title="What"), alt.Tooltip("date_text:N", title="Date as known"),
                 alt.Tooltip("quote:N", title="Verbatim quote"), alt.Tooltip("document:N", title="Document"),
                 alt.Tooltip("basis:N", title="Date basis")],
        )


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(prog="python -m claimtrace.charts")
    ap.add_argument("--write-bundle", type=Path, required=True, metavar="PATH",
                    help=f"write the Vega libraries the charts' HTML loads ({VEGA_BUNDLE})")
    _renew_bundle(ap.parse_args().write_bundle)
