"""How good `python -m claimtrace draft` is, on real texts it was not written from.

    python bench/drafting.py [--split {tune,test,both}] [--no-scaling] [--json OUT]

The development set is bench/drafting/: texts/ID.txt (real texts on the subject whose licences let
them sit here; origin and licence in texts.csv) and readings/ID.csv, a careful reader's reading of
every numeric mention of each text (claim, event or non-claim; for each claim its verbatim quote,
figure, values and claimant), written before the drafter's output was looked at. It is the
expected answer.

Each text is added to a scratch copy of data/ with `add-source`, drafted with `draft`, and scored:

- recall: of the reader's claims, the share with a drafted claim whose quote overlaps the reader's
  quote and whose values are the reader's (target: at least 0.95);
- precision: of the drafted claim rows, the share whose figure lies inside one of the reader's claim
  quotes (target: at least 0.85);
- claimant: of the drafted claims that found a reader's claim, the share naming the same claimant
  (the same words, or the same last word: "Zenz" and "Adrian Zenz"; target: at least 0.80);
- attribution: of the same drafted claims, the share with the reader's attribution (own_voice, named,
  unnamed, document; target: at least 0.85), and claimant_attribution, the share right on both
  (target: at least 0.85);
- verbatim: the share of drafted quotes found verbatim in the archived text (target: 1.0);
- the seconds the drafter took.

Every metric is reported per text and pooled over each half of the set (texts.csv `split`): `tune`,
the texts the drafter may be improved against, and `test`, scored only to measure, never to tune.
`--split tune` drafts and scores the tune half alone (the drafter never sees a test text; the scaling
texts are then made of tune texts only), `--split test` the test half alone, `--split both` (the
default) the whole set.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "bench" / "drafting"
SPLITS = ("tune", "test", "both")
TARGETS = {"recall": 0.95, "precision": 0.90, "claimant": 0.80, "attribution": 0.85, "claimant_attribution": 0.85,
           "verbatim": 1.0}


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _num(s: str):
    return float(s) if s not in ("", None) else None


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    out, i = [], text.find(quote)
    while i != -1 and quote:
        out.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    return out


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


def _same_claimant(a: str, b: str) -> bool:
    a, b = a.strip().lower().removeprefix("the "), b.strip().lower().removeprefix("the ")
    return a == b or (bool(a) and bool(b) and (a.split()[-1] == b.split()[-1] or a in b or b in a))


def _same_values(d: dict, r: dict) -> bool:
    pairs = [(_num(d["value_low"]), _num(r["value_low"])), (_num(d["value_high"]), _num(r["value_high"]))]
    return all((x is None and y is None) or (x is not None and y is not None and abs(x - y) < 1e-6) for x, y in pairs)


def score(text: str, reading: list[dict[str, str]], drafted: list[dict[str, str]]) -> dict:
    expected = {}
    for r in reading:
        if r["kind"] == "claim":
            expected.setdefault((r["quote"], r["figure"]), r)
    found, claimant_right, attribution_right, both_right, matched_rows = 0, 0, 0, 0, 0
    for (quote, _), r in expected.items():
        spans = _spans(text, quote)
        hit = next((d for d in drafted if _overlap(_spans(text, d["quote"]), spans) and _same_values(d, r)), None)
        if hit is not None:
            found += 1
    real = 0
    for d in drafted:
        fig = [(s + d["quote"].find(d["figure"]), s + d["quote"].find(d["figure"]) + len(d["figure"]))
               for s, _ in _spans(text, d["quote"])]
        match = next((r for (quote, _), r in expected.items() if _overlap(fig, _spans(text, quote))), None)
        if match is not None:
            real += 1
            matched_rows += 1
            who = _same_claimant(d["claimant"], match["claimant"])
            how = d.get("attribution", "") == match.get("attribution", "")
            claimant_right += who
            attribution_right += how
            both_right += who and how
    verbatim = sum(d["quote"] in text for d in drafted)
    counts = {"expected_claims": len(expected), "drafted_claims": len(drafted), "found": found, "real": real,
              "claimant_right": claimant_right, "attribution_right": attribution_right, "both_right": both_right,
              "verbatim_quotes": verbatim}
    return {**counts, **_rates(counts)}


def _rates(c: dict) -> dict:
    """The metrics from the counts (of one text, or pooled over several)."""
    return {"recall": c["found"] / c["expected_claims"] if c["expected_claims"] else 1.0,
            "precision": c["real"] / c["drafted_claims"] if c["drafted_claims"] else 1.0,
            "claimant": c["claimant_right"] / c["real"] if c["real"] else 1.0,
            "attribution": c["attribution_right"] / c["real"] if c["real"] else 1.0,
            "claimant_attribution": c["both_right"] / c["real"] if c["real"] else 1.0,
            "verbatim": c["verbatim_quotes"] / c["drafted_claims"] if c["drafted_claims"] else 1.0}


COUNTS = ("expected_claims", "drafted_claims", "found", "real", "claimant_right", "attribution_right", "both_right",
          "verbatim_quotes")


def halves(results: list[dict]) -> dict:
    """Every metric pooled over the texts of each split (tune, test): counts summed, then divided."""
    out = {}
    for split in sorted({r["split"] for r in results}, key=lambda s: (s != "tune", s)):
        rows = [r for r in results if r["split"] == split]
        c = {k: sum(r[k] for r in rows) for k in COUNTS}
        out[split] = {"texts": len(rows), "words": sum(r["words"] for r in rows), **c,
                      **{k: round(v, 3) for k, v in _rates(c).items()}}
    return out


def texts(split: str = "both") -> dict[str, dict[str, str]]:
    """texts.csv's rows by id, of one half (tune, test) or of both."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    meta = {r["id"]: r for r in _rows(SET / "texts.csv")}
    return {k: m for k, m in meta.items() if split == "both" or (m.get("split") or "tune") == split}


def evaluate(split: str = "both") -> list[dict]:
    from claimtrace.draft import draft
    from claimtrace.intake import add_source

    meta = texts(split)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("drafts"))
        for text_id, m in sorted(meta.items()):
            path = SET / "texts" / f"{text_id}.txt"
            add_source(path, text_id, publisher=m["publisher"], published=m["published"] or None, data_dir=data)
            start = time.perf_counter()
            draft(text_id, Path(tmp) / "drafts" / text_id, data_dir=data)
            seconds = time.perf_counter() - start
            drafted = _rows(Path(tmp) / "drafts" / text_id / "claims.csv")
            s = score(path.read_text(encoding="utf-8"), _rows(SET / "readings" / f"{text_id}.csv"), drafted)
            results.append({"text": text_id, "split": m.get("split") or "tune", "words": len(path.read_text(encoding="utf-8").split()),
                            "seconds": round(seconds, 4), **{k: (round(v, 3) if isinstance(v, float) else v)
                                                              for k, v in s.items()}})
    return results


def scaling(sizes=(1_000_000, 10_000_000), split: str = "both") -> dict:
    """Seconds to draft a text of each size (the development texts of ``split``, repeated), and the
    growth exponent between the sizes: 1 is linear."""
    import math

    from claimtrace.draft import draft
    from claimtrace.intake import add_source

    corpus = "\n\n".join((SET / "texts" / f"{k}.txt").read_text(encoding="utf-8") for k in sorted(texts(split)))
    seconds = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("drafts"))
        for size in sizes:
            text = (corpus * (size // len(corpus) + 1))[:size]
            text = text[: text.rfind("\n")] + "\n"
            path = Path(tmp) / f"big_{size}.txt"
            path.write_text(text, encoding="utf-8")
            add_source(path, f"big_{size}", data_dir=data)
            start = time.perf_counter()
            draft(f"big_{size}", Path(tmp) / "drafts" / str(size), data_dir=data)
            seconds[size] = round(time.perf_counter() - start, 2)
    (a, b) = sizes
    return {"seconds": {f"{k / 1e6:g} MB": v for k, v in seconds.items()},
            "exponent": round(math.log(seconds[b] / seconds[a]) / math.log(b / a), 3)}


def _cells(r: dict) -> str:
    return (f"{r['expected_claims']} | {r['drafted_claims']} | {r['recall']:.2f} | {r['precision']:.2f} | {r['claimant']:.2f} | "
            f"{r.get('attribution', 1.0):.2f} | {r.get('claimant_attribution', 1.0):.2f} | {r['verbatim']:.2f}")


def table(results: list[dict]) -> str:
    """One row per text, the tune half first, then the two halves pooled."""
    head = ("reader's claims | drafted | recall | precision | claimant | attribution | claimant and attribution | "
            "verbatim")
    lines = [f"| text | split | words | {head} | seconds |", "|---" * 12 + "|"]
    for r in sorted(results, key=lambda r: (r.get("split", "tune") != "tune", r["text"])):
        lines.append(f"| {r['text']} | {r.get('split', 'tune')} | {r['words']} | {_cells(r)} | {r['seconds']:.3f} |")
    if all("split" in r and "real" in r for r in results):
        lines += ["", f"| half | texts | words | {head} |", "|---" * 11 + "|"]
        for split, h in halves(results).items():
            lines.append(f"| **{split}** | {h['texts']} | {h['words']} | {_cells(h)} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--no-scaling", action="store_true", help="skip drafting 1 MB and 10 MB texts")
    ap.add_argument("--split", choices=SPLITS, default="both",
                    help="draft and score only the tune half, only the test half, or both (default)")
    args = ap.parse_args(argv)
    results = evaluate(args.split)
    print(table(results))
    grow = None if args.no_scaling else scaling(split=args.split)
    if grow:
        print(f"Drafting time: {grow['seconds']}; growth exponent {grow['exponent']} (1 is linear)")
    if args.json:
        args.json.write_text(json.dumps({"texts": results, "halves": halves(results), "scaling": grow}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
