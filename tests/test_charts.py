"""The shared chart theme and the deterministic, self-contained chart files."""
from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from claimtrace import analysis as A, charts as C
from claimtrace.charts import save as chart_save
from claimtrace.load import load

from conftest import FIXTURE_DATA


@pytest.fixture(scope="module")
def ds():
    """The frozen fixture package (tests/fixtures/README.md)."""
    return load(FIXTURE_DATA)


def small_chart() -> alt.VConcatChart:
    rows = pd.DataFrame({
        "order": [0, 1], "label": ["A · doc: “1 million”", "B · doc: “more than one million”"],
        "draw_low": [1e6, 1e6], "draw_high": [1e6, 2e6], "open_high": [False, True],
        "approximate": [True, False], "is_point": [True, False],
        "colour_key": ["NGO", "researcher"], "figure": ["1 million", "more than one million"],
        "quote": ["q1", "q2"], "source": ["s1", "s2"], "claimant": ["A", "B"], "scope": ["x", "y"],
        "dated": ["2019", "2022"], "claim_id": ["a", "b"],
    })
    chart = C.interval_chart(rows, "People", x_max=2e6, tooltip=C.TOOLTIP)
    return C.finish(chart, "A title that states the finding", "Subtitle. Unit: people.", "Documents: test.")


def test_theme_is_registered_and_enabled():
    assert alt.theme.active == "claimtrace"
    cfg = C.theme()["config"]
    assert cfg["font"] == C.FONT and cfg["title"]["anchor"] == "start"


def test_palette_is_okabe_ito_and_reference_is_grey():
    okabe = set(C.OKABE_ITO.values())
    for kind, colour in C.CLAIMANT_TYPE_COLORS.items():
        if kind in ("derived by this project", "reference (published elsewhere)"):
            continue
        assert colour in okabe, kind
    assert C.CLAIMANT_TYPE_COLORS["reference (published elsewhere)"] == C.REFERENCE_GREY
    assert len(set(C.CLAIMANT_TYPE_COLORS.values())) == len(C.CLAIMANT_TYPE_COLORS)


def test_finish_adds_title_subtitle_and_source_line():
    spec = small_chart().to_dict()
    title = spec["title"]
    assert " ".join(title["text"]) == "A title that states the finding"
    assert " ".join(title["subtitle"]).endswith("Unit: people.")
    footer = spec["vconcat"][1]
    assert footer["mark"]["type"] == "text"
    data = spec["datasets"][footer["data"]["name"]]
    assert data[0]["line"] == "Documents: test."


def test_wrap_respects_width():
    lines = C.wrap("word " * 40, 30)
    assert all(len(l) <= 30 for l in lines) and len(lines) > 1


def test_open_ended_rows_are_drawn_dashed_with_an_arrow():
    spec = small_chart().to_dict()
    layers = spec["vconcat"][0]["layer"]
    rule = next(l for l in layers if l["mark"]["type"] == "rule")
    dash = rule["encoding"]["strokeDash"]["scale"]
    assert dash["range"][dash["domain"].index("open: no upper bound given")] != [1, 0]
    arrows = [l for l in layers if l["mark"].get("shape") == "triangle-right"]
    assert arrows and "datum.open_high" in str(arrows[0]["transform"])


def test_tooltips_carry_the_verbatim_quote():
    spec = small_chart().to_dict()
    rule = next(l for l in spec["vconcat"][0]["layer"] if l["mark"]["type"] == "rule")
    assert {"field": "quote", "type": "nominal", "title": "Verbatim quote"} in rule["encoding"]["tooltip"]


def test_estimate_rows_append_references_in_grey(ds):
    est = A.estimates(ds.claims, ds.sources)
    upto = ds.reference[ds.reference["reference_id"] == "zenz_jul_2019"].assign(
        reference_id="up_to", figure="up to 1.5 million", value=float("nan"), value_high=1.5e6, qualifier="up to")
    ref = pd.concat([ds.reference, upto], ignore_index=True)
    rows = C.estimate_rows(est, ref, ["chrd_2018", "up_to", "aspi_2020_facilities"], x_max=3.5e6)
    claims = rows[rows["colour_key"] != "reference (published elsewhere)"]
    assert (claims.loc[claims["open_high"], "draw_high"] == 3.5e6).all()  # open sides: to the axis edge
    assert (claims.loc[~claims["open_high"], "draw_high"] <= 3e6).all()
    refs = rows[rows["colour_key"] == "reference (published elsewhere)"]
    assert len(refs) == 3 and refs["label"].str.startswith("Reference:").all()
    assert rows["order"].tolist() == list(range(len(rows)))
    z = refs.set_index("claim_id")
    assert (z.loc["chrd_2018", "draw_low"], z.loc["chrd_2018", "draw_high"]) == (2_000_000, 3_000_000)
    assert z.loc["up_to", "draw_low"] == 0  # "up to 1.5 million": drawn from zero
    assert z.loc["aspi_2020_facilities", "open_high"]  # "over 380": open, drawn to the edge
    assert z.loc["aspi_2020_facilities", "draw_high"] == 3.5e6
    assert not z.loc["chrd_2018", "open_high"] and not z.loc["up_to", "open_high"]
    assert z.loc["chrd_2018", "quote"].startswith("may have possibly reached")  # the producer's words, not a paraphrase


def test_estimate_rows_without_an_axis_edge_draw_open_sides_past_the_largest_bound(ds):
    est = A.estimates(ds.claims, ds.sources, "detention_facilities")  # more than 500, more than 1,000
    rows = C.estimate_rows(est)
    assert rows["draw_high"].tolist() == [1500.0, 1500.0] and rows["draw_low"].tolist() == [500.0, 1000.0]


def test_collapse_note_says_what_was_collapsed():
    rows = pd.DataFrame({"claimant": ["a", "a", "b", "c"], "value_low": [1.0, 1.0, 2.0, 3.0],
                         "source_id": ["s1", "s2", "s1", "s1"], "document": ["d"] * 4, "label": ["l"] * 4,
                         "reported_via": [""] * 4, "claim_date": [""] * 4})
    assert C.collapse_note(rows, A.at_most(rows, 4)) == ""
    assert C.collapse_note(rows, A.at_most(rows, 3)) == " 4 claims, drawn as 3 rows: one per claimant and figure, with its count."
    assert C.collapse_note(rows, A.at_most(rows, 2)) == (
        " Drawn: the 2 figures given most often, standing for 3 of 4 claims; the other is in the table.")


def test_konasheher_chart_names_the_claimant_and_draws_derived_values_hollow():
    steps = pd.DataFrame({"label": ["a", "b"], "value": [10.0, 5.0], "kind": ["claimed", "derived"]})
    rates = pd.DataFrame({"label": ["c"], "value": [100.0], "kind": ["reference"]})
    spec = C.konasheher_chart(steps, rates, claimed_by="AG").to_dict()
    top = spec["vconcat"][0]["layer"][0]
    assert top["mark"]["type"] == "bar"
    colour = top["encoding"]["color"]["scale"]
    assert colour["domain"][0] == "claimed (AG)"
    assert top["encoding"]["fill"]["condition"]["test"] == "datum.kind == 'derived'"
    assert top["encoding"]["fill"]["condition"]["value"] == "white"
    bottom = spec["vconcat"][1]["layer"][0]
    assert bottom["mark"]["type"] == "point" and bottom["encoding"]["x"]["scale"]["type"] == "log"


def test_save_chart_writes_its_files_and_is_deterministic(tmp_path, monkeypatch):
    monkeypatch.delenv(chart_save.RENDER_CACHE, raising=False)  # both drawn, neither taken from the render cache
    chart = small_chart()
    paths = C.save_chart(chart, "t", tmp_path / "a", "Alt text.")
    assert sorted(p.name for p in paths) == ["t.alt.txt", "t.html", "t.narrow.vl.json", "t.png", "t.svg", "t.vl.json"]
    chart_save.font_subset.cache_clear()  # the SVG's font is subset afresh: no timestamp in it
    C.save_chart(small_chart(), "t", tmp_path / "b", "Alt text.")
    for p in paths:
        assert p.read_bytes() == (tmp_path / "b" / p.name).read_bytes(), p.name
    html = (tmp_path / "a" / "t.html").read_text()
    # works offline: the only script it loads is the Vega bundle written beside it
    assert html.count("<script src=") == 1 and '<script src="vega-embed.js">' in html
    assert "cdn.jsdelivr" not in html and (tmp_path / "a" / "vega-embed.js").is_file()
    assert "A title that states the finding" in (tmp_path / "a" / "t.svg").read_text()
    assert (tmp_path / "a" / "t.alt.txt").read_text() == "Alt text.\n"
    spec = json.loads((tmp_path / "a" / "t.vl.json").read_text(encoding="utf-8"))
    assert spec == small_chart().wide.properties(description="Alt text.").to_dict()  # the spec drawn, for the report
    narrow = json.loads((tmp_path / "a" / "t.narrow.vl.json").read_text(encoding="utf-8"))
    assert narrow == small_chart().narrow.properties(description="Alt text.").to_dict()  # for phones


def test_saved_svg_embeds_the_font_its_text_needs(tmp_path):
    """The SVG carries, as @font-face data URLs, DejaVu Sans fonts (regular and bold) that fontTools
    opens, with their licence, and a glyph for every character its text shows. (Saving twice gives
    the same bytes, font included: test_save_chart_writes_its_files_and_is_deterministic.)"""
    import base64
    import io
    import re
    import xml.etree.ElementTree as ET
    from fontTools.ttLib import TTFont

    C.save_chart(small_chart(), "t", tmp_path, "Alt text.")
    svg = (tmp_path / "t.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    style = root.find("{http://www.w3.org/2000/svg}style").text
    faces = re.findall(r'@font-face\{font-family:"DejaVu Sans";[^}]*font-weight:(\w+);'
                       r'src:url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)', style)
    assert sorted(weight for weight, _ in faces) == ["bold", "normal"]
    fonts = {weight: TTFont(io.BytesIO(base64.b64decode(data, validate=True))) for weight, data in faces}
    for font in fonts.values():
        assert font["name"].getDebugName(1) == "DejaVu Sans" and "Bitstream" in font["name"].getDebugName(13)
    texts = list(root.iter("{http://www.w3.org/2000/svg}text"))
    assert any(t.get("font-weight") == "bold" for t in texts)  # the title
    for text in texts:
        font = fonts["bold" if text.get("font-weight") == "bold" else "normal"]
        shown = "".join(text.itertext())
        assert shown and all(ord(ch) in font.getBestCmap() for ch in shown), shown


def test_charts_are_drawn_for_each_width_and_the_png_for_print(tmp_path):
    """The wide rendering is a desktop's (labels beside the marks), the narrow one a phone's
    (labels above them, text of at least 11 px); the PNG is at least 1,600 px wide."""
    from PIL import Image
    figure = small_chart()
    wide, narrow = figure.wide.to_dict(), figure.narrow.to_dict()
    assert wide["vconcat"][0]["width"] == C.WIDE.width and narrow["vconcat"][0]["width"] == C.NARROW.width
    labels = [next(l for l in s["vconcat"][0]["layer"] if l["mark"]["type"] == "text") for s in (wide, narrow)]
    assert labels[0]["mark"]["fontSize"] > labels[1]["mark"]["fontSize"] >= 11
    rule = next(l for l in wide["vconcat"][0]["layer"] if l["mark"]["type"] == "rule")
    assert rule["encoding"]["x"]["scale"]["range"] == [C.WIDE.label_width, C.WIDE.width]  # labels beside
    C.save_chart(figure, "t", tmp_path, "Alt text.")
    with Image.open(tmp_path / "t.png") as png:
        assert png.width >= C.MIN_PNG_WIDTH and png.height <= 1.6 * png.width


def test_open_ranges_reach_the_axis_end_and_vague_ones_get_their_diamond():
    rows = pd.DataFrame({
        "order": [0, 1], "label": ["a", "b"], "draw_low": [20_000.0, 2_800.0], "draw_high": [30_000.0, 4_000.0],
        "open_high": [True, True], "approximate": [True, False], "is_point": [False, False],
        "colour_key": ["NGO", "NGO"], "figure": ["tens of thousands", "over 2,800"],
    })
    spec = C.interval_chart(rows, "Count", x_max=150_000, log=True, x_min=1_000).wide.to_dict()
    data = next(iter(spec["datasets"].values()))
    assert [r["draw_high"] for r in data] == [150_000, 150_000]  # to the axis end, not 1.5 times the bound
    diamonds = [l for l in spec["layer"] if l["mark"].get("shape") == "diamond"]
    assert diamonds and "datum.approximate" in str(diamonds[0]["transform"])


# ---------------------------------------------------------------- the render cache

def _count_drawings(monkeypatch) -> list[int]:
    """How many times vl-convert draws a chart from now on (a list of one count)."""
    import vl_convert as vlc
    drawn, draw = [0], vlc.vegalite_to_svg

    def counted(*args, **kwargs):
        drawn[0] += 1
        return draw(*args, **kwargs)
    monkeypatch.setattr(vlc, "vegalite_to_svg", counted)
    return drawn


def test_a_chart_from_the_render_cache_is_byte_for_byte_a_fresh_drawing(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv(chart_save.RENDER_CACHE, str(cache))
    drawn = _count_drawings(monkeypatch)
    first = C.save_chart(small_chart(), "t", tmp_path / "first", "Alt text.")
    assert drawn == [1] and sorted(p.suffix for p in cache.iterdir()) == [".png", ".svg"]
    cached = C.save_chart(small_chart(), "t", tmp_path / "cached", "Alt text.")
    assert drawn == [1], "the same chart was drawn again"
    monkeypatch.delenv(chart_save.RENDER_CACHE)
    chart_save.font_subset.cache_clear()
    fresh = C.save_chart(small_chart(), "t", tmp_path / "fresh", "Alt text.")
    assert drawn == [2] and not list(cache.glob(".*"))  # no cache: drawn; no temporary file left in the cache
    for p in first:
        assert p.read_bytes() == (tmp_path / "cached" / p.name).read_bytes() == (tmp_path / "fresh" / p.name).read_bytes(), p.name
    assert (cached.svg, cached.png, cached.width) == (fresh.svg, fresh.png, fresh.width)  # what the notebook shows


def test_the_vega_bundle_from_the_render_cache_is_the_fresh_one(tmp_path, monkeypatch):
    import vl_convert as vlc
    fresh = chart_save.vega_bundle()  # built by vl-convert in this process (or by the test before)
    built = []
    monkeypatch.setattr(vlc, "javascript_bundle", lambda **kwargs: built.append(kwargs) or fresh)
    monkeypatch.setenv(chart_save.RENDER_CACHE, str(tmp_path / "cache"))
    try:
        chart_save.vega_bundle.cache_clear()
        assert chart_save.vega_bundle() == fresh and len(built) == 1  # not in the cache: built, and kept
        assert [p.name for p in (tmp_path / "cache").iterdir()] == [chart_save.bundle_name()]
        chart_save.vega_bundle.cache_clear()
        assert chart_save.vega_bundle() == fresh and len(built) == 1  # from the cache, byte for byte
    finally:
        chart_save.vega_bundle.cache_clear()


def test_the_vega_bundle_is_kept_by_vl_convert_and_vega_lite_versions(monkeypatch):
    import vl_convert as vlc
    from altair.utils import _importers
    before = chart_save.bundle_name()
    monkeypatch.setattr(vlc, "__version__", vlc.__version__ + ".post1")
    assert chart_save.bundle_name() != before
    monkeypatch.undo()
    other = next(v for v in vlc.get_vegalite_versions() if f"v{v.replace('.', '_')}" != _importers.vl_version_for_vl_convert())
    monkeypatch.setattr(_importers, "vl_version_for_vl_convert", lambda: f"v{other.replace('.', '_')}")
    assert chart_save.bundle_name() != before


def _change_vl_convert(monkeypatch, tmp_path):
    import vl_convert as vlc
    monkeypatch.setattr(vlc, "__version__", vlc.__version__ + ".post1")


def _change_pillow(monkeypatch, tmp_path):
    import PIL
    monkeypatch.setattr(PIL, "__version__", PIL.__version__ + ".post1")


def _change_fonttools(monkeypatch, tmp_path):
    import fontTools
    monkeypatch.setattr(fontTools, "version", fontTools.version + ".post1")


def _change_png_width(monkeypatch, tmp_path):
    monkeypatch.setattr(chart_save, "MIN_PNG_WIDTH", chart_save.MIN_PNG_WIDTH + 1)


def _change_a_font_file(monkeypatch, tmp_path):
    import shutil
    fonts = tmp_path / "fonts"
    shutil.copytree(chart_save.font_dir(), fonts)
    (fonts / "DejaVuSans.ttf").write_bytes((fonts / "DejaVuSans.ttf").read_bytes() + b"\0")
    monkeypatch.setattr(chart_save, "font_dir", lambda: fonts)


def _change_the_source(monkeypatch, tmp_path):
    source = tmp_path / "save.py"
    source.write_text(Path(chart_save.__file__).read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    monkeypatch.setattr(chart_save, "__file__", str(source))


KEY_INPUTS = {"vl-convert's version": _change_vl_convert, "Pillow's version": _change_pillow,
              "fontTools' version": _change_fonttools, "the PNG's minimum width": _change_png_width,
              "a font file's bytes": _change_a_font_file, "save.py's source": _change_the_source}


@pytest.fixture(scope="module")
def small_spec() -> dict:
    return small_chart().wide.to_dict()


@pytest.mark.parametrize("changed", list(KEY_INPUTS))
def test_a_changed_input_of_the_drawing_misses_the_render_cache(changed, small_spec, tmp_path, monkeypatch):
    spec = small_spec
    chart_save._render_inputs.cache_clear()
    before = chart_save.render_key(spec)
    KEY_INPUTS[changed](monkeypatch, tmp_path)
    chart_save._render_inputs.cache_clear()
    try:
        assert chart_save.render_key(spec) != before
    finally:
        monkeypatch.undo()
        chart_save._render_inputs.cache_clear()
    assert chart_save.render_key(spec) == before  # and nothing else changes it


def test_a_changed_spec_misses_the_render_cache(small_spec, tmp_path, monkeypatch):
    monkeypatch.setenv(chart_save.RENDER_CACHE, str(tmp_path / "cache"))
    drawn = _count_drawings(monkeypatch)
    spec = small_spec
    changed = json.loads(json.dumps(spec).replace("A title that states the finding", "Another title"))
    svg, _ = chart_save.render(spec)
    assert chart_save.render(spec)[0] == svg and drawn == [1]
    assert "Another title" in chart_save.render(changed)[0] and drawn == [2]
    assert len(list((tmp_path / "cache").glob("*.svg"))) == 2


def test_save_chart_requires_alt_text(tmp_path):
    with pytest.raises(ValueError, match="alt text"):
        C.save_chart(small_chart(), "t", tmp_path, "  ")


@pytest.mark.live
def test_every_published_png_is_wide_enough_for_print_and_no_strip():
    """figures/ as `make` built it: every PNG at least 1,600 px wide, at most 1.6 times as tall."""
    from PIL import Image
    from conftest import ROOT
    pngs = sorted((ROOT / "figures").glob("*.png"))
    assert pngs
    for png in pngs:
        with Image.open(png) as image:
            assert image.width >= C.MIN_PNG_WIDTH and image.height <= 1.6 * image.width, (png.name, image.size)
