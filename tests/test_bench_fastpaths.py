"""The fast paths the benchmark led to give exactly what the slow ones gave.

- validation's fast schema pass accepts nothing Frictionless refuses, and its mention scan finds
  exactly what numbers.find_mentions finds;
- the cache of valid packages is keyed on every byte read and never records an invalid package;
- jsonschema's slow IRI checker is deferred, not lost;
- a chart is rendered once: the PNG rasterised from the SVG and the HTML built with the cached
  Vega bundle are byte for byte what altair and vl-convert write directly.
"""
from __future__ import annotations

import io
import json
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from claimtrace import validate as V
from claimtrace.numbers import find_mentions
from claimtrace.package import read_package
from conftest import DATA, read_rows, set_cell, write_rows


# ---------------------------------------------------------------- mentions

mention_text = st.lists(st.sampled_from(list("oneTwOthReEsixtyNINE ,._-0123456789\n")
                                        + ["one", "Tens", "hundreds", "ſix", "K", "é", "ı", "ß", "dozen",
                                           "million", "thousand", "2,800", "12.5"]),
                        max_size=30).map("".join)


@given(mention_text)
@settings(max_examples=2000, deadline=None)
def test_scan_mentions_is_find_mentions(text):
    assert V.scan_mentions(text) == find_mentions(text)


def test_scan_mentions_on_the_archived_sources():
    for path in sorted((DATA / "sources").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert V.scan_mentions(text) == find_mentions(text), path.name


# ---------------------------------------------------------------- schema fast pass

def _frictionless_ok(pkg) -> bool:
    return not V._schema_problems(pkg)


def test_fast_pass_accepts_the_shipped_data():
    pkg = read_package(DATA)
    assert V._schema_fast_ok(pkg) and _frictionless_ok(pkg)


def _cell_values(field: dict) -> list[str]:
    c = field.get("constraints", {})
    values = ["", "x", "Not Valid!", "1", "1.5", "1e3", "NaN", "-2", " 3", "2019-11-16", "2019-13-40",
              "2019", "2019-11", "a_b", "a-b-1", "0" * 64]
    values += list(c.get("enum", []))[:3]
    return values


@pytest.mark.parametrize("seed", range(6))
def test_fast_pass_never_accepts_what_frictionless_refuses(data_copy, seed):
    """Random single-cell edits: if the fast pass accepts the tables, so does Frictionless."""
    rng = random.Random(seed)
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    refused = 0
    for _ in range(15):
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


# ---------------------------------------------------------------- the cache of valid packages

def test_a_valid_package_is_cached_and_any_changed_byte_misses(data_copy, monkeypatch):
    monkeypatch.delenv(V.NO_CACHE_ENV, raising=False)
    monkeypatch.delenv(V.CACHE_DIR_ENV, raising=False)
    digest = V.package_digest(data_copy)
    entry = V._cache_entry(data_copy, digest)
    assert not entry.exists()
    assert V.validate(data_copy) == []
    assert entry.is_file() and entry.is_relative_to(data_copy.parent / "build" / "cache")
    calls = []
    monkeypatch.setattr(V, "_validate", lambda d: calls.append(d) or [])
    assert V.validate(data_copy) == [] and calls == []  # a hit: nothing checked again
    (data_copy / "sources" / "hrn_2022.txt").write_bytes(
        (data_copy / "sources" / "hrn_2022.txt").read_bytes() + b" ")
    assert V.package_digest(data_copy) != digest
    V.validate(data_copy)
    assert calls == [data_copy]  # a miss: checked


def test_an_invalid_package_is_never_cached(data_copy, monkeypatch):
    monkeypatch.delenv(V.NO_CACHE_ENV, raising=False)
    set_cell(data_copy / "claims.csv", 2, "value_low", "401")
    assert V.validate(data_copy)
    assert not (data_copy.parent / "build" / "cache" / "validated").exists() or \
        list((data_copy.parent / "build" / "cache" / "validated").iterdir()) == []


def test_no_cache_when_asked(data_copy, monkeypatch):
    monkeypatch.setenv(V.NO_CACHE_ENV, "1")
    assert V.validate(data_copy) == []
    assert not (data_copy.parent / "build").exists()


def test_the_digest_covers_the_validating_code(data_copy, monkeypatch):
    digest = V.package_digest(data_copy)
    monkeypatch.setattr(V, "_VALIDATOR_MODULES", V._VALIDATOR_MODULES[:-1])
    assert V.package_digest(data_copy) != digest


# ---------------------------------------------------------------- deferred imports

def test_the_iri_checker_is_deferred_not_lost():
    code = ("import sys, time; import claimtrace.validate; import jsonschema, altair\n"
            "assert 'lark' not in sys.modules, 'rfc3987_syntax was loaded at import'\n"
            "from jsonschema import FormatChecker\n"
            "fc = FormatChecker()\n"
            "assert fc.conforms('http://example.com/ä', 'iri') and not fc.conforms('http://ex ample', 'iri')\n"
            "assert 'lark' in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------- charts rendered once

@pytest.fixture(scope="module")
def chart():
    from test_charts import small_chart
    return small_chart().properties(description="Alt text.")


def test_png_from_the_svg_is_what_vega_draws(chart):
    import vl_convert as vlc
    spec = chart.to_dict()
    assert vlc.svg_to_png(vlc.vegalite_to_svg(spec), scale=2) == vlc.vegalite_to_png(spec, scale=2)


def test_html_with_the_cached_bundle_is_what_altair_writes(chart, tmp_path, monkeypatch):
    from claimtrace import charts as C
    monkeypatch.setenv("CLAIMTRACE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(C, "_BUNDLE", {})
    buf = io.StringIO()
    chart.save(buf, format="html", inline=True)
    assert C.chart_html(chart) == buf.getvalue()
    assert C.chart_html(chart, chart.to_dict()) == buf.getvalue()
    assert len(list(tmp_path.glob("vega-embed-bundle-*.js"))) == 1
    monkeypatch.setattr(C, "_BUNDLE", {})
    assert C.chart_html(chart) == buf.getvalue()  # read back from the cache


def test_a_saved_chart_shows_the_svg_it_wrote(chart, tmp_path):
    import altair as alt
    from claimtrace import charts as C
    saved = C.save_chart(chart, "t", tmp_path, "Alt text.")
    assert [p.name for p in saved] == ["t.svg", "t.png", "t.html", "t.alt.txt", "t.vl.json"]
    with alt.renderers.enable("svg"):
        bundle = saved._repr_mimebundle_()
    assert bundle == {"image/svg+xml": (tmp_path / "t.svg").read_text()}


def test_a_chart_drawn_before_is_not_drawn_again_in_a_build(chart, tmp_path, monkeypatch):
    import vl_convert
    from claimtrace import charts as C
    monkeypatch.setenv("CLAIMTRACE_CACHE_DIR", str(tmp_path / "cache"))
    first = C.save_chart(chart, "t", tmp_path / "a", "Alt text.")
    assert len(list((tmp_path / "cache" / "renders").glob("*.svg"))) == 1

    def no_drawing(*args, **kwargs):
        raise AssertionError("drawn again")
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", no_drawing)
    again = C.save_chart(chart, "t", tmp_path / "b", "Alt text.")
    for p, q in zip(first, again):
        assert p.read_bytes() == q.read_bytes(), p.name
    with pytest.raises(AssertionError, match="drawn again"):  # another spec is drawn
        C.save_chart(chart, "t", tmp_path / "c", "Other alt text.")


def test_charts_are_drawn_every_time_outside_a_build(chart, tmp_path, monkeypatch):
    from claimtrace import charts as C
    monkeypatch.delenv("CLAIMTRACE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    C.save_chart(chart, "t", tmp_path / "a", "Alt text.")
    assert not (tmp_path / "xdg" / "claimtrace" / "renders").exists()
