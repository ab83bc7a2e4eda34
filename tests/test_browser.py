"""The report page in a real browser: headless Chromium (Debian's /usr/bin/chromium, driven by
playwright), opened from file:// with every network request recorded: its charts, its layout from
phone to desktop width, accessibility. The claims explorer is tests/test_explorer.py.

Screenshots at desktop and phone widths are written to build/screenshots/ as test artifacts.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPORT_PAGE as PAGE, ROOT, SHOTS, need_chromium, open_page

need_chromium()


def test_every_chart_renders_offline_without_errors(browser):
    o = open_page(browser, PAGE)
    charts = o.page.locator("figure.chart").count()
    assert charts == len(list((ROOT / "figures").glob("*.alt.txt")))
    assert o.page.locator("div.vis svg").count() + o.page.locator("img.static").count() == charts
    for img in o.page.locator("img.static").all():
        assert img.evaluate("i => i.complete && i.naturalWidth > 0")
    external = [u for u in o.requests if not u.startswith(("file:", "data:", "blob:"))]
    assert external == [], f"the page asked the network for {external}"
    assert o.errors == []
    # at desktop width each chart is drawn for it: at least 700 px wide, and at its own size
    # (text as large as it was set), not a phone's chart scaled up
    widths = o.page.evaluate("""() => Array.from(document.querySelectorAll('div.vis svg.marks')).map(s =>
        [s.closest('div.vis').id, s.getBoundingClientRect().width, s.width.baseVal.value])""")
    # a chart drawn wider than the page (a long list grows wider, not taller) is scaled to fit, but
    # never so far that its text (13 px as drawn) falls under 11 px
    small = [(name, w) for name, w, own in widths if w < 700 or w < own * 11 / 13 - 1]
    assert small == [], f"charts narrower than 700 px, or scaled below 11 px text, on a 1,280 px screen: {small}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    o.page.screenshot(path=str(SHOTS / "report-desktop.png"), full_page=True)
    o.page.close()


@pytest.mark.parametrize("width", [320, 390, 430])
def test_readable_at_phone_width(browser, width):
    o = open_page(browser, PAGE, width=width, height=844)
    page = o.page
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px on a {width}px phone"
    # every control of the explorer fits on the screen, whatever the longest option
    for sel in ["#q", "#f-source", "#f-measure", "#f-claimant"]:
        box = page.locator(sel).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{sel} runs off a {width}px screen"
    # every chart is drawn whole inside the screen: scaled to its column, nothing cut off or scrolled
    charts = page.evaluate("""() => Array.from(document.querySelectorAll('div.vis')).map(d => {
        const r = d.querySelector('svg.marks').getBoundingClientRect();
        return {id: d.id, left: r.left, right: r.right, height: r.height, scrolls: d.scrollWidth > d.clientWidth + 1};
    })""")
    for c in charts:
        assert c["left"] >= 0 and c["right"] <= width + 0.5 and c["height"] > 100 and not c["scrolls"], c
    # drawn for the phone: no text under 11 px as the reader sees it (its size times the scale the
    # chart is drawn at), and every chart has text (the check is not vacuous)
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('div.vis svg.marks')).map(s => {
        const scale = s.getBoundingClientRect().width / s.width.baseVal.value;
        const texts = Array.from(s.querySelectorAll('text')).filter(t => t.textContent.trim());
        return [s.closest('div.vis').id, texts.length,
                Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale))];
    })""")
    for name, count, smallest in sizes:
        assert count > 0 and smallest >= 11, f"{name}: text of {smallest:.1f}px on a {width}px phone"
    # and its title is a heading that wraps, whole
    for h in page.locator("figure.chart h3").all():
        assert h.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), h.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"report-phone-{width}.png"), full_page=width == 390)
    page.close()


def test_one_title_per_chart_readable_filters_and_no_doubled_quote_marks(browser):
    o = open_page(browser, PAGE)
    page = o.page
    assert page.locator("div.vis svg .role-title").count() == 0  # the chart draws no title of its own
    assert all(f.locator("h3").count() == 1 for f in page.locator("figure.chart").all())
    labels = page.evaluate("Array.from(document.querySelectorAll('.controls option')).map(o => o.textContent)")
    assert labels and not [label for label in labels if "_" in label], "filter menus show raw ids"
    doubled = page.evaluate("""() => Array.from(document.querySelectorAll('q')).filter(q => {
        const before = getComputedStyle(q, '::before').content;
        const marks = getComputedStyle(q).quotes;  // the marks open-quote draws; 'none' draws nothing
        return /^["\u201c\u2018'\u00ab]/.test(q.textContent) && before === 'open-quote' && marks !== 'none';
    }).map(q => q.textContent.slice(0, 40))""")
    assert doubled == [], f"quotes shown with doubled marks: {doubled}"
    assert page.locator("q.own").count() > 0  # the data has such quotes: the check is not vacuous
    page.close()


def test_every_chart_shows_a_tooltip(browser):
    o = open_page(browser, PAGE)
    page = o.page
    missing = []
    for vis in page.locator("div.vis").all():
        vis.scroll_into_view_if_needed()
        shown = ""
        for mark in vis.locator("g[class*='mark-'] path, g[class*='mark-'] text").all()[:40]:
            try:
                mark.hover(timeout=1000, force=True)
            except Exception:  # noqa: BLE001 - a mark off screen or under another: try the next
                continue
            shown = page.evaluate("(() => { const t = document.getElementById('vg-tooltip-element');"
                                  " return t && t.classList.contains('visible') ? t.textContent : ''; })()")
            if shown:
                break
        if not shown:
            missing.append(vis.get_attribute("id"))
    assert missing == [], f"charts without a tooltip: {missing}"
    page.close()


def test_a_tap_shows_a_tooltip(browser):
    """A touch screen has no hover: a tap on a mark (a click whose pointer is a finger) shows its tooltip."""
    o = open_page(browser, PAGE, width=390, height=844)
    page = o.page
    shown = page.evaluate("""() => {
        const mark = document.querySelector('#vis-detainee_estimates g.mark-symbol path');
        const r = mark.getBoundingClientRect();
        mark.dispatchEvent(new PointerEvent('click', {bubbles: true, pointerType: 'touch',
                                                      clientX: r.left + r.width / 2, clientY: r.top + r.height / 2}));
        const t = document.getElementById('vg-tooltip-element');
        return t && t.classList.contains('visible') ? t.textContent : '';
    }""")
    assert "Verbatim quote" in shown
    page.close()


def test_every_claim_source_and_reference_figure_links_to_its_archived_text(browser):
    """One click from every claim row, document and reference figure to the archived text it stands
    in (a file beside the page that exists), the quote highlighted; only http(s) links leave it."""
    from urllib.parse import unquote, urlparse
    o = open_page(browser, PAGE)
    page = o.page
    for table in ("#claims", "#sources-table", "#reference-table"):
        rows = page.locator(f"{table} tbody tr").count()
        links = page.evaluate(f"Array.from(document.querySelectorAll('{table} tbody tr')).map(tr =>"
                              " (tr.querySelector('a.origin') || {}).href)")
        assert rows > 0 and len(links) == rows and all(links), table
        for href in links:
            url = urlparse(href)
            assert url.scheme == "file" and Path(unquote(url.path)).is_file(), href
    quoted = page.evaluate("Array.from(document.querySelectorAll('#claims a.origin')).map(a => a.href)")
    assert all("#:~:text=" in h for h in quoted)
    other = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"
                          ".filter(h => !h.startsWith('file:'))")
    assert all(h.startswith(("https://", "http://")) for h in other), other
    page.close()


def test_no_accessibility_violations(browser):
    from axe_playwright_python.sync_playwright import Axe
    o = open_page(browser, PAGE)
    result = Axe().run(o.page)
    violations = [(v["id"], v["help"], len(v["nodes"])) for v in result.response["violations"]]
    assert violations == []
    o.page.close()


# ---------------------------------------------------------------- hostile text stays text
