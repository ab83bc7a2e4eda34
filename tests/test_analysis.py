"""The analyses behind the notebooks: intervals, discrepancies, arithmetic, reference table."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from claimtrace import analysis as A
from claimtrace.load import load

from conftest import FIXTURE_DATA, LIVE_DATA


@pytest.fixture(scope="module")
def ds():
    """The frozen fixture package (tests/fixtures/README.md)."""
    return load(FIXTURE_DATA)


def claim(claim_id="s-detained_people-1", source_id="s", low=1e6, high=1e6, qualifier="exact",
          measure="detained_people", subject="x", component="", unit="people", figure="1 million",
          quote="q", claimant="Publisher", counted="people", period_start="", period_end=""):
    return {"claim_id": claim_id, "source_id": source_id, "value_low": low, "value_high": high,
            "qualifier": qualifier, "measure": measure, "subject": subject, "component": component,
            "unit": unit, "figure": figure, "quote": quote, "claimant": claimant, "counted": counted,
            "period_start": period_start, "period_end": period_end}


# --- intervals ---------------------------------------------------------------------------------

def test_open_ended_claim_has_no_upper_bound_and_an_exclusive_low():
    iv = A.interval(claim(low=1e6, high=math.nan, qualifier="more than"))
    assert iv.open_high and not iv.open_low
    assert iv.low == 1e6 and iv.high is None
    assert iv.low_exclusive and not iv.approximate


def test_at_least_is_open_but_inclusive():
    iv = A.interval(claim(low=1e6, high=math.nan, qualifier="at least"))
    assert iv.open_high and not iv.low_exclusive


def test_up_to_has_no_lower_bound():
    iv = A.interval(claim(low=math.nan, high=500, qualifier="up to"))
    assert iv.open_low and iv.high == 500


@pytest.mark.parametrize("qualifier", ["about", "estimated", "nearly", "likely closer to", "vague"])
def test_hedged_figures_are_approximate(qualifier):
    assert A.interval(claim(qualifier=qualifier)).approximate


def test_exact_and_between_are_not_approximate():
    assert not A.interval(claim(qualifier="exact")).approximate
    iv = A.interval(claim(low=1e6, high=2e6, qualifier="between"))
    assert not iv.approximate and not iv.is_point


def test_low_above_high_is_refused():
    with pytest.raises(ValueError, match="exceeds"):
        A.interval(claim(low=5, high=4))


def test_overlap_respects_exclusive_bounds():
    more_than = A.Interval(1e6, None, low_exclusive=True)
    exactly = A.Interval(1e6, 1e6)
    assert not more_than.overlaps(exactly)
    assert A.Interval(1e6, None).overlaps(exactly)          # at least a million
    assert more_than.overlaps(A.Interval(1e6, 2e6))          # between 1 and 2 million
    assert not A.Interval(400, 400).overlaps(A.Interval(403, 403))


def test_bound_label_in_words():
    assert A.bound_label(claim(low=1e6, high=math.nan, qualifier="more than")).startswith("above 1,000,000")
    assert A.bound_label(claim(low=200, high=999, qualifier="vague")) == "200 to 999"
    assert A.bound_label(claim(qualifier="about")) == "about 1,000,000"


def test_estimates_are_data_not_drawing(ds):
    est = A.estimates(ds.claims, ds.sources, "detained_people")
    open_rows = est[est["open_high"]]
    assert len(open_rows) >= 3
    assert not {"draw_low", "draw_high"} & set(est.columns)  # where to draw is the chart's business
    assert est["value_high"].isna().sum() == len(open_rows)
    # ordered by low bound, then high bound with open sides last, then claim id
    assert est["value_low"].is_monotonic_increasing
    ones = est[est["value_low"] == 1e6]
    assert ones["value_high"].isna().tolist() == sorted(ones["value_high"].isna().tolist())
    # every row keeps its verbatim quote and is labelled with claimant and document
    assert (est["quote"] != "").all()
    assert est["label"].str.contains(" · ").all()
    assert set(est["measure"]) == {"detained_people"}


# --- discrepancies -----------------------------------------------------------------------------

def test_discrepancies_find_400_against_403_pages_a_rounding(ds):
    pairs = A.discrepancies(ds.claims, ds.counted)
    pages = pairs[(pairs["measure"] == "leaked_pages") & (pairs["subject"] == "xinjiang_papers_2019")]
    hit = pages[pages.apply(lambda r: {r["figure_a"], r["figure_b"]} == {"400", "403"}, axis=1)]
    assert len(hit) == 1
    assert hit["verdict"].iloc[0] == "edge"  # "The 400 pages" is a round number: it may be 403 rounded
    assert {hit["quote_a"].iloc[0], hit["quote_b"].iloc[0]} == {
        "The 400 pages of documents", "The 403 pages of “internal” papers"}


def test_the_detainee_estimates_disagree_as_the_vocabulary_reads_them(ds):
    """Schriver's "likely closer to 3 million" citizens against the one-million figures about
    Muslims, people, Uyghurs and other Turkic Muslims: the same detainees, so conflicts."""
    pairs = A.discrepancies(ds.claims, ds.counted)
    three = pairs[(pairs["figure_a"] == "likely closer to 3 million") | (pairs["figure_b"] == "likely closer to 3 million")]
    conflicts = three[three["verdict"] == "conflicting"]
    others = {a if b == "likely closer to 3 million" else b for a, b in zip(conflicts["figure_a"], conflicts["figure_b"])}
    assert others == {"an estimated 1 million", "between 1 to 2 million"}
    assert len(conflicts) == 2 and "not comparable" not in set(three["verdict"])
    # HuffPost's two "1 Million" headlines are earlier titles whose date is not known: a caveat, not a conflict
    undated = three[three["verdict"] == "comparable with a caveat"]
    assert len(undated) == 2 and set(undated["caveat"]) == {"one figure's date is not known: it may count them at another time"}


def test_components_are_never_compared_with_totals(ds):
    pairs = A.discrepancies(ds.claims)
    figures = set(pairs["figure_a"]) | set(pairs["figure_b"])
    assert "200" not in figures and "160" not in figures


def test_same_document_claims_are_not_paired(ds):
    pairs = A.discrepancies(ds.claims)
    assert (pairs["source_id_a"] != pairs["source_id_b"]).all()


def test_equal_figures_are_not_discrepancies(ds):
    pairs = A.discrepancies(ds.claims)
    assert pairs[pairs["subject"] == "train_station_stabbing_2014"].empty  # 31, 31, 31


def test_verdicts_conflict_edge_compatible():
    df = pd.DataFrame([
        claim("a-detained_people-1", "a", 1e6, 1e6, "estimated", figure="an estimated 1 million"),
        claim("b-detained_people-1", "b", 1e6, math.nan, "more than", figure="more than one million"),
        claim("c-detained_people-1", "c", 3e6, 3e6, "likely closer to", figure="likely closer to 3 million"),
        claim("d-detained_people-1", "d", 1e6, 2e6, "between", figure="between 1 to 2 million"),
    ])
    pairs = A.discrepancies(df).set_index(["claim_id_a", "claim_id_b"])["verdict"]
    assert pairs[("a-detained_people-1", "b-detained_people-1")] == "edge"
    assert pairs[("a-detained_people-1", "c-detained_people-1")] == "conflicting"
    assert pairs[("b-detained_people-1", "d-detained_people-1")] == "compatible"
    assert pairs[("c-detained_people-1", "d-detained_people-1")] == "conflicting"


VOCABULARY = pd.DataFrame([
    {"counted_id": "detainees", "label": "people detained", "broader": "", "overlaps": ""},
    {"counted_id": "uyghur_detainees", "label": "Uyghurs detained", "broader": "detainees", "overlaps": ""},
    {"counted_id": "kazakh_detainees", "label": "Kazakhs detained", "broader": "detainees", "overlaps": ""},
    {"counted_id": "women_detained", "label": "women detained", "broader": "detainees", "overlaps": "uyghur_detainees"},
    {"counted_id": "camps", "label": "camps", "broader": "", "overlaps": ""},
])


def _verdict(a: dict, b: dict) -> tuple[str, str]:
    out = A.discrepancies(pd.DataFrame([a, b]), VOCABULARY)
    assert len(out) == 1
    return out["verdict"].iloc[0], out["caveat"].iloc[0]


ONE = claim("a-detained_people-1", "a", 1e6, 1e6, figure="1 million", counted="detainees")
THREE = claim("b-detained_people-1", "b", 3e6, 3e6, "likely closer to", figure="likely closer to 3 million", counted="detainees")


def test_the_same_thing_counted_conflicts_by_its_intervals():
    assert _verdict(ONE, THREE) == ("conflicting", "")
    edge = claim("b-detained_people-1", "b", 1e6, math.nan, "more than", figure="more than one million", counted="detainees")
    assert _verdict(ONE, edge)[0] == "edge"


def test_a_part_against_its_whole_is_comparable_with_a_caveat():
    part = {**THREE, "counted": "uyghur_detainees", "value_low": 2e6, "value_high": 2e6, "qualifier": "exact", "figure": "2 million"}
    whole = {**ONE, "value_low": 3e6, "value_high": 3e6, "figure": "3 million"}
    assert _verdict(part, whole) == ("comparable with a caveat", "Uyghurs detained are a part of people detained")
    # a part cannot be larger than its whole: that conflicts, with the caveat said
    verdict, caveat = _verdict(THREE | {"counted": "uyghur_detainees"}, ONE)
    assert verdict == "conflicting" and caveat.endswith("yet the part's figure is larger than the whole's")


def test_things_that_share_members_are_comparable_with_a_caveat():
    verdict, caveat = _verdict(ONE | {"counted": "women_detained"}, THREE | {"counted": "uyghur_detainees"})
    assert (verdict, caveat) == ("comparable with a caveat", "women detained and Uyghurs detained share some members")


def test_unrelated_things_are_not_comparable():
    assert _verdict(ONE | {"counted": "camps"}, THREE) == ("not comparable", "camps and people detained are different things")
    # two parts of one whole are not the same thing either: Uyghurs and Kazakhs
    assert _verdict(ONE | {"counted": "uyghur_detainees"}, THREE | {"counted": "kazakh_detainees"})[0] == "not comparable"


def test_periods_count_only_where_both_documents_give_them():
    assert _verdict(ONE | {"period_start": "2014"}, THREE)[0] == "conflicting"  # one gives none
    assert _verdict(ONE | {"period_start": "2014"}, THREE | {"period_start": "2017"})[0] == "conflicting"  # open, overlapping
    apart = _verdict(ONE | {"period_start": "2014", "period_end": "2015"}, THREE | {"period_start": "2017"})
    assert apart == ("not comparable", "the periods the documents give do not overlap")


def test_figures_that_overlap_are_compatible_whatever_they_count():
    at_least = claim("b-detained_people-1", "b", 1e6, math.nan, "at least", figure="at least 1 million", counted="uyghur_detainees")
    assert _verdict(ONE, at_least)[0] == "compatible"


def test_a_counted_id_outside_the_vocabulary_is_only_itself():
    pairs = A.discrepancies(pd.DataFrame([ONE, THREE | {"counted": "citizens"}]))  # no vocabulary given
    assert pairs["verdict"].tolist() == ["not comparable"]


def test_tolerance_only_forgives_approximate_figures():
    a, b = A.Interval(9_999_999, 9_999_999), A.Interval(10_000_000, 10_000_000, approximate=True)
    assert A.verdict(a, b) == "edge"
    assert A.verdict(A.Interval(400, 400), A.Interval(403, 403)) == "conflicting"
    assert A.verdict(A.Interval(400, 400), A.Interval(403, 403, approximate=True), tolerance=0.01) == "edge"
    assert A.verdict(A.Interval(400, 400), A.Interval(403, 403, approximate=True), tolerance=0.001) == "conflicting"
    # a whole number of hundreds printed as exact reads as rounded; 403 does not
    assert A.interval(claim(low=400, high=400, figure="400")).rounded
    assert not A.interval(claim(low=403, high=403, figure="403")).rounded
    assert A.verdict(A.interval(claim(low=400, high=400)), A.interval(claim(low=403, high=403))) == "edge"


def _hand_made() -> pd.DataFrame:
    """Two groups: 'small' (3 claims, 2 differing pairs) and 'big' (figures 400 in documents a, b, c;
    403 in d, e; 'about 400' in a and f), each claim quoting its own words."""
    rows = [claim("a-p-1", "a", 1e6, 1e6, figure="1 million", subject="small", quote="qa"),
            claim("b-p-1", "b", 3e6, 3e6, figure="3 million", subject="small", quote="qb"),
            claim("b-p-2", "b", 3e6, 3e6, figure="3 million", subject="small", quote="qb2")]
    big = [("a", 400, "exact"), ("b", 400, "exact"), ("c", 400, "exact"), ("d", 403, "exact"),
           ("e", 403, "exact"), ("a", 400, "about"), ("f", 400, "about")]
    for i, (source, value, qualifier) in enumerate(big):
        rows.append(claim(f"{source}-q-{i}", source, value, value, qualifier, measure="leaked_pages",
                          subject="big", unit="pages", figure=f"{qualifier} {value}", quote=f"words {i}"))
    return pd.DataFrame(rows)


def test_discrepancies_list_small_groups_and_count_large_ones():
    df = _hand_made()
    pairs = A.discrepancies(df, max_listed=2)
    small = pairs[pairs["subject"] == "small"]
    # small group (2 pairs <= 2): every pair of claims, each with its own quotes
    assert list(zip(small["claim_id_a"], small["claim_id_b"])) == [("a-p-1", "b-p-1"), ("a-p-1", "b-p-2")]
    assert list(small["quote_b"]) == ["qb", "qb2"] and (small["claim_pairs"] == 1).all()
    assert (small["verdict"] == "conflicting").all()
    # large group: 400 x 403 = 3 x 2 = 6 pairs; 400 x about 400 = 3 x 2 - 1 (a with a) = 5;
    # 403 x about 400 = 2 x 2 = 4: one example row per pair of distinct figures
    big = {frozenset((r["figure_a"], r["figure_b"])): r for r in pairs[pairs["subject"] == "big"].to_dict("records")}
    assert len(big) == 3
    counts = {tuple(sorted(k)): (r["claim_pairs"], r["verdict"]) for k, r in big.items()}
    assert counts == {("exact 400", "exact 403"): (6, "edge"), ("about 400", "exact 400"): (5, "compatible"),
                      ("about 400", "exact 403"): (4, "edge")}
    # each example is the first pair of claims (by claim id) from different documents, with its quotes
    ex = big[frozenset(("exact 400", "exact 403"))]
    assert (ex["claim_id_a"], ex["claim_id_b"], ex["quote_a"], ex["quote_b"]) == ("a-q-0", "d-q-3", "words 0", "words 3")
    ex = big[frozenset(("about 400", "exact 403"))]
    assert (ex["claim_id_a"], ex["claim_id_b"]) == ("a-q-5", "d-q-3")
    assert (pairs["source_id_a"] != pairs["source_id_b"]).all()
    # listed in full, the large group has the 15 pairs the counts stand for, with the same verdicts
    listed = A.discrepancies(df, max_listed=15)
    assert (listed["claim_pairs"] == 1).all() and len(listed[listed["subject"] == "big"]) == 15
    assert A.discrepancy_summary(listed).equals(A.discrepancy_summary(pairs))


def test_discrepancies_of_one_figure_repeated_are_none():
    df = pd.DataFrame([claim(f"s{i}-p-1", f"s{i}", 31, 31, figure="31") for i in range(2000)])
    assert A.discrepancies(df).empty


def test_summary_counts_pairs_by_verdict(ds):
    summary = A.discrepancy_summary(A.discrepancies(ds.claims, ds.counted)).set_index(["measure", "subject"])
    row = summary.loc[("leaked_pages", "xinjiang_papers_2019")]
    assert row["edge"] == 1 and row["pairs"] == row[list(A.VERDICTS)].sum()
    detained = summary.loc[("detained_people", "xinjiang_detentions")]
    assert detained["conflicting"] == 2 and detained["comparable with a caveat"] == 2 and detained["edge"] == 8
    assert detained["not comparable"] == 0


# --- Konasheher, denominators, leaks -----------------------------------------------------------

def konasheher(people=286_000, pct=12.5, ratio=64, people_fig="286,000", pct_fig="about 12.5%",
               ratio_fig="over 64 times", ratio_q="more than", claimant="Human Rights Now (HRN)"):
    """Three Konasheher claims as `konasheher_figures` returns them."""
    rows = [claim(claim_id=f"s-{m}-1", measure=m, subject="konasheher_records", low=v, high=h, figure=f,
                  qualifier=q, claimant=claimant)
            for m, v, h, f, q in (("people_in_records", people, people, people_fig, "exact"),
                                  ("detained_share", pct, pct, pct_fig, "about"),
                                  ("detention_rate_ratio", ratio, math.nan, ratio_fig, ratio_q))]
    return A.konasheher_figures(pd.DataFrame(rows), "s")


def test_konasheher_arithmetic():
    steps = A.konasheher_implications(konasheher(), adult_share=0.5, ethnic_share=1.0).set_index("step")
    assert steps.loc["adults among them", "value"] == 143_000
    assert steps.loc["ethnic adults detained, implied", "value"] == pytest.approx(17_875)
    # 12.5% = 12,500 per 100,000; ÷ 64 = 195.3 per 100,000
    assert steps.loc["national imprisonment rate, implied (at most)", "value"] == pytest.approx(195.3125)
    assert set(steps["kind"]) == {"claimed", "derived"}


def test_konasheher_reads_the_real_claims(ds):
    figures = A.konasheher_figures(ds.claims, "hrn_2022")
    assert figures.loc["people_in_records", "value_low"] == 286_000
    steps = A.konasheher_implications(figures, 0.775, 0.978)
    assert steps["arithmetic"].iloc[0] == "HRN: the personal information of “286,000 people”"
    assert steps["arithmetic"].iloc[-1] == "12.5% ÷ 64 (HRN: “over 64 times”) → at most 195 per 100,000"
    with pytest.raises(KeyError, match="iohr_2019 gives no konasheher_records claim"):
        A.konasheher_figures(ds.claims, "iohr_2019")


def test_konasheher_labels_follow_the_figures():
    steps = A.konasheher_implications(
        konasheher(people=300_000, pct=10, ratio=40, people_fig="300,000", pct_fig="about 10%",
                   ratio_fig="more than 40 times", claimant="Another Group (AG)"),
        adult_share=0.5, ethnic_share=1.0)
    text = " | ".join(steps["arithmetic"])
    for old in ("286,000", "12.5", "HRN", "64", "27,000"):
        assert old not in text, old
    assert steps["arithmetic"].tolist() == [
        "AG: the personal information of “300,000 people”",
        "300,000 × assumed adult share 50%",
        "× assumed ethnic (non-Han) share 100%",
        "× AG's “about 10%” → about 15,000",
        "AG's “about 10%” as a rate",
        "10% ÷ 40 (AG: “more than 40 times”) → at most 250 per 100,000",
    ]
    assert steps["value"].tolist() == [300_000, 150_000, 150_000, 15_000, 10_000, 250]
    # an exact ratio gives an exact national rate, not a bound
    exact = A.konasheher_implications(konasheher(ratio_fig="64 times", ratio_q="exact"), 0.5, 1.0)
    assert exact["step"].iloc[-1] == "national imprisonment rate, implied"
    assert exact["arithmetic"].iloc[-1].endswith("→ 195 per 100,000")


def test_konasheher_rate_does_not_depend_on_the_assumptions():
    a = A.konasheher_implications(konasheher(), 0.5, 0.9).set_index("step")
    b = A.konasheher_implications(konasheher(), 0.8, 1.0).set_index("step")
    key = "national imprisonment rate, implied (at most)"
    assert a.loc[key, "value"] == b.loc[key, "value"]
    assert a.loc["ethnic adults detained, implied", "value"] != b.loc["ethnic adults detained, implied", "value"]


@pytest.mark.parametrize("bad", [0, 1.5, -0.1])
def test_konasheher_refuses_shares_outside_0_1(bad):
    with pytest.raises(ValueError):
        A.konasheher_implications(konasheher(), bad, 1.0)


def test_implied_bound_follows_the_qualifier_table():
    assert [A.implied_bound(q) for q in ("more than", "at least", "up to", "about", "exact")] == \
        ["at most", "at most", "at least", "about", ""]
    assert A.percent_per_100k(12.5) == 12_500 and A.percent_per_100k(12.1) == 12_100


def test_rate_per_100k():
    assert A.rate_per_100k(1_650_000, 1_411_778_724) == pytest.approx(116.87, abs=0.01)
    with pytest.raises(ValueError):
        A.rate_per_100k(1, 0)


def test_implied_denominator_from_hrn(ds):
    d = A.implied_denominators(ds.claims)
    assert len(d) == 1
    row = d.iloc[0]
    assert row["count_claim_id"] == "hrn_2022-detained_people-1"
    assert row["implied_low"] == pytest.approx(1e6 / 0.15)
    assert row["implied_high"] == pytest.approx(2e6 / 0.15)


def test_leak_components_are_summed_in_a_derived_row(ds):
    l19 = A.leak_counts(ds.claims, ds.sources, "xinjiang_papers_2019")
    derived = l19[l19["kind"] == "sum of components (derived)"]
    assert len(derived) == 1  # pages only: the 24 documents are another unit
    row = derived.iloc[0]
    assert row["value_low"] == 360 and row["unit"] == "pages"
    assert row["figure"] == "200 + 160 = 360"
    assert row["claimant"] == "derived by this project"
    # the printed figures are all still there, unchanged
    printed = l19[l19["kind"] != "sum of components (derived)"]
    assert set(printed["figure"]) == {"400", "403", "Hundreds", "200", "160", "24"}


def test_provenance_summary_counts(ds):
    s = A.provenance_summary(ds.claims, ds.sources)
    assert (s["passed"] <= s["claims"]).all()
    assert s.groupby("check")["claims"].sum().eq(len(ds.claims)).all()
    hrn = s[(s["source_id"] == "hrn_2022") & (s["check"] == "attributed, not in the publisher's own voice")].iloc[0]
    assert hrn["passed"] == 3  # HRN's reading of the Konasheher spreadsheets; the rest is its own voice


def test_every_document_is_listed_with_what_a_notebook_draws_of_it(ds):
    """A document added to the data shows in a notebook's list of documents, even when it prints
    nothing on the notebook's subject (zeros), and the counts are per document."""
    new = ds.sources.iloc[[0]].assign(source_id="new_2026", publisher="A new publisher", published_date="2026-01")
    sources = pd.concat([ds.sources, new], ignore_index=True)
    on = ds.claims["subject"] == "konasheher_records"
    drawn = ds.claims.loc[on & (ds.claims["source_id"] == "hrn_2022"), "claim_id"].head(2)
    docs = A.documents_on(ds.claims, sources, on, drawn).set_index("source_id")
    assert list(docs.index) == list(sources.sort_values(["published_date", "source_id"])["source_id"])
    assert docs.loc["new_2026", ["claims", "on this subject", "drawn here"]].tolist() == [0, 0, 0]
    assert docs.loc["hrn_2022", "drawn here"] == 2
    assert docs["on this subject"].sum() == on.sum() and docs["claims"].sum() == len(ds.claims)
    assert docs.loc["hrn_2022", "claims"] == (ds.claims["source_id"] == "hrn_2022").sum()


# --- timeline ----------------------------------------------------------------------------------

@pytest.mark.parametrize("date,end,expect", [
    ("2014", "", ("2014-01-01", "2014-12-31")),
    ("2016-08", "", ("2016-08-01", "2016-08-31")),
    ("2019-11-16", "", ("2019-11-16", "2019-11-16")),
    ("2017", "2018", ("2017-01-01", "2018-12-31")),
])
def test_date_span_follows_precision(date, end, expect):
    assert A.date_span(date, end) == tuple(pd.Timestamp(x) for x in expect)


def test_timeline_has_every_event_and_document(ds):
    tl = A.timeline(ds.events, ds.claims, ds.sources)
    assert set(ds.events["event_id"]) <= set(tl["row_id"])
    assert (tl["kind"] == "document published").sum() == len(ds.sources)
    assert tl["start"].is_monotonic_increasing


# --- reference table ---------------------------------------------------------------------------

def test_reference_table_loads_with_where_each_figure_was_read(ds):
    ref = ds.reference
    assert ref["reference_id"].is_unique
    assert (ref["producer"] != "").all() and ref["read_at"].str.startswith("http").all()
    assert A.reference_value(ref, "xinjiang_population_2020") == 25_852_345
    with pytest.raises(KeyError, match="nope"):
        A.reference_value(ref, "nope")
    assert not set(ref["reference_id"]) & set(ds.claims["claim_id"])


def test_claims_beside_the_records_of_the_same_event():
    claims = pd.DataFrame({"claim_id": ["a-1", "b-1", "c-1"], "subject": ["bombing", "bombing", "other"],
                           "measure": ["deaths"] * 3, "figure": ["80", "31", "5"], "quote": ["killed 80", "31 died", "5"],
                           "claimant": ["A", "B", "C"]})
    reference = pd.DataFrame({"reference_id": ["r1", "r2"], "measure": ["deaths", "injured"], "quote": ["3 dead", "79 hurt"],
                              "producer": ["Police", "Police"], "date": ["2014-04-30", "2014-04-30"], "year": ["2014", "2014"]})
    links = [("a-1", "r1"), ("a-1", "r2"), ("b-1", "r1"), ("b-1", "r2"), ("c-1", "r2")]
    lineage = pd.DataFrame([{"link_id": f"{c}-{i}", "claim_id": c, "relation": "record of the same thing",
                             "target_claim_id": "", "target_reference_id": r, "producer": "Police", "words": "", "notes": ""}
                            for i, (c, r) in enumerate(links)])
    out = A.beside_records(claims, reference, lineage)
    assert out["claim_id"].tolist() == ["a-1", "b-1", "c-1"]  # in the claims' order
    assert out["records"].iloc[0] == ("deaths: “3 dead” (Police, published 2014; the figure refers to 2014-04-30); "
                                      "injured: “79 hurt” (Police, published 2014; the figure refers to 2014-04-30)")
    assert out["quote"].tolist() == ["killed 80", "31 died", "5"]


def test_the_producers_own_words_stand_beside_the_relayed_figure(ds):
    """HuffPost's "an estimated 1 million" relays the New York Times, whose own words are an upper
    bound: both sets of words, the Times' dated by its article."""
    o = A.origins(ds.claims, ds.sources, ds.lineage, ds.reference).set_index("claim_id")
    nyt = o.loc["huffpost_2019-detained_people-1"]
    assert (nyt["relation"], nyt["producer"], nyt["producer_figure"], nyt["producer_said"]) == (
        "relays", "The New York Times", "as many as a million", "2019-11-16")
    assert "internment camps and prisons over the past three years" in nyt["producer_words"]
    own = o.loc["hrn_2022-detained_people-1"]  # no link: the claimant's own
    assert (own["relation"], own["producer"]) == ("its own", "Human Rights Now (HRN)")
    beside = A.beside_records(ds.claims, ds.reference, ds.lineage).set_index("claim_id")
    assert "as many as a million" in beside.loc["huffpost_2019-detained_people-1", "records"]


def test_a_chain_follows_claim_to_claim_links_to_the_producer():
    claims = pd.DataFrame([claim("a-detained_people-1", "a", figure="1 million"),
                           claim("b-detained_people-1", "b", figure="one million", claimant="Outlet B")])
    for c in ("claim_date", "subject"):
        claims[c] = ""
    sources = pd.DataFrame({"source_id": ["a", "b"], "publisher": ["A", "B"], "published_date": ["2020", "2019"],
                            "document_type": ["news report", "news report"], "title": ["A", "B"]})
    lineage = pd.DataFrame([{"link_id": "a-detained_people-1-1", "claim_id": "a-detained_people-1", "relation": "relays",
                             "target_claim_id": "b-detained_people-1", "target_reference_id": "", "producer": "Outlet B",
                             "words": "according to B", "notes": ""},
                            {"link_id": "b-detained_people-1-1", "claim_id": "b-detained_people-1", "relation": "cites",
                             "target_claim_id": "", "target_reference_id": "", "producer": "A researcher",
                             "words": "a researcher says", "notes": "not archived"}])
    o = A.origins(claims, sources, lineage, pd.DataFrame(columns=["reference_id"])).set_index("claim_id")
    assert o.loc["a-detained_people-1", "producer"] == "A researcher"
    assert o.loc["a-detained_people-1", "chain"].endswith("relays Outlet B → cites A researcher")
    summary = A.origin_summary(o.reset_index(), {"people detained": ["detained_people"]}).set_index("subject")
    assert (summary.loc["people detained", "printed"], summary.loc["people detained", "producers"]) == (2, 1)