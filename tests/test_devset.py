"""The drafter's development set (bench/drafting/) is well formed, whatever texts it holds: every text
has its origin, licence and split, every reading row is found verbatim in its text, and every claim
row says who claims what, with values that can be read back out of its quote's figure."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import ROOT

SET = ROOT / "bench" / "drafting"
KINDS = {"claim", "event", "non_claim"}
ATTRIBUTIONS = {"own_voice", "named", "unnamed", "document"}


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _problems(root: Path) -> list[str]:
    """Every way the set at ``root`` breaks its own rules, one line each (file, row, column, what)."""
    out: list[str] = []
    meta = {r["id"]: r for r in _rows(root / "texts.csv")}
    texts = {p.stem for p in (root / "texts").glob("*.txt")}
    readings = {p.stem for p in (root / "readings").glob("*.csv")}
    for missing in sorted(set(meta) - texts):
        out.append(f"texts.csv: {missing}: no texts/{missing}.txt")
    for missing in sorted(set(meta) - readings):
        out.append(f"texts.csv: {missing}: no readings/{missing}.csv")
    for extra in sorted((texts | readings) - set(meta)):
        out.append(f"{extra}: a text or reading with no row in texts.csv")
    for i, m in enumerate(meta.values(), start=2):
        if m.get("split") not in ("tune", "test"):
            out.append(f"texts.csv, row {i}, column split: {m.get('split')!r} is neither tune nor test")
        for col in ("title", "publisher", "licence", "retrieved_via"):
            if not (m.get(col) or "").strip():
                out.append(f"texts.csv, row {i}, column {col}: empty")
        if not (m.get("url") or "").startswith(("https://", "http://")):
            out.append(f"texts.csv, row {i}, column url: {m.get('url')!r} is not an http(s) address")
    for text_id in sorted(set(meta) & texts & readings):
        text = (root / "texts" / f"{text_id}.txt").read_text(encoding="utf-8")
        where = f"readings/{text_id}.csv"
        for i, r in enumerate(_rows(root / "readings" / f"{text_id}.csv"), start=2):
            if r["text_id"] != text_id:
                out.append(f"{where}, row {i}, column text_id: {r['text_id']!r}")
            if r["kind"] not in KINDS:
                out.append(f"{where}, row {i}, column kind: {r['kind']!r}")
            if r["quote"] not in text:
                out.append(f"{where}, row {i}, column quote: not verbatim in texts/{text_id}.txt")
            if r["mention"] not in r["quote"]:
                out.append(f"{where}, row {i}, column mention: {r['mention']!r} is not in its quote")
            if r["kind"] != "claim":
                continue
            if not r["figure"] or r["figure"] not in r["quote"]:
                out.append(f"{where}, row {i}, column figure: {r['figure']!r} is not in its quote")
            if r["attribution"] not in ATTRIBUTIONS:
                out.append(f"{where}, row {i}, column attribution: {r['attribution']!r}")
            for col in ("claimant", "claimant_type", "unit"):
                if not r[col].strip():
                    out.append(f"{where}, row {i}, column {col}: empty")
            values = []
            for col in ("value_low", "value_high"):
                try:
                    values.append(float(r[col]) if r[col] else None)
                except ValueError:
                    out.append(f"{where}, row {i}, column {col}: {r[col]!r} is not a number")
                    values.append(None)
            if values == [None, None]:
                out.append(f"{where}, row {i}: a claim with neither value_low nor value_high")
            elif None not in values and values[0] > values[1]:
                out.append(f"{where}, row {i}: value_low {values[0]:g} is above value_high {values[1]:g}")
    return out


def test_the_development_set_keeps_its_rules():
    assert _problems(SET) == []


def test_each_broken_rule_is_named_by_file_row_and_column(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "readings").mkdir()
    (tmp_path / "texts.csv").write_text(
        "id,title,publisher,published,url,licence,licence_note,retrieved_via,notes,split\n"
        "a,T,P,2020,javascript:x,public domain,,read_file,,holdout\n", encoding="utf-8")
    (tmp_path / "texts" / "a.txt").write_text("Title\n\nSome 1.8 million people, the group said.\n", encoding="utf-8")
    (tmp_path / "readings" / "a.csv").write_text(
        "text_id,mention,kind,quote,figure,value_low,value_high,unit,claimant,claimant_type,attribution,why\n"
        "a,1.8,claim,Some 1.8 million people,1.8 million,,,people,the group,NGO,named,\n"
        "a,1.8,claim,Some 1.9 million people,1.9 million,2,1,people,,NGO,hearsay,\n", encoding="utf-8")
    problems = _problems(tmp_path)
    assert problems == [
        "texts.csv, row 2, column split: 'holdout' is neither tune nor test",
        "texts.csv, row 2, column url: 'javascript:x' is not an http(s) address",
        "readings/a.csv, row 2: a claim with neither value_low nor value_high",
        "readings/a.csv, row 3, column quote: not verbatim in texts/a.txt",
        "readings/a.csv, row 3, column mention: '1.8' is not in its quote",
        "readings/a.csv, row 3, column attribution: 'hearsay'",
        "readings/a.csv, row 3, column claimant: empty",
        "readings/a.csv, row 3: value_low 2 is above value_high 1",
    ]


@pytest.mark.parametrize("half", ["tune", "test"])
def test_each_half_has_texts(half):
    assert any(r["split"] == half for r in _rows(SET / "texts.csv")), f"the {half} half is empty"
