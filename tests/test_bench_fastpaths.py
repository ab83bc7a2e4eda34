"""The fast paths the benchmark led to give exactly what the slow ones gave.

- validation's fast schema pass accepts nothing Frictionless refuses, and its mention scan finds
  exactly what numbers.find_mentions finds;
- a chart is drawn once: the PNG rasterised from the SVG is what Vega draws, made smaller without
  a visible change, and the HTML page draws the same spec with the bundle beside it.
"""
from __future__ import annotations

import io
import json
import random

import pytest
from hypothesis import given, settings, strategies as st

from claimtrace import validate as V
from claimtrace.numbers import find_mentions
from claimtrace.package import read_package
from conftest import FIXTURE_DATA, LIVE_DATA, read_rows, set_cell, write_rows


# ---------------------------------------------------------------- mentions

mention_text = st.lists(st.sampled_from(list("oneTwOthReEsixtyNINE ,._-0123456789\n")
                                        + ["one", "Tens", "hundreds", "ſix", "K", "é", "ı", "ß", "dozen",
                                           "million", "thousand", "2,800", "12.5"]),
                        max_size=30).map("".join)


@given(mention_text)
@settings(max_examples=2000, deadline=None)
def test_scan_mentions_is_find_mentions(text):
    assert V.scan_mentions(text) == find_mentions(text)


@pytest.mark.parametrize("data", [FIXTURE_DATA, pytest.param(LIVE_DATA, marks=pytest.mark.live)], ids=["fixture", "live"])
def test_scan_mentions_on_the_archived_sources(data):
    for path in sorted((data / "sources").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert V.scan_mentions(text) == find_mentions(text), path.name


# ---------------------------------------------------------------- schema fast pass

def _frictionless_ok(pkg) -> bool:
    return not V._schema_problems(pkg)


@pytest.mark.parametrize("data", [FIXTURE_DATA, pytest.param(LIVE_DATA, marks=pytest.mark.live)], ids=["fixture", "live"])
def test_fast_pass_accepts_the_shipped_data(data):
    pkg = read_package(data)
    assert V._schema_fast_ok(pkg) and _frictionless_ok(pkg)


def _cell_values(field: dict) -> list[str]:
    c = field.get("constraints", {})
    values = ["", "x", "Not Valid!", "1", "1.5", "1e3", "NaN", "-2", " 3", "2019-11-16", "2019-13-40",
              "2019", "2019-11", "a_b", "a-b-1", "0" * 64]
    values += list(c.get("enum", []))[:3]
    return values


@pytest.mark.parametrize("seed", range(3))
def test_fast_pass_never_accepts_what_frictionless_refuses(data_copy, seed):
    """Random single-cell edits: if the fast pass accepts the tables, so does Frictionless."""
    rng = random.Random(seed)
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    refused = 0
    for _ in range(8):
        res = rng.choice(descriptor["resources"])
        path = data_copy / res["path"]
        rows = read_rows(path)
        field = rng.choice(res["schema"]["fields"])
        row = rng.randrange(1, len(rows))
        old = rows[row][rows[0].index(field["name"])]
        value = rng.choice(_cell_values(field) + [rows[rng.randrange(1, len(rows))][rows[0].index(field["name"])]])
        set_cell(path, row + 1, field["name"], value)
        pkg = read_package(data_copy)
        fast, slow = V._schema_fast_ok(pkg), _frictionless_ok(pkg)
        assert not fast or slow, (res["name"], field["name"], value)
        refused += not slow
        set_cell(path, row + 1, field["name"], old)
    assert refused, "no edit was a fault: the test tested nothing"


def test_fast_pass_refuses_blank_rows_duplicates_and_dangling_keys(data_copy):
    path = data_copy / "events.csv"
    rows = read_rows(path)
    write_rows(path, rows + [[""] * len(rows[0])])
    assert not V._schema_fast_ok(read_package(data_copy))
    write_rows(path, rows + [rows[1]])  # a duplicate id
    assert not V._schema_fast_ok(read_package(data_copy))
    write_rows(path, rows)
    set_cell(path, 2, "source_id", "nosuch")
    assert not V._schema_fast_ok(read_package(data_copy))


def test_fast_pass_leaves_unknown_schema_features_to_frictionless(data_copy):
    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][1]["schema"]["fields"][0]["constraints"]["minLength"] = 3
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert not V._schema_fast_ok(read_package(data_copy))


# ---------------------------------------------------------------- charts rendered once

@pytest.fixture(scope="module")
def chart():
    from test_charts import small_chart
    return small_chart().wide.properties(description="Alt text.")  # the wide drawing, an altair chart


def test_png_from_the_svg_is_what_vega_draws(chart):
    import vl_convert as vlc
    spec = chart.to_dict()
    assert vlc.svg_to_png(vlc.vegalite_to_svg(spec), scale=2) == vlc.vegalite_to_png(spec, scale=2)


def test_chart_html_draws_the_spec_with_the_bundle_beside_it(chart, tmp_path):
    from claimtrace import charts as C
    C.save_chart(chart, "t", tmp_path, "Alt <text> & more.")
    html = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert '<script src="vega-embed.js"></script>' in html and html.count("<script src=") == 1
    spec = json.loads(html.split('<script type="application/json" id="spec">')[1].split("</script>")[0])
    assert spec == json.loads(json.dumps(chart.properties(description="Alt <text> & more.").to_dict()))
    assert 'aria-label="Alt &lt;text&gt; &amp; more."' in html
    assert (tmp_path / "vega-embed.js").read_text(encoding="utf-8") == C.vega_bundle()


def test_the_png_keeps_its_size_and_colours(chart):
    import vl_convert as vlc
    from PIL import Image
    from claimtrace import charts as C
    full = vlc.svg_to_png(vlc.vegalite_to_svg(chart.to_dict()), scale=2)
    small = C.png_for_screens(full)
    assert len(small) < len(full)
    with Image.open(io.BytesIO(full)) as a, Image.open(io.BytesIO(small)) as b:
        assert a.size == b.size
        from PIL import ImageChops
        # no pixel moves by more than a shade: the text and marks a reader sees are the same
        worst = max(hi for _, hi in ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getextrema())
        assert worst <= 24
