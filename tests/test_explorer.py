"""The report page's claims explorer in a real browser (Debian's chromium, driven by playwright):
search and filters, the address, the keyboard, and hostile text shown literally and never run.
The committed page is the live data's: its counts are read from data/claims.csv, never assumed."""
from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, LIVE_DATA, REPORT_PAGE as PAGE, ROOT, live_counts, need_chromium, open_page, rows_visible as _rows_visible

need_chromium()


def _listed() -> int:
    """The claims the committed page lists: every claim of data/claims.csv, up to the page's cap."""
    from claimtrace.report import MAX_CLAIM_ROWS
    return min(live_counts()["claims"], MAX_CLAIM_ROWS)


@pytest.mark.parametrize("width", [390, 1280])
def test_search_visibly_hides_rows_at_every_width(browser, width):
    o = open_page(browser, PAGE, width=width)
    page = o.page
    total = _rows_visible(page)
    assert total == _listed()
    page.fill("#q", "zzz")
    assert _rows_visible(page) == 0 and page.inner_text("#claims-status") == f"Showing 0 of {total} claims."
    page.fill("#q", "")
    page.select_option("#f-measure", "leaked_pages")
    assert 0 < _rows_visible(page) < total
    page.close()


def test_search_reads_digit_groups_and_spellings_alike(browser):
    from claimtrace.load import load
    claims = load(LIVE_DATA).claims
    text = claims.apply(lambda r: " ".join(map(str, r.values)).lower(), axis=1)
    either = int(text.str.contains("uighur|uyghur").sum())
    o = open_page(browser, PAGE)
    page = o.page
    counts = {}
    for needle in ["1000", "1,000", "Uighur", "Uyghur", "UYGHUR"]:
        page.fill("#q", needle)
        counts[needle] = _rows_visible(page)
    assert counts["1000"] == counts["1,000"] > 0
    assert counts["Uighur"] == counts["Uyghur"] == counts["UYGHUR"] >= either > 0
    page.close()


def test_the_filtered_view_is_kept_in_the_address_and_restored_from_it(browser):
    o = open_page(browser, PAGE)
    page = o.page
    page.fill("#q", "pages")
    page.select_option("#f-source", "huffpost_2019")
    shown = _rows_visible(page)
    assert 0 < shown < _listed()
    url = page.url
    assert "q=pages" in url and "source=huffpost_2019" in url
    page.close()
    again = browser.new_page()
    again.goto(url)
    again.wait_for_function("document.querySelectorAll('div.vis svg').length > 0")
    assert again.input_value("#q") == "pages" and again.input_value("#f-source") == "huffpost_2019"
    assert _rows_visible(again) == shown
    again.close()


def test_search_and_filters_narrow_the_claims_table(browser):
    from claimtrace.load import load
    claims = load(LIVE_DATA).claims
    o = open_page(browser, PAGE)
    page = o.page
    assert _rows_visible(page) == _listed()
    page.fill("#q", "Schriver")
    expected = int(claims.apply(lambda r: "schriver" in " ".join(map(str, r.values)).lower(), axis=1).sum())
    assert 0 < _rows_visible(page) <= expected
    assert f"Showing {_rows_visible(page)} of {len(claims)} claims." == page.inner_text("#claims-status")
    page.fill("#q", "")
    page.select_option("#f-measure", "leaked_pages")
    assert _rows_visible(page) == int((claims["measure"] == "leaked_pages").sum())
    page.select_option("#f-source", "huffpost_2019")
    assert _rows_visible(page) == int(((claims["measure"] == "leaked_pages")
                                       & (claims["source_id"] == "huffpost_2019")).sum())
    page.close()


def test_the_explorer_works_with_the_keyboard(browser):
    o = open_page(browser, PAGE)
    page = o.page
    for _ in range(200):  # Tab through the page until the search box has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    else:
        pytest.fail("the search box cannot be reached with Tab")
    page.keyboard.type("Zenz")
    assert 0 < _rows_visible(page) < _listed()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-source"
    page.keyboard.press("ArrowDown")  # a closed select changes its value with the arrow keys
    assert page.evaluate("document.getElementById('f-source').value") != ""
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == "Claims table":
            break
    else:
        pytest.fail("the claims table cannot be reached with Tab")
    page.close()


HOSTILE = 'window.__pwned = true'
QUOTE = f'<img src=x onerror="{HOSTILE}"> said there are more than 500 camps'
CLAIMANT = f"<script>{HOSTILE}</script>Mallory"


def _hostile_data(root: Path) -> Path:
    data = root / "data"
    shutil.copytree(FIXTURE_DATA, data)
    text = f"Hostile test document <script>{HOSTILE}</script>\nA claimant {QUOTE}.\n"
    (data / "sources" / "hostile_test.txt").write_text(text, encoding="utf-8")

    def append(name: str, values: dict) -> None:
        path = data / name
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([values.get(k, "") for k in header])
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(buf.getvalue())

    append("sources.csv", {
        "source_id": "hostile_test", "original_filename": "hostile.txt", "path": "data/sources/hostile_test.txt",
        "sha256": hashlib.sha256(text.encode()).hexdigest(), "title": f"<script>{HOSTILE}</script>Title",
        "publisher": "<b>Evil</b>", "publisher_basis": "stated", "publisher_clue": "<i>x</i>",
        "published_date": "2022", "published_date_precision": "year", "date_basis": "stated",
        "date_clue": "x", "document_type": "news report", "language": "en"})
    append("claims.csv", {
        "claim_id": "hostile_test-detention_facilities-1", "source_id": "hostile_test", "quote": QUOTE,
        "figure": "more than 500", "measure": "detention_facilities", "subject": "xinjiang_detentions",
        "value_low": "500", "qualifier": "more than", "unit": "facilities", "claimant": CLAIMANT,
        "claimant_type": "NGO", "attribution": "named", "scope": f'<img src=x onerror="{HOSTILE}">',
        "counted": "detention_sites", "claim_date_basis": "publication", "position": "body"})
    return data


def test_hostile_text_is_shown_literally_and_never_runs(browser, tmp_path):
    from claimtrace import report, runbook
    from claimtrace.validate import validate

    data = _hostile_data(tmp_path)
    assert validate(data) == []
    figures = tmp_path / "figures"
    runbook.execute(ROOT / "notebooks" / "03-facilities.ipynb", {"data_dir": str(data)},
                    output=tmp_path / "03.ipynb", figures_dir=figures, build=tmp_path / "build")
    page_path = tmp_path / "index.html"
    page_path.write_text(report.render(data, figures), encoding="utf-8")

    o = open_page(browser, page_path)
    page = o.page
    page.fill("#q", "Mallory")
    assert _rows_visible(page) == 1
    assert CLAIMANT in page.inner_text("#claims tbody")
    assert QUOTE in page.inner_text("#claims tbody")
    # hover every mark of the chart: the tooltip shows the quote as text, never as markup
    shown = []
    for mark in page.locator("#vis-facilities svg g[class*='mark-'] > path").all():
        try:
            mark.hover(timeout=2000, force=True)
        except Exception:
            continue
        shown.append(page.evaluate("(document.getElementById('vg-tooltip-element') || {}).textContent || ''"))
        assert page.evaluate("document.querySelectorAll('#vg-tooltip-element script, #vg-tooltip-element img')"
                             ".length") == 0
    assert any("Mallory" in s or "onerror" in s for s in shown), shown
    assert page.evaluate("window.__pwned === undefined")
    assert o.dialogs == [] and o.errors == []
    page.close()
