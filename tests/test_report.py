"""The report page and the README headline: built from the data, escaped, deterministic, current.

The committed page and headline are checked against the live data, for invariants only; the code
that renders them is tested on the frozen fixture package (tests/fixtures/README.md)."""
from __future__ import annotations

import pytest

import ast
import importlib.resources
import json
import re
import tomllib

from markupsafe import escape

from claimtrace import analysis as A, charts as C, report, synth
from claimtrace.load import load
from conftest import FIXTURE_DATA, FIXTURE_FIGURES, LIVE_DATA, ROOT, find_row, live_counts, set_cell

FIGURES = ROOT / "figures"


def test_every_chart_is_on_the_page_with_its_alt_text():
    page = (FIGURES / "index.html").read_text(encoding="utf-8")
    names = report.chart_names(FIGURES)
    assert len(names) == len(list(FIGURES.glob("*.alt.txt"))) >= 10
    for name in names:
        assert f'id="chart-{name}"' in page
        alt = (FIGURES / f"{name}.alt.txt").read_text(encoding="utf-8").strip()
        assert str(escape(alt)) in page


def test_page_is_self_contained():
    page = (FIGURES / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?(https?:)?//", page)
    assert "cdn" not in page.lower().split("<script>")[0]  # nothing before the inlined bundle
    assert "@import" not in page


@pytest.mark.live
def test_page_lists_every_claim_and_source():
    ds = load(LIVE_DATA)
    page = (FIGURES / "index.html").read_text(encoding="utf-8")
    assert page.count('<tr data-source="') == min(len(ds.claims), report.MAX_CLAIM_ROWS)
    for sha in ds.sources["sha256"].head(report.MAX_SOURCE_ROWS):
        assert sha in page


def test_text_from_the_data_is_escaped(data_copy, figures_copy):
    hostile = {"text": "</script><script>alert(1)</script><!--"}
    out = C.spec_json(hostile)
    assert "</script>" not in out and "<!--" not in out and "<" not in out
    assert report.environment().autoescape is True
    # a claimant and a scope holding markup reach the page as text, in the table and in the filters
    row = find_row(data_copy / "claims.csv", "claim_id", "iohr_2019-detention_facilities-1")  # a named claimant
    set_cell(data_copy / "claims.csv", row, "claimant", "<script>alert(1)</script>Mallory")
    set_cell(data_copy / "claims.csv", row, "scope", '<img src=x onerror="alert(2)">')
    page = report.render(data_copy, figures_copy)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Mallory" in page
    assert '&lt;img src=x onerror=&#34;alert(2)&#34;&gt;' in page
    assert "<script>alert" not in page and "<img src=x" not in page


def test_the_template_ships_with_the_package():
    template = importlib.resources.files("claimtrace").joinpath("templates", report.TEMPLATE)
    assert template.is_file()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "templates/*.j2" in config["tool"]["setuptools"]["package-data"]["claimtrace"]
    assert "def e(" not in (ROOT / "src" / "claimtrace" / "report.py").read_text()  # no hand-made escaping


def test_charts_come_from_their_saved_spec():
    for figures in (FIGURES, FIXTURE_FIGURES):
        for name in report.chart_names(figures):
            chart = report.read_chart(figures, name)
            assert chart["spec"] == json.loads((figures / f"{name}.vl.json").read_text(encoding="utf-8"))
    assert report.read_chart(FIXTURE_FIGURES, "konasheher")["title"].startswith("HRN's figures imply")


@pytest.mark.live
def test_the_report_and_notebook_07_count_discrepancies_with_one_function():
    frozen = load(FIXTURE_DATA)
    assert report.discrepancy_table(frozen.claims, frozen.counted)["pairs"] == 13  # the frozen fixture's
    ds = load(LIVE_DATA)
    table = report.discrepancy_table(ds.claims, ds.counted)
    pairs = A.discrepancies(ds.claims, ds.counted)
    summary = A.discrepancy_summary(pairs)
    listed = [v for v in A.VERDICTS if v != "compatible"]
    assert table["pairs"] == int(summary[listed].to_numpy().sum())
    assert table["row_count"] == len(pairs[pairs["verdict"] != "compatible"])
    page = (FIGURES / "index.html").read_text(encoding="utf-8")
    # the counts read together: the total, then its parts, which add up to it
    start = page.index(f"<p>{table['pairs']} pairs of claims")
    sentence = re.sub(r"\s+", " ", page[start:page.index("</p>", start)])
    assert sentence.startswith(f"<p>{table['pairs']} pairs of claims from different documents")
    for v in listed:
        assert f"{int(summary[v].sum())} “{v}”" in sentence
    # the table lists the conflicts first
    ranks = [listed.index(r["verdict"]) for r in table["rows"]]
    assert ranks == sorted(ranks)
    # notebook 07 calls the same function, with the same threshold, and nothing else
    nb = json.loads((ROOT / "notebooks" / "07-discrepancies.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    calls = {n.func.attr for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name) and n.func.value.id == "A"}
    assert "discrepancies" in calls and "figure_pairs" not in calls and not hasattr(A, "figure_pairs")
    params = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    assert re.search(rf"^max_listed = {A.MAX_LISTED}\b", "".join(params["source"]), re.M)


def test_page_stays_small_at_100_times_the_claims(tmp_path, figures_copy):
    """At 4,200 SYNTHETIC claims the page stays under 5 MB (it was 130 MB): the discrepancies are
    counted per pair of distinct figures, and the claims and sources tables are capped."""
    claims = 100 * len(load(FIXTURE_DATA).claims)
    data = synth.generate(tmp_path / "x100", claims=claims, base=FIXTURE_DATA, seed=0)
    page = report.render(data, figures_copy).encode("utf-8")
    assert len(page) <= 5_000_000, f"{len(page):,} bytes"
    text = page.decode("utf-8")
    assert text.count('<tr data-source="') == report.MAX_CLAIM_ROWS
    assert 'id="claims-limit"' in text and f"There are {claims:,} claims" in text and "data/claims.csv</a>" in text
    assert "one example of" in text  # large groups: one example per pair of distinct figures, with its count
    synthetic = load(data)
    beside = A.beside_records(synth_claims := synthetic.claims, synthetic.reference, synthetic.lineage)
    assert len(beside) > report.MAX_BESIDE_ROWS and len(synth_claims) == claims  # the cap is reached...
    assert f"The first {report.MAX_BESIDE_ROWS} of {len(beside):,} are shown" in text  # ...and said


@pytest.mark.live
def test_page_is_deterministic_and_current():
    built = report.render(LIVE_DATA, FIGURES)
    assert built == report.render(LIVE_DATA, FIGURES)
    assert built == (FIGURES / "index.html").read_text(encoding="utf-8"), "figures/index.html is stale: run make"


@pytest.mark.live
def test_readme_headline_is_generated_from_the_data():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = report.readme_section(LIVE_DATA)
    assert report.splice_readme(readme, section) == readme, "the README's headline is stale: run make"
    n = live_counts()  # counted here from the tables, not by the code that writes the headline
    assert f"{n['claims']} figures from {n['sources']} source documents" in readme
    assert "![" in section and "(figures/detainee_estimates.png)" in section
