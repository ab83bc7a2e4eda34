"""The analyses and charts at scale: linear in the claims, charts bounded whatever the size.

Run on a SYNTHETIC package ten times the real one (claimtrace.synth); the notebooks themselves are
run at 10x, 100x and 1000x by the benchmark (bench/run.py), which is not part of the test suite.
"""
from __future__ import annotations

import pytest

from claimtrace import analysis as A, charts as C, synth, wording as W
from claimtrace.load import load
from conftest import FIXTURE_DATA


@pytest.fixture(scope="module")
def real():
    return load(FIXTURE_DATA)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    data = synth.generate(tmp_path_factory.mktemp("synth") / "x10", claims=420, base=FIXTURE_DATA, seed=3)
    return load(data)


def test_at_most_leaves_few_rows_alone(real):
    est = A.estimates(real.claims, real.sources, "detained_people")
    drawn = A.at_most(est, C.MAX_ROWS)
    assert C.collapse_note(est, drawn) == "" and drawn.drop(columns="claims").equals(est) and (drawn["claims"] == 1).all()


def test_at_most_collapses_same_claimant_same_figure(big):
    est = A.estimates(big.claims, big.sources, "detained_people")
    assert len(est) > C.MAX_ROWS
    drawn = A.at_most(est, C.MAX_ROWS)
    note = C.collapse_note(est, drawn)
    assert 0 < len(drawn) <= C.MAX_ROWS and note
    collapsed = drawn[drawn["claims"] > 1]
    assert len(collapsed) and collapsed["label"].str.contains(" claims in ").all()
    if "others are in the table" not in note:
        assert drawn["claims"].sum() == len(est)
    # rows keep the order of the estimates: by low bound
    assert drawn["value_low"].is_monotonic_increasing


def test_at_most_keeps_the_most_frequent_when_still_too_many(big):
    est = A.estimates(big.claims, big.sources, None)
    rows = 6  # a cap: at most this many rows drawn
    drawn = A.at_most(est, rows)
    note = C.collapse_note(est, drawn)
    assert len(drawn) == rows and "figures given most often" in note


def test_discrepancies_count_the_same_listed_or_counted(real, big):
    for ds in (real, big):
        listed = A.discrepancies(ds.claims, max_listed=10**9)  # every pair of claims
        counted = A.discrepancies(ds.claims, max_listed=0)  # one example per pair of distinct figures
        assert (listed["claim_pairs"] == 1).all() and counted["claim_pairs"].sum() == len(listed)
        assert A.discrepancy_summary(counted).equals(A.discrepancy_summary(listed))
        for pairs in (listed, counted):
            assert (pairs["source_id_a"] != pairs["source_id_b"]).all()
            assert (pairs["claim_id_a"] < pairs["claim_id_b"]).all()


def test_counted_examples_are_the_first_pairs(real):
    listed = A.discrepancies(real.claims, max_listed=10**9)
    counted = A.discrepancies(real.claims, max_listed=0)
    for _, f in counted.iterrows():
        same = listed[(listed["measure"] == f["measure"]) & (listed["subject"] == f["subject"])
                      & (listed["component"] == f["component"]) & (listed["unit"] == f["unit"])]
        assert ((same["claim_id_a"] == f["claim_id_a"]) & (same["claim_id_b"] == f["claim_id_b"])).any()


def test_charts_stay_small_whatever_the_size(big):
    summary = A.provenance_summary(big.claims, big.sources)
    for chart in (C.inventory_chart(big.claims, big.sources), C.provenance_chart(summary, big.sources)):
        spec = chart.to_dict()  # raises altair's MaxRowsError beyond 5,000 rows
        rows = sum(len(v) for v in spec["datasets"].values())
        assert rows <= 7 * C.MAX_DOCUMENTS * 2, rows
    line = C.source_line(big.claims["source_id"], big.sources)
    assert len(line) < 600 and "listed in sources.csv" in line


def test_timeline_counts_chart_for_many_items(big):
    tl = A.timeline(big.events, big.claims, big.sources)
    assert len(tl) > C.MAX_TIMELINE_ROWS
    assert set(tl["lane"]) <= set(A.TIMELINE_LANES) and (tl.loc[tl["kind"] == "period", "lane"] == "period").all()
    spec = C.timeline_counts_chart(tl).to_dict()
    data = next(iter(spec["datasets"].values()))
    assert sum(d["items"] for d in data) == len(tl) and len(data) <= 4 * 30


def test_provenance_is_the_same_claim_by_claim(real):
    p = A.provenance(real.claims, real.sources)
    assert len(p) == (len(A.PROVENANCE_CHECKS) + len(A.DOCUMENT_CHECKS)) * len(real.claims)
    first = p[p["claim_id"] == real.claims["claim_id"].iloc[0]]
    c = real.claims.iloc[0]
    for check, fn in A.PROVENANCE_CHECKS.items():
        assert first.set_index("check").loc[check, "passed"] == bool(fn(c))


def test_words_and_listing():
    assert [W.number_words(x) for x in (5, 1e6, 2e6, 11, 2800, 12.5)] == \
        ["five", "one million", "two million", "11", "2,800", "12.5"]
    assert C.listing(["a", "b"], 5) == "a; b"
    assert C.listing(map(str, range(10)), 3) == "0; 1; 2; and 7 more"
