"""The synthetic data generator (benchmarks): valid, clearly synthetic, deterministic, kept out of data/.
It is run on the frozen fixture package (tests/fixtures/README.md), as its --base."""
from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from claimtrace import synth
from claimtrace.numbers import parse_figure
from claimtrace.package import read_package
from claimtrace.validate import validate
from conftest import FIXTURE_DATA, LIVE_DATA, ROOT

REAL = len(read_package(FIXTURE_DATA).rows["claims"])  # the claims of the package it multiplies


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    return synth.generate(tmp_path_factory.mktemp("synth") / "x3", claims=3 * REAL, base=FIXTURE_DATA, seed=1)


def test_synthetic_package_is_valid(package):
    assert [str(p) for p in validate(package)] == []


def test_it_has_the_claims_asked_for_and_the_real_ones_unchanged(package):
    pkg = read_package(package)
    real = read_package(FIXTURE_DATA)
    assert len(pkg.rows["claims"]) == 3 * len(real.rows["claims"])
    assert pkg.rows["claims"][: len(real.rows["claims"])] == real.rows["claims"]
    assert pkg.rows["sources"][: len(real.rows["sources"])] == real.rows["sources"]
    assert (package / "reference" / "reference_figures.csv").read_bytes() == \
        (FIXTURE_DATA / "reference" / "reference_figures.csv").read_bytes()


def test_everything_generated_says_synthetic(package):
    pkg = read_package(package)
    real_ids = {r[0] for r in read_package(FIXTURE_DATA).rows["sources"]}
    generated = [rec for _, rec in pkg.records("sources") if rec["source_id"] not in real_ids]
    assert generated
    for rec in generated:
        assert "SYNTHETIC" in rec["title"] and "SYNTHETIC" in rec["publisher"] and "SYNTHETIC" in rec["notes"]
        assert (package.parent / rec["path"]).read_text(encoding="utf-8").startswith(synth.BANNER)
    for name in ("claims", "events", "non_claims"):
        for _, rec in pkg.records(name):
            if rec["source_id"] not in real_ids:
                assert rec["notes"].startswith("SYNTHETIC"), rec
    assert "SYNTHETIC" in pkg.descriptor["title"] and (package.parent / "README.md").exists()


def test_generated_figures_read_back_and_vary(package):
    pkg = read_package(package)
    figures = set()
    for _, rec in pkg.records("claims"):
        if rec["source_id"].startswith("synth_"):
            fig = parse_figure(rec["figure"])
            assert fig.qualifier == rec["qualifier"]
            assert rec["figure"] in rec["quote"]
            figures.add(rec["figure"])
    real = {r["figure"] for r in csv.DictReader(open(FIXTURE_DATA / "claims.csv", encoding="utf-8"))}
    assert figures - real, "no figure was varied"


def test_same_seed_same_bytes_and_real_data_untouched(tmp_path):
    before = {p: p.read_bytes() for p in FIXTURE_DATA.rglob("*") if p.is_file()}
    a = synth.generate(tmp_path / "a", claims=60, base=FIXTURE_DATA, seed=7)
    b = synth.generate(tmp_path / "b", claims=60, base=FIXTURE_DATA, seed=7)
    for name in ("sources.csv", "claims.csv", "events.csv", "non_claims.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert before == {p: p.read_bytes() for p in FIXTURE_DATA.rglob("*") if p.is_file()}


def test_refuses_to_write_into_the_real_package(tmp_path):
    with pytest.raises(ValueError, match="real package"):
        synth.generate(ROOT, claims=50)
    with pytest.raises(ValueError, match="real package"):
        synth.generate(LIVE_DATA / "x", claims=50)
    with pytest.raises(ValueError, match="at least"):
        synth.generate(tmp_path / "s", claims=10)


def test_vary_keeps_the_words_and_scales_the_numbers():
    assert synth.vary("more than 1,000", 1.5) == "more than 1,500"
    assert synth.vary("about 12.5%", 2.0, "percent") == "about 25.0%"
    assert synth.vary("an estimated one million", 2.0) == "an estimated one million"
    assert synth.vary("between 1 to 2 million", 1.5) == "between 2 to 3 million"


def test_command_line(tmp_path):
    out = subprocess.run([sys.executable, "-m", "claimtrace.synth", str(tmp_path / "s"), "--factor", "2",
                          "--base", str(FIXTURE_DATA)],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert f"SYNTHETIC package with {2 * REAL} claims (2x the real {REAL})" in out
    assert validate(tmp_path / "s" / "data") == []
