"""The marks: interval charts, bars, heat maps, the timeline, and the chart of each analysis."""
from __future__ import annotations

import dataclasses
import math

import altair as alt
import pandas as pd

from ..analysis import TIMELINE_LANES, VERDICTS
from .. import wording as W
from ..package import ATTRIBUTIONS

from .theme import (CLAIMANT_TYPE_COLORS, MAX_DOCUMENTS, NARROW, OKABE_ITO, REFERENCE_GREY, TEXT, WIDE,
                    Figure, Layout, claimant_scale, wrap)

# --- Chart builders ----------------------------------------------------------------------------

MARKS = ["as printed", "approximate or vague", "open: no upper bound given"]


def _number_axis(x_max: float | None, rows_max: float, title: str, layout: Layout, log: bool = False,
                 x_min: float | None = None) -> alt.Axis:
    """A number axis in words a reader knows: 0, 500,000, 1m, 1.5m (never "0M"), with round steps."""
    top = x_max or rows_max
    big = top >= 1_000_000
    expr = ("datum.value == 0 ? '0' : datum.value >= 1e6 ? format(datum.value / 1e6, '~r') + 'm' "
            ": format(datum.value, ',')") if big else alt.Undefined
    values = alt.Undefined
    if log and top > 0:
        low = x_min or 1
        values = [m * 10 ** k for k in range(int(math.log10(low)), int(math.log10(top)) + 1)
                  for m in ((1,) if layout is NARROW else (1, 2, 5))
                  if low <= m * 10 ** k <= top]
    elif top > 0:
        step = 10 ** math.floor(math.log10(top))
        most = 4 if layout is NARROW else 8
        while top / step < 2:
            step /= 2
        while top / step > most:
            step *= 2
        values = [i * step for i in range(int(top // step) + 1)]
    return alt.Axis(title=title, format=",.0f", labelExpr=expr, grid=True, labelFlush=True, values=values)


def interval_chart(rows: pd.DataFrame, x_title: str, x_max: float | None = None,
                   log: bool = False, temporal: bool = False, x_min: float | None = None,
                   color_field: str = "colour_key", color_scale: alt.Scale | None = None,
                   legend_title: str = "Who makes the claim", tooltip: list | None = None,
                   row_height: int | None = None, wide: Layout = WIDE) -> Figure:
    """One row per figure: a line from low to high, its label beside it (wide) or above it
    (narrow).

    ``rows`` needs columns: ``order`` (row position), ``label`` (the row's text),
    ``draw_low``/``draw_high``, ``open_high`` (drawn dashed to the axis end, ``x_max``, with an
    arrow), ``approximate`` (a hollow diamond), ``is_point`` and the colour field.
    """
    rows = rows.sort_values("order", kind="mergesort").reset_index(drop=True)
    if x_max is not None and not temporal:  # an open end reaches the end of the axis
        rows["draw_high"] = rows["draw_high"].where(~rows["open_high"].astype(bool), x_max)
    wide = _fit(rows, wide, row_height)
    return Figure.of(lambda layout: _interval(rows, layout, x_title, x_max, log, temporal, x_min, color_field,
                                              color_scale, legend_title, tooltip or [], row_height), wide)


# Beside the rows, the wide drawing has a title, subtitle, legend and source line of about this
# height (px); the whole PNG is kept at most MAX_RATIO times as tall as it is wide.
FRAME_HEIGHT = 360
MAX_RATIO = 1.5


def _fit(rows: pd.DataFrame, wide: Layout, row_height: int | None) -> Layout:
    """The wide layout, widened step by step (and its label column with it, so labels wrap less)
    until the rows fit a landscape-to-4:5 page: however many rows the data brings, the published
    chart grows wider, not into a strip."""
    layout = wide
    for _ in range(16):
        _, _, height = _rows(rows, layout, row_height)
        if height + FRAME_HEIGHT <= MAX_RATIO * (layout.width + 2 * layout.padding):
            break
        layout = dataclasses.replace(layout, width=layout.width + 200,
                                     label_width=layout.label_width + (100 if layout.label_width else 0))
    return layout


def _rows(rows: pd.DataFrame, layout: Layout, row_height: int | None) -> tuple[list[str], list[int], int]:
    """The rows' labels wrapped for ``layout``, the top of each row (px, in ``order``) and the
    height of them all: each row as tall as its label."""
    labels = ["\n".join(line for part in str(l).split("\n") for line in wrap(part, layout.label_chars))
              for l in rows["label"]]
    lh = layout.font + 3
    tops, y = [], 4
    gap = (row_height or 10) if layout.label_width > 0 else 22
    for label in labels:
        tops.append(y)
        y += lh * (label.count("\n") + 1) + gap
    return labels, tops, y - gap + (6 if layout.label_width > 0 else 16)


def _interval(rows, layout, x_title, x_max, log, temporal, x_min, color_field, color_scale, legend_title,
              tooltip, row_height):
    rows = rows.copy()
    # Rows as tall as their label: pixel positions, top to bottom, in ``order``.
    rows["label"], tops, height = _rows(rows, layout, row_height)
    lh = layout.font + 3
    lines = [l.count("\n") + 1 for l in rows["label"]]
    beside = layout.label_width > 0
    rows["y_label"] = tops
    rows["y_line"] = [t + (lh * n / 2 if beside else lh * n + 7) for t, n in zip(tops, lines)]
    plot_width = layout.width - layout.label_width
    rows["mark"] = [
        MARKS[2] if o else (MARKS[1] if a else MARKS[0])
        for o, a in zip(rows["open_high"], rows["approximate"])
    ]
    xtype = "T" if temporal else "Q"
    if temporal:
        dom = [x_min, x_max] if x_min is not None and x_max is not None else alt.Undefined
        scale = alt.Scale(domain=dom, clamp=True)
        axis = alt.Axis(format="%Y", tickCount={"interval": "year", "step": 2 if layout is NARROW else 1},
                        title=x_title, grid=True, labelFlush=True)
    else:
        dom = [x_min if x_min is not None else (1 if log else 0), x_max] if x_max is not None else alt.Undefined
        scale = alt.Scale(type="log" if log else "linear", domain=dom, nice=False, clamp=True)
        axis = _number_axis(x_max, float(rows["draw_high"].max()), x_title, layout, log, x_min)
    scale.range = [layout.label_width, layout.width]  # the labels' column, then the marks
    top_axis = axis.copy()
    top_axis.orient, top_axis.title, top_axis.grid = "top", None, False
    y = alt.Y("y_line:Q", axis=None, scale=alt.Scale(domain=[height, 0], nice=False, zero=False))
    color = alt.Color(f"{color_field}:N", scale=color_scale or claimant_scale(sorted(rows[color_field].unique())),
                      title=legend_title, legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=3))
    base = alt.Chart(rows).encode(y=y)
    line = base.mark_rule(strokeWidth=3).encode(
        x=alt.X(f"draw_low:{xtype}", scale=scale, axis=axis), x2=f"draw_high:{xtype}",
        color=color,
        strokeDash=alt.StrokeDash("mark:N", legend=None,
                                  scale=alt.Scale(domain=MARKS, range=[[1, 0], [1, 0], [4, 3]])),
        tooltip=tooltip)
    # the axis again above a long chart, where the eye starts
    top = (base.mark_point(opacity=0, size=1).encode(x=alt.X(f"draw_low:{xtype}", axis=top_axis), tooltip=tooltip)
           if height > 360 else None)
    points = base.transform_filter("datum.is_point").mark_point(
        size=80, strokeWidth=2, opacity=1).encode(
        x=alt.X(f"draw_low:{xtype}", axis=None), color=color,
        shape=alt.Shape("mark:N", legend=None,
                        scale=alt.Scale(domain=MARKS, range=["circle", "diamond", "triangle-right"])),
        fill=alt.condition("datum.approximate", alt.value("white"), color),
        tooltip=tooltip)
    ends = base.transform_filter("!datum.is_point && !datum.open_high").mark_tick(
        thickness=2, size=12).encode(x=alt.X(f"draw_high:{xtype}", axis=None), color=color, tooltip=tooltip)
    starts = base.transform_filter("!datum.is_point").mark_tick(
        thickness=2, size=12).encode(x=alt.X(f"draw_low:{xtype}", axis=None), color=color, tooltip=tooltip)
    # a vague or approximate range: the hollow diamond the subtitle promises, at its middle
    vague = base.transform_filter("!datum.is_point && datum.approximate").mark_point(
        shape="diamond", size=110, strokeWidth=2, opacity=1, fill="white", filled=True).encode(
        x=alt.X("mid:Q" if not temporal else f"draw_low:{xtype}", axis=None), stroke=color, tooltip=tooltip)
    if not temporal:
        vague = vague.transform_calculate(  # an open range: at its start
            mid="datum.open_high ? datum.draw_low : " +
                ("sqrt(datum.draw_low * datum.draw_high)" if log else "(datum.draw_low + datum.draw_high) / 2"))
    arrows = base.transform_filter("datum.open_high").mark_point(
        shape="triangle-right", size=90, filled=True).encode(
        x=alt.X(f"draw_high:{xtype}", axis=None), color=color, tooltip=tooltip)
    labels = base.mark_text(align="left", baseline="top", fontSize=layout.font, lineHeight=lh,
                            lineBreak="\n", limit=(layout.label_width - 12) if beside else plot_width).encode(
        x=alt.value(0),
        y=alt.Y("y_label:Q", axis=None, scale=alt.Scale(domain=[height, 0], nice=False, zero=False)),
        text="label:N", tooltip=tooltip)
    layers = [line, starts, ends, points, vague, arrows, labels]
    if top is None:
        return alt.layer(*layers).properties(width=layout.width, height=height)
    # the axis drawn twice, below and above: axes resolved per layer, the others drawing none
    return alt.layer(*layers, top).resolve_axis(x="independent").properties(width=layout.width, height=height)


def estimate_rows(est: pd.DataFrame, reference: pd.DataFrame | None = None,
                  reference_ids=(), x_max: float | None = None, reference_scope: bool = False) -> pd.DataFrame:
    """Rows for interval_chart from analysis.estimates(), with reference figures appended in grey.

    Each row is drawn from its low bound to its high bound; an open low side from 0, an open high
    side to the axis edge: ``x_max``, or 1.5 times the largest finite bound when none is given.
    With ``reference_scope`` each reference label also says what the reference figure counts.
    """
    from ..numbers import QUALIFIERS
    rows = est.copy()
    finite = pd.concat([rows["value_low"], rows["value_high"]]).dropna()
    edge = x_max if x_max is not None else (float(finite.max()) * 1.5 if len(finite) else 1.0)
    rows["draw_low"] = rows["value_low"].fillna(0.0)
    rows["draw_high"] = rows["value_high"].fillna(edge)
    rows["colour_key"] = rows["claimant_type"]
    rows["label"] = [f"{l}: {W.quote(f)}" for l, f in zip(rows["label"], rows["figure"])]
    rows["source"] = [f"{t} ({p}, {d})" for t, p, d in
                      zip(rows["source_title"], rows["source_publisher"], rows["published_date"])]
    keep = ["label", "draw_low", "draw_high", "open_high", "approximate", "is_point", "colour_key",
            "figure", "quote", "source", "claimant", "scope", "bounds", "dated", "claim_id"]
    rows = rows[keep]
    if reference is not None and len(reference_ids):
        ref = reference.set_index("reference_id").loc[list(reference_ids)].reset_index()
        edge = x_max if x_max is not None else float(rows["draw_high"].max())
        hedges = [QUALIFIERS[q] for q in ref["qualifier"]]  # read back from each figure by `make validate`
        refrows = pd.DataFrame({
            "label": [f"Reference: {p} ({y}): {W.quote(f)}" + (f"\n{sc}" if reference_scope else "")
                      for p, y, f, sc in zip(ref["producer"], ref["year"], ref["figure"], ref["scope"])],
            "draw_low": ref["value"],
            "draw_high": [h if h == h else (edge if q.open_high else v)
                          for v, h, q in zip(ref["value"], ref["value_high"], hedges)],
            "open_high": [(h != h) and q.open_high for h, q in zip(ref["value_high"], hedges)],
            "approximate": False,
            "colour_key": "reference (published elsewhere)",
            "figure": ref["figure"], "quote": ref["quote"],
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
    from ..analysis import figure_groups
    total = len(rows)
    if len(drawn) == total:
        return ""
    figures = figure_groups(rows).nunique()
    if figures > len(drawn):
        return (f" Drawn: the {len(drawn)} figures given most often, standing for {drawn['claims'].sum():,} of "
                f"{total:,} claims; " + ("the other is" if figures - len(drawn) == 1 else f"the {figures - len(drawn):,} others are")
                + " in the table.")
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


def split_label(text: str, chars: int) -> str:
    """An axis label wrapped to lines of ``chars`` characters, joined by '|' for `LINES_EXPR`."""
    return "|".join(wrap(str(text), chars))


LINES_EXPR = "split(datum.label, '|')"  # an axis label drawn as the lines `split_label` made


def bar_chart(df: pd.DataFrame, x: str, y: str, color: str, x_title: str,
              color_scale: alt.Scale, legend_title: str, tooltip: list | None = None,
              y_sort: list | None = None, row: int = 36) -> Figure:
    """Horizontal stacked bars with counts, legend above: wide, the row labels left of the bars
    (wrapped to their column); narrow, each row's label above its bar, the whole width, and the
    legend's words wrapped, so that nothing is drawn smaller to fit a phone."""
    def label_width(layout: Layout) -> int:
        return 250 if layout is WIDE else 0

    def build(layout: Layout) -> alt.LayerChart:
        lw = label_width(layout)
        lh = layout.font + 3
        chars = int((lw or layout.width) / (layout.font * 0.6))
        d = df.assign(row_label=[split_label(v, chars) for v in df[y]])  # tooltips keep the words whole
        sort = [split_label(v, chars) for v in y_sort] if y_sort else None
        legend = alt.Legend(symbolType="square")
        domain = list(color_scale.domain) if color_scale.domain is not alt.Undefined else sorted(set(df[color]))
        if not lw:  # the legend's words wrapped to the phone's width
            wrapped = {v: split_label(v, int((layout.width - 30) / (layout.font * 0.6))) for v in domain}
            d["legend_label"] = d[color].map(wrapped)
            color_scale_ = alt.Scale(domain=[wrapped[v] for v in domain], range=color_scale.range)
            legend = alt.Legend(symbolType="square", labelExpr=LINES_EXPR, labelLimit=layout.width)
            colour = alt.Color("legend_label:N", scale=color_scale_, title=legend_title, legend=legend)
        else:
            colour = alt.Color(f"{color}:N", scale=color_scale, title=legend_title, legend=legend)
        lines = max(len(v.split("|")) for v in d["row_label"])
        step = row if lw else lines * lh + 24
        yy = alt.Y("row_label:N", title=None, sort=sort, scale=alt.Scale(paddingInner=0.25 if lw else 0.55, paddingOuter=0.2 if lw else 0.6),
                   axis=alt.Axis(labelLimit=lw, labelExpr=LINES_EXPR, labelLineHeight=lh) if lw else None)
        bars = alt.Chart(d).mark_bar().encode(
            x=alt.X(f"sum({x}):Q", title=x_title, axis=alt.Axis(tickMinStep=1, format="d", orient="top")),
            y=yy, color=colour, order=alt.Order(f"{color}:N"), tooltip=tooltip or [],
        ).properties(width=layout.width - (lw + 10 if lw else 0), height=step * d[y].nunique())
        if lw:
            return bars
        labels = alt.Chart(d.drop_duplicates("row_label")).mark_text(
            align="left", baseline="bottom", dy=-(step * 0.55 / 2) + 2, lineBreak="|", lineHeight=lh,
            fontSize=layout.font).encode(x=alt.value(0), y=alt.Y("row_label:N", sort=sort, axis=None),
                                         text="row_label:N")
        return alt.layer(bars, labels)
    return Figure.of(build, left=lambda layout: label_width(layout) + 10 if label_width(layout) else 0)


def heatmap(df: pd.DataFrame, x: str, y: str, value: str, text: str, x_title: str,
            legend_title: str, y_sort: list | None = None, x_sort: list | None = None,
            fmt: str = ".0%", cell: int = 22, tooltip: list | None = None) -> Figure:
    """A grid of cells (single-hue blue, colour-blind safe) with the value printed in each; the
    column labels horizontal, over as many lines as they need, the row labels wrapped."""
    def row_width_of(layout: Layout) -> int:
        return 300 if layout is WIDE else 100

    def build(layout: Layout) -> alt.LayerChart:
        row_width = row_width_of(layout)
        n_x, n_y = df[x].nunique(), df[y].nunique()
        col = min(110, max(cell if layout is WIDE else 24, (layout.width - row_width - 10) // max(n_x, 1)))
        upright = col >= 60  # column labels across, over as many lines as they need; else read upwards
        col_chars = max(4, int((col - 4) / (layout.font * 0.6))) if upright else 1000
        d = df.assign(col_label=[split_label(v, col_chars) for v in df[x]],  # tooltips keep the words whole
                      row_label=[split_label(v, int(row_width / (layout.font * 0.6))) for v in df[y]])
        xs = [split_label(v, col_chars) for v in x_sort] if x_sort else None
        ys = [split_label(v, int(row_width / (layout.font * 0.6))) for v in y_sort] if y_sort else None
        base = alt.Chart(d).encode(
            x=alt.X("col_label:N", title=x_title, sort=xs,
                    axis=alt.Axis(labelAngle=0 if upright else -90, labelExpr=LINES_EXPR,
                                  labelLimit=col if upright else 140, orient="bottom",
                                  labelAlign=alt.Undefined if upright else "right",
                                  labelBaseline=alt.Undefined if upright else "middle",
                                  labelLineHeight=layout.font + 2)),
            y=alt.Y("row_label:N", title=None, sort=ys,
                    axis=alt.Axis(labelLimit=row_width, labelExpr=LINES_EXPR, labelLineHeight=layout.font + 2)),
            tooltip=tooltip or [])
        rect = base.mark_rect(stroke="white", strokeWidth=1).encode(
            color=alt.Color(f"{value}:Q", title=legend_title,
                            scale=alt.Scale(scheme="blues", domainMin=0),
                            # on a phone each cell's printed value says it: no legend to squeeze in
                            legend=alt.Legend(format=fmt, orient="top", direction="horizontal", gradientLength=200)
                            if upright else None))
        label = base.mark_text(fontSize=layout.font if upright else 11).encode(
            text=f"{text}:N",
            color=alt.condition(f"datum.{value} > 0.6 * 1", alt.value("white"), alt.value(TEXT)))
        lines = max(len(str(v).split("|")) for v in d["row_label"])
        return alt.layer(rect, label).properties(width=col * n_x, height=max(cell, (layout.font + 2) * lines + 8) * n_y)
    return Figure.of(build, left=lambda layout: row_width_of(layout) + 10)


# --- The charts of the eight analyses -----------------------------------------------------------

def _by_document(claims: pd.DataFrame, sources: pd.DataFrame) -> tuple[pd.Series, str]:
    """What a chart of documents has as rows or columns: each document, by its label; beyond
    MAX_DOCUMENTS documents, each kind of document ("news report (1,234 documents)"). Returns the
    label of every claim and the title of the axis."""
    from ..analysis import source_labels
    ids = claims["source_id"]
    if ids.nunique() <= MAX_DOCUMENTS:
        return pd.Series(source_labels(ids, sources), index=claims.index), "Document"
    kind = ids.map(sources.set_index("source_id")["document_type"])
    n = ids.groupby(kind).nunique()
    return kind.map({k: f"{k} ({v:,} documents)" for k, v in n.items()}), "Kind of document"


# in the order of package.ATTRIBUTIONS
ATTRIBUTION_COLORS = [OKABE_ITO["black"], OKABE_ITO["sky blue"], OKABE_ITO["vermillion"], OKABE_ITO["reddish purple"]]


def inventory_chart(claims: pd.DataFrame, sources: pd.DataFrame) -> Figure:
    """Claims per document, stacked by how the document attributes them (beyond MAX_DOCUMENTS: per
    kind of document)."""
    df = claims.assign(attributed=claims["attribution"].map(ATTRIBUTIONS))
    df = df.groupby(["source_id", "attributed"]).size().rename("claims").reset_index()
    df["document"], axis = _by_document(df, sources)
    if axis != "Document":
        df = df.groupby(["document", "attributed"])["claims"].sum().reset_index()
    order = (df.groupby("document")["claims"].sum().sort_values(ascending=False, kind="mergesort").index.tolist())
    scale = alt.Scale(domain=list(ATTRIBUTIONS.values()), range=ATTRIBUTION_COLORS)
    return bar_chart(df, "claims", "document", "attributed", "Figures printed (claims)", scale, "Whose figure it is",
                     tooltip=[alt.Tooltip("document:N", title=axis),
                              alt.Tooltip("attributed:N", title="Whose figure"),
                              alt.Tooltip("claims:Q", title="Claims")],
                     y_sort=order)


def provenance_chart(summary: pd.DataFrame, sources: pd.DataFrame) -> Figure:
    """Share of each document's claims that pass each provenance check (beyond MAX_DOCUMENTS
    documents: of each kind of document's claims)."""
    from ..analysis import PROVENANCE_CHECKS
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
                    x_min: float | None = None) -> Figure:
    """interval_chart for estimate_rows(), with the verbatim quote and document in the tooltip."""
    return interval_chart(rows, x_title, x_max=x_max, log=log, x_min=x_min, tooltip=TOOLTIP)


def konasheher_chart(steps: pd.DataFrame, rates: pd.DataFrame, claimed_by: str = "") -> Figure:
    """Two panels: the counts implied step by step (bars), and the rates per 100,000 (dots, log scale).

    ``steps`` and ``rates``: rows with label, value and kind (claimed, derived or reference), drawn
    in that order, each label printed above its mark. ``claimed_by`` names the claimant in the
    legend ("claimed (HRN)"). Derived values are drawn hollow; reference values grey.
    """
    claimed = f"claimed ({claimed_by})" if claimed_by else "claimed"
    names = {"claimed": claimed, "derived": "derived here", "reference": "reference (published elsewhere)"}
    colour = alt.Color("key:N", title=None, legend=alt.Legend(symbolType="square"), scale=alt.Scale(
        domain=list(names.values()),
        range=[CLAIMANT_TYPE_COLORS["NGO"], CLAIMANT_TYPE_COLORS["derived by this project"], REFERENCE_GREY]))
    fill = alt.condition("datum.kind == 'derived'", alt.value("white"), colour)
    tooltip = [alt.Tooltip("label:N", title="what"), alt.Tooltip("value:Q", title="value", format=",.0f"),
               alt.Tooltip("key:N", title="kind")]

    def panel(df: pd.DataFrame, x_title: str, log: bool, layout: Layout) -> alt.LayerChart:
        df = df.reset_index(drop=True).assign(key=[names[k] for k in df["kind"]])
        df["label"] = ["\n".join(wrap(str(l), layout.label_chars)) for l in df["label"]]
        lines = [l.count("\n") + 1 for l in df["label"]]
        lh, beside = layout.font + 3, layout.label_width > 0
        tops, y = [], 4
        for n in lines:
            tops.append(y)
            y += lh * n + (12 if beside else 22)
        df["y_label"] = tops
        df["y_mark"] = [t + (lh * n / 2 if beside else lh * n + 6) for t, n in zip(tops, lines)]
        height = y - 4
        scale = (alt.Scale(type="log", domain=[50, 50_000], clamp=True) if log
                 else alt.Scale(domain=[0, float(df["value"].max()) * 1.05], nice=False))
        scale.range = [layout.label_width, layout.width]  # the labels' column, then the marks
        x = alt.X("value:Q", scale=scale, axis=alt.Axis(title=x_title, format=",.0f", grid=True, labelFlush=True,
                                                        tickCount=4 if not log else alt.Undefined,
                                                        values=[100, 1_000, 10_000] if log else alt.Undefined))
        base = alt.Chart(df).encode(y=alt.Y("y_mark:Q", axis=None, scale=alt.Scale(domain=[height, 0])),
                                    tooltip=tooltip)
        if log:
            marks = base.mark_point(size=70, strokeWidth=2, opacity=1).encode(x=x, color=colour, fill=fill)
        else:
            marks = base.mark_bar(height=12, strokeWidth=1.5).encode(x=x, x2=alt.datum(0), color=colour,
                                                                     fill=fill, stroke=colour)
        labels = base.mark_text(align="left", baseline="top", fontSize=layout.font, lineHeight=lh, lineBreak="\n",
                                limit=layout.label_width - 12 if beside else layout.width).encode(
            x=alt.value(0), y=alt.Y("y_label:Q", axis=None, scale=alt.Scale(domain=[height, 0])), text="label:N")
        return alt.layer(marks, labels).properties(width=layout.width, height=height)

    return Figure.of(lambda layout: alt.vconcat(panel(steps, "People", False, layout),
                                                panel(rates, "People per 100,000 (log scale)", True, layout),
                                                spacing=18))


# The verdicts the discrepancy chart draws, as the report's text counts them: the pairs that are
# different but compatible are left to notebook 07's table.
DRAWN_VERDICTS = [v for v in VERDICTS if v != "compatible"]


def discrepancy_chart(summary: pd.DataFrame) -> Figure:
    """Pairs of documents whose figures differ, per measure and subject, by verdict: the verdicts
    of `DRAWN_VERDICTS` (the compatible pairs are not drawn, as the report does not count them)."""
    df = summary.drop(columns="pairs").melt(id_vars=["measure", "subject", "component", "unit"],
                      value_vars=DRAWN_VERDICTS, var_name="verdict", value_name="pairs")
    df["what"] = [f"{m.replace('_', ' ')}: {s.replace('_', ' ')}" for m, s in zip(df["measure"], df["subject"])]
    labels = {"conflicting": "conflicting: same thing, no value fits both",
              "comparable with a caveat": "comparable with a caveat: a part, an overlap or an unknown date",
              "edge": "differ only at a bound or by rounding",
              "not comparable": "not comparable: different things or periods"}
    df["verdict"] = df["verdict"].map(labels)
    df = df[df["pairs"] > 0]
    drawn = set(df["what"])
    order = [w for w in (f"{m.replace('_', ' ')}: {s.replace('_', ' ')}"
                         for m, s in zip(summary["measure"], summary["subject"])) if w in drawn]
    scale = alt.Scale(domain=list(labels.values()),
                      range=[OKABE_ITO["vermillion"], OKABE_ITO["reddish purple"], OKABE_ITO["orange"],
                             OKABE_ITO["black"]])
    return bar_chart(df, "pairs", "what", "verdict", "Pairs of claims from different documents", scale, "Verdict",
                     tooltip=[alt.Tooltip("what:N", title="Measure: subject"), alt.Tooltip("verdict:N", title="Verdict"),
                              alt.Tooltip("pairs:Q", title="Pairs")], y_sort=order, row=44)


# The colour of each lane of `analysis.timeline`, in its order.
TIMELINE_KINDS = dict(zip(TIMELINE_LANES, [OKABE_ITO["blue"], OKABE_ITO["sky blue"], OKABE_ITO["vermillion"],
                                           OKABE_ITO["black"], REFERENCE_GREY], strict=True))


def timeline_counts_chart(rows: pd.DataFrame) -> Figure:
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


def timeline_chart(rows: pd.DataFrame, start: str = "2013-07-01", end: str = "2022-12-31") -> Figure:
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
        rows, "Date", temporal=True, x_min=start, x_max=end, row_height=8,
        wide=dataclasses.replace(WIDE, width=1000, label_width=560),  # a long list: wider, not taller
        color_field="lane", legend_title="What is dated",
        color_scale=alt.Scale(domain=list(TIMELINE_KINDS), range=list(TIMELINE_KINDS.values())),
        tooltip=[alt.Tooltip("what:N", title="What"), alt.Tooltip("date_text:N", title="Date as known"),
                 alt.Tooltip("quote:N", title="Verbatim quote"), alt.Tooltip("document:N", title="Document"),
                 alt.Tooltip("basis:N", title="Date basis")],
        )


def origins_chart(summary: pd.DataFrame) -> Figure:
    """Notebook 09: per subject, the figures the documents print against the original producers
    behind them (`analysis.origin_summary`), as a dumbbell: a line from producers to printed figures,
    drawn for each width (`Figure`)."""
    df = summary.melt(id_vars=["subject"], value_vars=["printed", "producers"], var_name="what", value_name="count")
    kinds = ["figures printed in the documents", "named producers behind them"]
    df["what"] = df["what"].map(dict(zip(["printed", "producers"], kinds)))
    order = summary["subject"].tolist()

    def build(layout: Layout) -> alt.LayerChart:
        label = layout.label_width // 3 if layout.label_width else 0
        if label:  # wide: the subjects beside their rows
            axis = alt.Axis(labelLimit=label, labelFontSize=layout.font)
        else:  # narrow: each subject inside the plot, above its row, so the chart keeps the phone's width
            axis = alt.Axis(labelAlign="left", labelBaseline="bottom", labelPadding=-2, labelOffset=-12,
                            labelFontSize=layout.font, ticks=False, domain=False, labelLimit=layout.width)
        y = alt.Y("subject:N", sort=order, title=None, axis=axis, scale=alt.Scale(paddingOuter=0.6))
        x = alt.X("count:Q", title="Count", axis=alt.Axis(tickMinStep=1, format="d", labelFontSize=layout.font,
                                                          titleFontSize=layout.font))
        span = alt.Chart(summary).mark_rule(color="#9A9A9A", strokeWidth=2).encode(
            y=y, x=alt.X("producers:Q", title="Count"), x2="printed:Q")
        dots = alt.Chart(df).mark_point(size=110 if layout is WIDE else 80, filled=True, opacity=1).encode(
            y=y, x=x,
            color=alt.Color("what:N", title=None, scale=alt.Scale(domain=kinds, range=[OKABE_ITO["blue"],
                                                                                      OKABE_ITO["vermillion"]]),
                            legend=alt.Legend(orient="top", direction="vertical", labelFontSize=layout.font)),
            shape=alt.Shape("what:N", title=None, scale=alt.Scale(domain=kinds, range=["circle", "diamond"])),
            tooltip=[alt.Tooltip("subject:N", title="Subject"), alt.Tooltip("what:N", title="What"),
                     alt.Tooltip("count:Q", title="Count")])
        return (span + dots).properties(width=layout.width - label - (10 if label else 0), height=(44 if label else 56) * len(order))

    # the subject labels sit left of the plot: the title and source line start where they do
    return Figure.of(build, left=lambda layout: layout.label_width // 3 + 10 if layout.label_width else 0)
