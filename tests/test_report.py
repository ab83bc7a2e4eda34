"""The report page and the README headline: built from the data, escaped, deterministic, current."""
from __future__ import annotations

import re

from claimtrace import report
from claimtrace.load import load
from conftest import DATA, ROOT

FIGURES = ROOT / "figures"


def test_every_chart_is_on_the_page_with_its_alt_text():
    page = (FIGURES / "index.html").read_text(encoding="utf-8")
    names = report.chart_names(FIGURES)
    assert len(names) == len(list(FIGURES.glob("*.alt.txt"))) >= 10
    for name in names:
        assert f'id="chart-{name}"' in page
        alt = (FIGURES / f"{name}.alt.txt").read_text(encoding="utf-8").strip()
        assert report.e(alt) in page


def test_page_is_self_contained():
    page = (FIGURES / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?(https?:)?//", page)
    assert "cdn" not in page.lower().split("<script>")[0]  # nothing before the inlined bundle
    assert "@import" not in page


def test_page_lists_every_claim_and_source():
    ds = load(DATA)
    page = (FIGURES / "index.html").read_text(encoding="utf-8")
    assert page.count('<tr data-source="') == len(ds.claims)
    for sha in ds.sources["sha256"]:
        assert sha in page


def test_text_from_the_data_is_escaped():
    assert report.e('<script>alert("x")</script>') == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    hostile = {"text": "</script><script>alert(1)</script><!--"}
    out = report.json_for_script(hostile)
    assert "</script>" not in out and "<!--" not in out and "<" not in out


def test_page_is_deterministic_and_current():
    built = report.render(DATA, FIGURES)
    assert built == report.render(DATA, FIGURES)
    assert built == (FIGURES / "index.html").read_text(encoding="utf-8"), "figures/index.html is stale: run make"


def test_readme_headline_is_generated_from_the_data():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = report.readme_section(DATA)
    assert report.splice_readme(readme, section) == readme, "the README's headline is stale: run make"
    h = report.headline(load(DATA).claims, load(DATA).sources)
    assert f"{h['claims']} figures from {h['sources']} source documents" in readme
    assert "![" in section and "(figures/detainee_estimates.png)" in section
