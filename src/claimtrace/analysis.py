"""The analyses behind the notebooks: pure functions from the claims tables to small frames.

Every function here takes DataFrames as `claimtrace.load.load` returns them (text columns with
"" for empty cells, `value_low`/`value_high` as floats with NaN) and returns a new frame; nothing
is read from or written to disk, so each can be unit-tested on a handful of rows.

The rule throughout: a figure is a claim by a named claimant, printed in a named document. No
figure is changed to agree with another one or with a reference record; derived numbers
(sums, implied populations, implied rates) are kept in their own columns and labelled as derived.

Scale: every function is linear (or n log n) in the number of claims, so the notebooks run on a
claims table a thousand times the real one (see claimtrace.synth and bench/). Where a chart would
draw one row per claim, `at_most` collapses the rows beyond a threshold, and `discrepancies` counts
the disagreements between distinct figures, listing every pair of claims only in small groups.
"""
from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass

import pandas as pd

from . import wording as W
from .numbers import APPROXIMATE, EXCLUSIVE_LOW, QUALIFIERS


# --- Intervals -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Interval:
    """The interval a claim's figure stands for.

    ``low``/``high`` are None when that side is open (unbounded); ``low_exclusive`` marks a
    strict lower bound ("more than"); ``approximate`` marks a hedged or vague figure; ``rounded``
    an exact figure printed as a whole number of hundreds, which may differ from a precise one by
    rounding (`verdict` treats it as approximate; labels print it as it was printed).
    """

    low: float | None
    high: float | None
    low_exclusive: bool = False
    approximate: bool = False
    rounded: bool = False

    @property
    def open_low(self) -> bool:
        return self.low is None

    @property
    def open_high(self) -> bool:
        return self.high is None

    @property
    def is_point(self) -> bool:
        return self.low is not None and self.low == self.high

    def overlaps(self, other: "Interval") -> bool:
        """Whether some value could satisfy both figures (open sides reach to infinity)."""
        lo1 = -math.inf if self.low is None else self.low
        hi1 = math.inf if self.high is None else self.high
        lo2 = -math.inf if other.low is None else other.low
        hi2 = math.inf if other.high is None else other.high
        lo, hi = max(lo1, lo2), min(hi1, hi2)
        if lo < hi:
            return True
        if lo > hi:
            return False
        # They touch at one value: it must be admitted by both sides.
        for iv in (self, other):
            if iv.low_exclusive and iv.low == lo:
                return False
        return True


def _num(x) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return None
    return float(x)


def interval(claim) -> Interval:
    """The interval of one claim row (a mapping with value_low, value_high and qualifier)."""
    q = claim["qualifier"]
    low, high = _num(claim["value_low"]), _num(claim["value_high"])
    if low is not None and high is not None and low > high:
        raise ValueError(f"{claim.get('claim_id', '?')}: low {low} exceeds high {high}")
    return Interval(
        low=low,
        high=high,
        low_exclusive=q in EXCLUSIVE_LOW,
        approximate=q in APPROXIMATE,
        rounded=_round(q, low, high),
    )


def _round(qualifier: str, low: float | None, high: float | None) -> bool:
    """A figure printed as an exact whole number of hundreds ("The 400 pages", "1 million") reads as
    rounded, so it may differ by rounding from a precise one ("403 pages"): approximate in `verdict`."""
    return qualifier == "exact" and low is not None and low == high and low >= 100 and low % 100 == 0


def with_intervals(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims with columns open_low, open_high, low_exclusive, approximate and is_point."""
    low, high = claims["value_low"].astype("float64"), claims["value_high"].astype("float64")
    bad = low.notna() & high.notna() & (low > high)
    if bad.any():
        interval(claims[bad].iloc[0])  # raises, naming the claim
    out = claims.copy()
    out["open_low"] = low.isna().to_numpy(dtype=bool)
    out["open_high"] = high.isna().to_numpy(dtype=bool)
    out["low_exclusive"] = claims["qualifier"].isin(EXCLUSIVE_LOW).to_numpy(dtype=bool)
    out["approximate"] = claims["qualifier"].isin(APPROXIMATE).to_numpy(dtype=bool)
    out["is_point"] = (low.notna() & (low == high)).to_numpy(dtype=bool)
    return out


def bound_label(row) -> str:
    """A reader's description of a claim's interval: 'above 1,000,000 (no upper bound given)', '200 to 999'."""
    iv = interval(row)
    if row["qualifier"] == "likely closer to":  # a hedged estimate, not "about": the claimant's own words
        return f"likely closer to {W.number(iv.low)}: a hedged estimate"
    return W.bounds(iv.low, iv.high, iv.low_exclusive, iv.approximate)


# --- Joining claims to their documents -------------------------------------------------------

def with_sources(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The claims with the document's title, publisher and publication date beside each.

    ``dated`` is the claim's own date when the text gives one, else the document's publication
    date; ``dated_basis`` says which.
    """
    src = sources[["source_id", "title", "publisher", "published_date", "document_type"]].rename(
        columns={"title": "source_title", "publisher": "source_publisher"})
    out = claims.merge(src, on="source_id", how="left", validate="many_to_one")
    unknown = out["claim_date_basis"] == "not known"
    out["dated"] = out["claim_date"].where(out["claim_date"] != "", out["published_date"]).where(~unknown, "")
    out["dated_basis"] = [f"claim date {b} in the text" if b in ("stated", "inferred") else
                          "date not known (older than its document)" if b == "not known" else "document's publication date"
                          for b in out["claim_date_basis"]]
    return out


def documents_on(claims: pd.DataFrame, sources: pd.DataFrame, on_subject: pd.Series, drawn) -> pd.DataFrame:
    """Every document in the data, with how many of its claims there are in all, how many are on a
    notebook's subject (``on_subject``: a boolean mask over ``claims``) and how many the notebook
    draws (``drawn``: claim ids). A document added to the data is listed too, with zeros where it
    prints nothing on the subject: a reader sees it was looked at, not left out."""
    drawn = set(drawn)
    counts = pd.DataFrame({"source_id": claims["source_id"], "claims": 1,
                           "on this subject": on_subject.astype(int).to_numpy(),
                           "drawn here": claims["claim_id"].isin(drawn).astype(int).to_numpy()})
    counts = counts.groupby("source_id", sort=False).sum()
    out = sources[["source_id", "publisher", "published_date"]].join(counts, on="source_id")
    numbers = ["claims", "on this subject", "drawn here"]
    out[numbers] = out[numbers].fillna(0).astype(int)
    return out.sort_values(["published_date", "source_id"], kind="mergesort").reset_index(drop=True)


def short_publisher(publisher: str) -> str:
    """'International Observatory of Human Rights (IOHR)' -> 'IOHR'; 'unknown (a ...)' -> kept short."""
    if "(" in publisher and publisher.rstrip().endswith(")") and not publisher.startswith("unknown"):
        return publisher[publisher.rindex("(") + 1:-1]
    if publisher.startswith("unknown"):
        return publisher.split("(", 1)[1].rstrip(")").strip() if "(" in publisher else publisher
    return publisher


def source_labels(source_ids, sources: pd.DataFrame) -> list[str]:
    """A short label for each document: its publisher, or its kind when unknown, and its date
    ('IOHR, Nov 2019'; 'blog repost, 2019'; 'HRN, 2022'), indexing the sources once."""
    index = sources.set_index("source_id")
    memo: dict[str, str] = {}
    out = []
    for sid in source_ids:
        if sid not in memo:
            memo[sid] = _source_label(index.loc[sid])
        out.append(memo[sid])
    return out


def _source_label(row) -> str:
    who = row["document_type"] if row["publisher"].startswith("unknown") else short_publisher(row["publisher"])
    d = row["published_date"]
    when = pd.Timestamp(d + "-01").strftime("%b %Y") if len(d) == 7 else d[:4]
    if row["publisher"].startswith("unknown"):
        when = d[:4]
    return f"{who}, {when}"


# --- 1. Inventory ----------------------------------------------------------------------------

# Each check takes a claim row, or the whole claims table at once (element-wise operators).
PROVENANCE_CHECKS = {
    "attributed, not in the publisher's own voice": lambda c: c["attribution"] != "own_voice",
    "outlet or channel named": lambda c: (c["reported_via"] != "") | (c["claimant_type"] == "news outlet"),
    "period stated": lambda c: (c["period_start"] != "") | (c["period_end"] != ""),
    "claim date stated in the text": lambda c: c["claim_date_basis"] == "stated",
    "claim date inferred from the text": lambda c: c["claim_date_basis"] == "inferred",
    "in the body text": lambda c: c["position"] == "body",
}
DOCUMENT_CHECKS = {
    "publisher stated in the document": "publisher_basis",
    "publication date stated in the document": "date_basis",
}


def provenance(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per claim and provenance check (True/False), with the document's own basis.

    Besides the per-claim checks, two document checks are added: whether the publisher and the
    publication date are stated in the text or had to be inferred.
    """
    src = sources.set_index("source_id")
    columns = {check: pd.Series(fn(claims), index=claims.index).to_numpy(dtype=bool)
               for check, fn in PROVENANCE_CHECKS.items()}
    for check, basis in DOCUMENT_CHECKS.items():
        columns[check] = (src.loc[claims["source_id"], basis] == "stated").to_numpy(dtype=bool)
    n, k = len(claims), len(columns)
    return pd.DataFrame({  # claim by claim, its checks in order
        "claim_id": claims["claim_id"].to_numpy().repeat(k),
        "source_id": claims["source_id"].to_numpy().repeat(k),
        "check": list(columns) * n,
        "passed": pd.DataFrame(columns).to_numpy(dtype=bool).reshape(-1) if n else [],
    })


def provenance_summary(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Share of each document's claims passing each provenance check (0..1), with counts."""
    p = provenance(claims, sources)
    g = p.groupby(["source_id", "check"], sort=False)["passed"]
    out = g.agg(passed="sum", claims="count").reset_index()
    out["share"] = out["passed"] / out["claims"]
    out["passed"] = out["passed"].astype(int)
    return out


def inventory(claims: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Number of claims by the given columns, largest first, ties by the columns' order."""
    out = claims.groupby(by).size().rename("claims").reset_index()
    return out.sort_values(["claims", *by], ascending=[False, *[True] * len(by)]).reset_index(drop=True)


# --- 2. Detainee estimates -------------------------------------------------------------------

def estimates(claims: pd.DataFrame, sources: pd.DataFrame, measure: str | None = "detained_people",
              subject: str | None = None) -> pd.DataFrame:
    """The claims of one measure (and subject, if given) as intervals, one row per claim.

    Beside each claim: its document (`with_sources`), the interval's flags (`with_intervals`), a
    ``label`` "claimant · document", its ``bounds`` in words and its ``kind``. Rows are ordered by
    low bound, then high bound (open last), then claim id, so the order is stable. Where to draw
    each row is the chart's business (`charts.estimate_rows`).
    """
    sel = claims
    if measure is not None:
        sel = sel[sel["measure"] == measure]
    if subject is not None:
        sel = sel[sel["subject"] == subject]
    df = with_intervals(with_sources(sel, sources))
    records = df.to_dict("records")
    df["bounds"] = [bound_label(r) for r in records]
    df["document"] = source_labels(df["source_id"], sources)
    df["label"] = [_claimant_label(r, d) for r, d in zip(records, df["document"])]
    df["kind"] = [
        "open-ended (no upper bound given)" if r.open_high
        else "range" if not r.is_point
        else "approximate figure" if r.approximate
        else "figure as printed"
        for r in df.itertuples()
    ]
    df = df.sort_values(["value_low", "value_high", "claim_id"], kind="mergesort", na_position="last")
    df = df.reset_index(drop=True)
    return df


def derived_row(template: pd.Series, claim_id: str, low: float, high: float, figure: str,
                scope: str, quote: str) -> dict:
    """A row shaped like an estimates() row for a number this project derived (never a claim)."""
    row = template.to_dict()
    row.update({
        "claim_id": claim_id, "value_low": low, "value_high": high,
        "figure": figure, "qualifier": "exact", "claimant": "derived by this project",
        "claimant_type": "derived by this project", "reported_via": "", "component": "",
        "open_low": False, "open_high": False, "low_exclusive": False, "approximate": False,
        "is_point": low == high, "scope": scope, "quote": quote, "kind": "derived",
        "bounds": W.span(low, high),
    })
    row["label"] = f"Derived here from {row['document']}"
    return row


def _claimant_label(r, document: str | None = None) -> str:
    """'Randall Schriver (said 2019-05) · IOHR, Nov 2019'; 'HuffPost, in its own voice · HuffPost, Nov 2019'."""
    who = r["claimant"] + (", in its own voice" if r.get("attribution") == "own_voice" else "")
    via = f" via {r['reported_via']}" if r["reported_via"] else ""
    when = (f" (said {r['claim_date']})" if r.get("claim_date_basis") == "stated"
            else f" (said {r['claim_date']}, inferred)" if r["claim_date"]
            else " (an earlier title, date not known)" if r.get("claim_date_basis") == "not known" else "")
    return f"{who}{via}{when} · {r['document'] if document is None else document}"


# --- Charts of any size: at most so many rows ---------------------------------------------------

# Rows that stand for the same figure: the same claimant, the same interval, the same kind of row.
COLLAPSE_KEY = ["claimant", "claimant_type", "reported_via", "measure", "subject", "component", "unit",
                "value_low", "value_high", "qualifier", "kind"]


def at_most(rows: pd.DataFrame, max_rows: int) -> pd.DataFrame:
    """The rows to draw: all of them while there are at most ``max_rows``; else collapsed.

    Beyond ``max_rows``, the rows that stand for the same figure (`COLLAPSE_KEY`: the same claimant
    giving the same interval, in different documents) become one row, labelled with how many claims
    and documents it stands for; if more than ``max_rows`` such figures remain, the ``max_rows``
    given most often are kept. Rows keep their order. Returns the rows, with a column ``claims``
    (how many claims each row stands for); `charts.collapse_note` says in words what was collapsed.
    """
    out = rows.copy()
    out["claims"] = 1
    if len(out) <= max_rows:
        return out
    group = figure_groups(out)
    claims = group.map(group.value_counts())
    documents = group.map(out.groupby(group)["source_id"].nunique())
    first = ~group.duplicated()
    out = out[first].copy()
    out["claims"], out["documents"] = claims[first], documents[first]
    out["document"] = [f"{d:,} documents" if d > 1 else doc for d, doc in zip(out["documents"], out["document"])]
    out["label"] = [_claimant_label(r, f"{r['claims']:,} claims in {r['document']}") if r["claims"] > 1
                    else r["label"] for r in out.to_dict("records")]
    if len(out) > max_rows:
        out = out[out["claims"].rank(method="first", ascending=False) <= max_rows]
    return out.drop(columns="documents").reset_index(drop=True)


def figure_groups(rows: pd.DataFrame) -> pd.Series:
    """For each row, the number of the figure it stands for (rows equal on `COLLAPSE_KEY`)."""
    key = [c for c in COLLAPSE_KEY if c in rows.columns]
    return rows.groupby(key, dropna=False, sort=False).ngroup()


def scope_line(r) -> str:
    """What a claim counts and over what period, in the document's terms, for a chart label."""
    period = ""
    if r["period_start"] and r["period_end"]:
        period = f", {r['period_start']} to {r['period_end']}"
    elif r["period_start"]:
        period = f", since {r['period_start']}"
    where = "" if r["position"] == "body" else f" [{r['position']}]"
    return f"counts: {r['scope']}{period}{where}"


# --- 3. Facilities ---------------------------------------------------------------------------

def facilities(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The facility counts, each with what it counts (its scope) and who said it."""
    return estimates(claims, sources, measure="detention_facilities")


# The relation of what two counts count (`Vocabulary.relation`), as a reader asks it.
RELATION_WORDS = {"same": "count the same thing: they compete", "part": "one counts a part of what the other counts",
                  "whole": "one counts a part of what the other counts", "overlap": "count things that overlap",
                  "unrelated": "count different things"}


def counts_of(measure: str, claims: pd.DataFrame, reference: pd.DataFrame, counted: pd.DataFrame) -> pd.DataFrame:
    """Every count of one measure, the documents' claims and the reference figures alike: who gives
    it, the figure as printed, what it counts (the vocabulary's label), the interval."""
    vocabulary = Vocabulary(counted)
    c = claims[claims["measure"] == measure]
    r = reference[reference["measure"] == measure]
    out = pd.concat([
        pd.DataFrame({"id": c["claim_id"], "kind": "claim", "who": c["claimant"], "figure": c["figure"],
                      "counted": c["counted"], "value_low": c["value_low"], "value_high": c["value_high"],
                      "qualifier": c["qualifier"], "period_start": c["period_start"], "period_end": c["period_end"],
                      "date": c["claim_date"], "source_id": c["source_id"]}),
        pd.DataFrame({"id": r["reference_id"], "kind": "reference", "who": r["producer"], "figure": r["figure"],
                      "counted": r["counted"], "value_low": r["value"], "value_high": r["value_high"],
                      "qualifier": r["qualifier"], "period_start": "", "period_end": "", "date": r["date"],
                      "source_id": ""}),
    ], ignore_index=True)
    out.insert(5, "what", [vocabulary.label(x) for x in out["counted"]])
    # a short name for the count, for sentences: a claim by its words and claimant, a reference
    # figure by its title and words
    out["short"] = ([f"{W.quote(f)} ({w})" for f, w in zip(c["figure"], c["claimant"])]
                    + [f"{t} ({W.quote(f)})" for t, f in zip(r["title"], r["figure"])])
    return out


def counts_compared(counts: pd.DataFrame, counted: pd.DataFrame, tolerance: float = 0.05) -> pd.DataFrame:
    """Every pair of counts (`counts_of`) from different documents or producers: how what they count
    relates (RELATION_WORDS), the verdict on their figures (`compare`) and its caveat."""
    vocabulary = Vocabulary(counted)
    recs = counts.to_dict("records")
    rows = []
    for a, b in itertools.combinations(recs, 2):
        if a["kind"] == b["kind"] == "claim" and a["source_id"] == b["source_id"] and a["who"] == b["who"]:
            continue  # one statement's own range
        kind, _ = vocabulary.relation(a["counted"], b["counted"])
        v, caveat = compare(a, b, vocabulary, tolerance)
        rows.append({"a": f"{a['who']}: {W.quote(a['figure'])}", "b": f"{b['who']}: {W.quote(b['figure'])}",
                     "what_a": a["what"], "what_b": b["what"], "relation": RELATION_WORDS[kind],
                     "verdict": v, "caveat": caveat, "id_a": a["id"], "id_b": b["id"],
                     "short_a": a["short"], "short_b": b["short"]})
    return pd.DataFrame(rows, columns=["a", "b", "what_a", "what_b", "relation", "verdict", "caveat", "id_a", "id_b",
                                       "short_a", "short_b"])


# --- 4. Konasheher ---------------------------------------------------------------------------

KONASHEHER_MEASURES = ("people_in_records", "detained_share", "detention_rate_ratio")


def konasheher_figures(claims: pd.DataFrame, source_id: str, subject: str = "konasheher_records") -> pd.DataFrame:
    """One document's three Konasheher claims, indexed by measure (`KONASHEHER_MEASURES`): the
    people in the records, the share of them detained (percent) and how many times the national
    rate that is. KeyError naming the measure when the document does not give one of them."""
    sel = claims[(claims["subject"] == subject) & (claims["source_id"] == source_id)
                 & claims["measure"].isin(KONASHEHER_MEASURES)]
    missing = [m for m in KONASHEHER_MEASURES if m not in set(sel["measure"])]
    if missing:
        raise KeyError(f"{source_id} gives no {subject} claim of {', '.join(missing)}")
    return sel.drop_duplicates("measure").set_index("measure").loc[list(KONASHEHER_MEASURES)]


def implied_bound(ratio_qualifier: str) -> str:
    """What a rate divided by a hedged ratio is: "over 64 times" -> 'at most' the quotient,
    "up to" -> 'at least', "about" -> 'about', an exact ratio -> ''."""
    q = QUALIFIERS[ratio_qualifier]
    return "at most" if q.open_high else "at least" if q.open_low else "about" if q.approximate else ""


def konasheher_implications(figures: pd.DataFrame, adult_share: float, ethnic_share: float) -> pd.DataFrame:
    """What a document's three Konasheher figures imply under stated assumptions, step by step.

    ``figures`` is `konasheher_figures`: the claimed people in the records (taken as the county
    population), the share detained (percent) and the ratio to the national rate, each with its
    printed figure and claimant, which the steps quote. ``adult_share`` and ``ethnic_share`` are
    assumptions (fractions 0..1), not figures from the sources. The implied national rate uses
    only the two claimed figures: if the county's rate is the share and that is the ratio times
    the national rate, the national rate is share / ratio; for "over 64 times" that is an upper
    bound (`implied_bound`). Returns one row per step with ``kind`` claimed/assumed/derived.
    """
    for name, v in {"adult_share": adult_share, "ethnic_share": ethnic_share}.items():
        if not 0 < v <= 1:
            raise ValueError(f"{name} must be a fraction in (0, 1], got {v}")
    people, pct, ratio = (float(figures.loc[m, "value_low"]) for m in KONASHEHER_MEASURES)
    people_fig, pct_fig, ratio_fig = (figures.loc[m, "figure"] for m in KONASHEHER_MEASURES)
    if ratio <= 0:
        raise ValueError(f"the rate ratio must be positive, got {ratio:g}")
    who = short_publisher(figures.loc["detained_share", "claimant"])
    adults = people * adult_share
    ethnic_adults = adults * ethnic_share
    detained = ethnic_adults * pct / 100
    county_rate = percent_per_100k(pct)  # per 100,000 ethnic adults
    national_rate = county_rate / ratio
    bound = implied_bound(figures.loc["detention_rate_ratio", "qualifier"])
    rows = [
        ("people in the records", people, "people", "claimed",
         f"{short_publisher(figures.loc['people_in_records', 'claimant'])}: the personal information of “{people_fig} people”"),
        ("adults among them", adults, "people", "derived",
         f"{W.number(people)} × assumed adult share {W.share(adult_share)}"),
        ("ethnic adults among them", ethnic_adults, "people", "derived",
         f"× assumed ethnic (non-Han) share {W.share(ethnic_share)}"),
        ("ethnic adults detained, implied", detained, "people", "derived",
         f"× {who}'s {W.quote(pct_fig)} → about {W.whole(round(detained, -3))}"),
        ("county detention rate", county_rate, "per 100,000 ethnic adults", "claimed",
         f"{who}'s {W.quote(pct_fig)} as a rate"),
        (f"national imprisonment rate, implied{f' ({bound})' if bound else ''}", national_rate, "per 100,000",
         "derived", f"{W.percent(pct)} ÷ {ratio:g} "
         f"({short_publisher(figures.loc['detention_rate_ratio', 'claimant'])}: {W.quote(ratio_fig)}) → "
         f"{bound + ' ' if bound else ''}{W.whole(national_rate)} per 100,000"),
    ]
    return pd.DataFrame(rows, columns=["step", "value", "unit", "kind", "arithmetic"])


def percent_per_100k(pct: float) -> float:
    """A percentage as people per 100,000: 12.5 (%) -> 12,500."""
    return pct * (100_000 / 100)


def rate_per_100k(count: float, population: float) -> float:
    """People per 100,000 of a population."""
    if population <= 0:
        raise ValueError("population must be positive")
    return count / population * 100_000


# --- 5. Denominators -------------------------------------------------------------------------

def implied_denominators(claims: pd.DataFrame) -> pd.DataFrame:
    """Populations implied where a source prints a count and a share of the same people.

    For every document that gives both a detained_people count and a detained_share percentage
    for the same subject, the implied population is count / share: a range when the count is one.
    Returns claim ids of both, the implied low/high population, and the arithmetic in words.
    """
    rows = []
    dp = claims[claims["measure"] == "detained_people"]
    ds = claims[(claims["measure"] == "detained_share") & (claims["unit"] == "percent")]
    counts: dict[tuple, list[dict]] = {}  # by document and subject: linear, not counts x shares
    for count in dp.to_dict("records"):
        counts.setdefault((count["source_id"], count["subject"]), []).append(count)
    for share in ds.to_dict("records"):
        same = [c for c in counts.get((share["source_id"], share["subject"]), [])
                if _same_sentence(c["quote"], share["quote"])]
        for count in same:
            pct = share["value_low"]
            lo, hi = count["value_low"], count["value_high"]
            rows.append({
                "source_id": share["source_id"],
                "count_claim_id": count["claim_id"],
                "share_claim_id": share["claim_id"],
                "count_figure": count["figure"],
                "share_figure": share["figure"],
                "implied_low": lo / (pct / 100) if not math.isnan(lo) else math.nan,
                "implied_high": hi / (pct / 100) if not math.isnan(hi) else math.nan,
                "arithmetic": f"{W.number(lo)} ÷ {W.percent(pct)} to {W.number(hi)} ÷ {W.percent(pct)}",
            })
    return pd.DataFrame(rows, columns=["source_id", "count_claim_id", "share_claim_id", "count_figure",
                                       "share_figure", "implied_low", "implied_high", "arithmetic"])


def denominator_rows(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The population figures printed, plus the populations implied by count ÷ share (derived)."""
    pop = estimates(claims, sources, measure="population")
    rows = [r for _, r in pop.iterrows()]
    base = estimates(claims, sources, measure="detained_share")
    position = {cid: i for i, cid in enumerate(base["claim_id"])}
    for _, d in implied_denominators(claims).iterrows():
        t = base.iloc[position[d["share_claim_id"]]]
        row = derived_row(t, f"{d['share_claim_id']}-implied-population", d["implied_low"], d["implied_high"],
                          f"{d['count_figure']} ÷ {d['share_figure']}",
                          "the population implied if the count and the share refer to the same people",
                          t["quote"])
        row["label"] = f"Implied by {t['claimant']}'s figures · {t['document']}"
        rows.append(pd.Series(row))
    return pd.DataFrame(rows).reset_index(drop=True)


def _same_sentence(a: str, b: str) -> bool:
    """Whether two quotes overlap (share words), as the claims of one sentence do."""
    return a in b or b in a or len(set(a.split()) & set(b.split())) >= 6


def implied_shares(claims: pd.DataFrame, populations: dict[str, float]) -> pd.DataFrame:
    """Each detained_people claim as a share of each population given (percent, low and high)."""
    rows = []
    for c in claims[claims["measure"] == "detained_people"].to_dict("records"):
        for name, pop in populations.items():
            rows.append({
                "claim_id": c["claim_id"], "figure": c["figure"], "population": name,
                "share_low_pct": c["value_low"] / pop * 100,
                "share_high_pct": c["value_high"] / pop * 100,
            })
    return pd.DataFrame(rows)


# --- 6. Leaks --------------------------------------------------------------------------------

def leak_counts(claims: pd.DataFrame, sources: pd.DataFrame, subject: str) -> pd.DataFrame:
    """The counts the documents give for one leak, with a derived row summing the components.

    Components (rows with a ``component``) of one document, measure and unit are summed into
    a row of kind 'derived' (claimant 'derived by this project'); every printed figure is kept
    as printed. Rows are ordered by measure, then totals, components and sums, then value.
    """
    df = estimates(claims, sources, measure=None, subject=subject)
    df["kind"] = ["component" if c else "total" for c in df["component"]]
    derived = []
    comps = df[df["component"] != ""]
    for (source_id, measure, unit), g in comps.groupby(["source_id", "measure", "unit"], sort=True):
        if len(g) < 2:
            continue
        g = g.sort_values("value_low", ascending=False, kind="mergesort")
        lo, hi = g["value_low"].sum(min_count=len(g)), g["value_high"].sum(min_count=len(g))
        figure = " + ".join(g["figure"]) + f" = {W.number(lo)}"
        row = derived_row(g.iloc[0], f"{source_id}-{measure}-sum", lo, hi, figure,
                          "sum of the parts the document counts: " + "; ".join(g["component"]),
                          " | ".join(g["quote"]))
        row["kind"] = "sum of components (derived)"
        derived.append(row)
    if derived:
        df = pd.concat([df, pd.DataFrame(derived)], ignore_index=True)
    rank = {"total": 0, "component": 1, "sum of components (derived)": 2}
    df["_rank"] = df["kind"].map(rank)
    df = df.sort_values(["measure", "_rank", "value_low", "claim_id"], kind="mergesort")
    return df.drop(columns="_rank").reset_index(drop=True)


# --- 7. Discrepancies ------------------------------------------------------------------------

GROUP_KEY = ["measure", "subject", "component", "unit"]


def verdict(a: Interval, b: Interval, tolerance: float = 0.05) -> str:
    """'compatible' if some value satisfies both intervals; 'edge' if they only touch, or are
    within ``tolerance`` (relative) of each other while one is approximate or rounded ("an estimated
    1 million" and "more than one million"; "400 pages" and "403 pages"); else 'conflicting'."""
    if a.overlaps(b):
        return "compatible"
    lo_a = -math.inf if a.low is None else a.low
    hi_a = math.inf if a.high is None else a.high
    lo_b = -math.inf if b.low is None else b.low
    hi_b = math.inf if b.high is None else b.high
    # the gap between the upper end of the lower interval and the lower end of the upper one
    lower_hi, upper_lo = (hi_a, lo_b) if hi_a <= lo_b else (hi_b, lo_a)
    gap = upper_lo - lower_hi
    if gap == 0:
        return "edge"
    if (a.approximate or b.approximate or a.rounded or b.rounded) and gap <= tolerance * abs(upper_lo):
        return "edge"
    return "conflicting"


# Two claims give the same figure when these agree: the same thing counted, over the same period
# (the document's), at the same interval. Pairs are formed between different figures only.
FIGURE_KEY = [*GROUP_KEY, "value_low", "value_high", "qualifier", "counted", "period_start", "period_end"]
# The verdicts on a pair of differing figures, in the order charts and summaries show them, with
# what each one shows, in words.
VERDICTS = {
    "conflicting": "they count the same thing and no value fits both, or a part is larger than its whole",
    "comparable with a caveat": "one counts a part of what the other counts, they share some members, or one's "
                                "date is not known, and no value fits both: the caveat says what differs",
    "edge": "they count the same thing and differ only at a bound or by rounding",
    "compatible": "some value fits both",
    "not comparable": "they count different things, or periods that the documents give do not overlap",
}


class Vocabulary:
    """What a figure can count (data/counted.csv): each counted_id's label, the id it is a part of
    (``broader``) and the ids it shares some members with (``overlaps``). Two figures are compared
    by the relation of what they count (`relation`), never by their wording."""

    def __init__(self, counted: pd.DataFrame | None = None):
        rows = [] if counted is None else counted.to_dict("records")
        self.labels = {r["counted_id"]: r["label"] for r in rows}
        self.broader = {r["counted_id"]: r["broader"] for r in rows if r.get("broader")}
        self.overlapping = {frozenset((r["counted_id"], r["overlaps"])) for r in rows if r.get("overlaps")}

    def label(self, cid: str) -> str:
        return self.labels.get(cid, cid.replace("_", " "))

    def lineage(self, cid: str) -> list[str]:
        """``cid`` and every id it is a part of, nearest first (validation refuses cycles)."""
        out = [cid]
        while out[-1] in self.broader and self.broader[out[-1]] not in out:
            out.append(self.broader[out[-1]])
        return out

    def relation(self, a: str, b: str) -> tuple[str, str]:
        """('same' | 'part' | 'whole' | 'overlap' | 'unrelated', the caveat in words): 'part' when
        what ``a`` counts is a part of what ``b`` counts, 'whole' the other way round."""
        if a == b:
            return "same", ""
        if b in self.lineage(a):
            return "part", f"{self.label(a)} are a part of {self.label(b)}"
        if a in self.lineage(b):
            return "whole", f"{self.label(b)} are a part of {self.label(a)}"
        if any(frozenset((x, y)) in self.overlapping for x in self.lineage(a) for y in self.lineage(b)):
            return "overlap", f"{self.label(a)} and {self.label(b)} share some members"
        return "unrelated", f"{self.label(a)} and {self.label(b)} are different things"


def _period(claim) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The period a claim's figure covers, where its document gives one (period_start, period_end;
    an open side reaches as far as the other figure's); None when it gives none."""
    start, end = claim.get("period_start") or "", claim.get("period_end") or ""
    if not start and not end:
        return None
    return (_span(start)[0] if start else pd.Timestamp.min, _span(end)[1] if end else pd.Timestamp.max)


def compare(a: dict, b: dict, vocabulary: Vocabulary | None = None, tolerance: float = 0.05) -> tuple[str, str]:
    """The verdict on two claims about the same measure and subject, and its caveat in words.

    Periods count only where both documents give them: periods that do not overlap make the pair
    'not comparable'. Then what each counts (``counted``, related through ``vocabulary``): the
    same thing gives `verdict` of their intervals (compatible, edge, conflicting); a part and its
    whole, or things that share members, give 'compatible' when some value fits both, else
    'comparable with a caveat', unless the part's figure is larger than the whole's
    ('conflicting'); unrelated things are 'not comparable'."""
    vocabulary = vocabulary or Vocabulary()
    pa, pb = _period(a), _period(b)
    if pa and pb and (pa[1] < pb[0] or pb[1] < pa[0]):
        return "not comparable", "the periods the documents give do not overlap"
    kind, caveat = vocabulary.relation(a["counted"], b["counted"])
    if kind == "unrelated":
        return "not comparable", caveat
    ia, ib = interval(a), interval(b)
    v = verdict(ia, ib, tolerance)
    undated = "not known" in (a.get("claim_date_basis"), b.get("claim_date_basis"))
    if kind == "same":
        if v == "conflicting" and undated:  # a figure from another, unknown time may count the detained then
            return "comparable with a caveat", "one figure's date is not known: it may count them at another time"
        return v, caveat
    if kind in ("part", "whole"):
        part, whole = (ia, ib) if kind == "part" else (ib, ia)
        if part.low is not None and whole.high is not None and part.low > whole.high:
            return "conflicting", caveat + ", yet the part's figure is larger than the whole's"
    return ("compatible" if v == "compatible" else "comparable with a caveat"), caveat


# Up to this many differing pairs of claims in one group, `discrepancies` lists each; beyond, it
# gives one example per pair of distinct figures, with its count.
MAX_LISTED = 500


def discrepancies(claims: pd.DataFrame, counted: pd.DataFrame | None = None, tolerance: float = 0.05,
                  max_listed: int = MAX_LISTED) -> pd.DataFrame:
    """The pairs of claims from different documents about the same thing whose figures differ.

    "The same thing" is the same measure, subject, component and unit (a component is never
    compared with a total). Two claims differ when their figures (low, high, qualifier) or what they
    count and when differ; its verdict and caveat are `compare`'s, with what each counts related
    through ``counted`` (data/counted.csv, the vocabulary; without it, only the same id is the same
    thing). Claims in the same document are not paired: a document's own range ("at
    least a million but likely closer to 3 million") is not a disagreement between sources.

    The one discrepancy analysis, for notebook 07 and the report page alike. It first counts, for
    every pair of distinct figures about the same thing, the pairs of claims in different documents
    that give them (linear in the claims, quadratic only in the distinct figures of one subject).
    Then, group by group (measure, subject, component, unit):

    - a group with at most ``max_listed`` differing pairs of claims (``MAX_LISTED``, 500, unless
      told) is listed in full: one row per pair of claims, ``claim_pairs`` 1;
    - a larger group gives one row per pair of distinct figures: as an example, the first pair of
      claims giving them (by claim id), and in ``claim_pairs`` how many pairs of claims it stands for.

    Rows come by group, then by claim ids (listed groups) or by figures in the order of their first
    claim id (counted groups). ``claim_pairs`` always adds up to the number of differing pairs of
    claims, so `discrepancy_summary` counts the same whichever way a group is shown.
    """
    cols = [*GROUP_KEY, "claim_id_a", "claim_id_b", "source_id_a", "source_id_b", "figure_a", "figure_b",
            "claimant_a", "claimant_b", "quote_a", "quote_b", "verdict", "caveat", "claim_pairs"]
    vocabulary = Vocabulary(counted)
    df = claims.sort_values("claim_id", kind="mergesort")
    figure = df.groupby(FIGURE_KEY, dropna=False, sort=False).ngroup().to_numpy()
    members: dict[int, list[dict]] = {}  # figure -> its claims, in claim id order
    for f, rec in zip(figure, df.to_dict("records")):
        members.setdefault(f, []).append(rec)
    by_source: dict[int, dict[str, list[dict]]] = {}  # figure -> document -> its claims
    for f, recs in members.items():
        for rec in recs:
            by_source.setdefault(f, {}).setdefault(rec["source_id"], []).append(rec)
    groups: dict[tuple, list[int]] = {}
    for f, recs in members.items():  # figures in the order of their first claim id
        groups.setdefault(tuple(recs[0][k] for k in GROUP_KEY), []).append(f)

    def row(key, a, b, v, n):
        v, caveat = v
        return {**dict(zip(GROUP_KEY, key)),
                "claim_id_a": a["claim_id"], "claim_id_b": b["claim_id"],
                "source_id_a": a["source_id"], "source_id_b": b["source_id"],
                "figure_a": a["figure"], "figure_b": b["figure"],
                "claimant_a": a["claimant"], "claimant_b": b["claimant"],
                "quote_a": a["quote"], "quote_b": b["quote"], "verdict": v, "caveat": caveat, "claim_pairs": n}

    rows = []
    for key in sorted(groups):
        pairs = []  # (figure, figure, pairs of claims in different documents, verdict)
        for f, g in itertools.combinations(groups[key], 2):
            nf = {s: len(r) for s, r in by_source[f].items()}
            ng = {s: len(r) for s, r in by_source[g].items()}
            n = sum(nf.values()) * sum(ng.values()) - sum(c * ng.get(s, 0) for s, c in nf.items())
            if n:  # 0: the two figures are only ever given in the same documents
                pairs.append((f, g, n, compare(members[f][0], members[g][0], vocabulary, tolerance)))
        if sum(n for _, _, n, _ in pairs) <= max_listed:
            listed = []
            for f, g, _, v in pairs:
                for a in members[f]:
                    for source, bs in by_source[g].items():
                        if source != a["source_id"]:
                            listed.extend((a, b, v) if a["claim_id"] < b["claim_id"] else (b, a, v) for b in bs)
            listed.sort(key=lambda p: (p[0]["claim_id"], p[1]["claim_id"]))
            rows.extend(row(key, a, b, v, 1) for a, b, v in listed)
        else:
            for f, g, n, v in pairs:
                a, b = _first_pair(members[f], members[g])
                rows.append(row(key, a, b, v, n))
    return pd.DataFrame(rows, columns=cols)


def _first_pair(fs: list[dict], gs: list[dict]) -> tuple[dict, dict]:
    """The first pair (by claim ids) of a claim from ``fs`` and one from ``gs`` in another document."""
    best = None
    for a in fs:
        b = next((b for b in gs if b["source_id"] != a["source_id"]), None)
        if b is not None:
            pair = (a, b) if a["claim_id"] < b["claim_id"] else (b, a)
            if best is None or (pair[0]["claim_id"], pair[1]["claim_id"]) < (best[0]["claim_id"], best[1]["claim_id"]):
                best = pair
            if a["claim_id"] > best[0]["claim_id"]:
                break  # claims are in claim id order: no later one starts an earlier pair
    return best


def discrepancy_summary(pairs: pd.DataFrame) -> pd.DataFrame:
    """Per measure and subject: number of differing pairs of claims and how many conflict.

    ``pairs`` is `discrepancies`: each row stands for ``claim_pairs`` pairs of claims.
    """
    if pairs.empty:
        return pd.DataFrame(columns=[*GROUP_KEY, "pairs", *VERDICTS])
    weight = pairs["claim_pairs"]
    keys = [pairs[k] for k in GROUP_KEY]
    out = weight.groupby(keys, sort=True).sum().astype("int64").rename("pairs").to_frame()
    for v in VERDICTS:
        out[v] = (weight * (pairs["verdict"] == v)).groupby(keys, sort=True).sum().astype("int64")
    out.index.names = GROUP_KEY
    return out.reset_index().sort_values(["conflicting", "pairs"], ascending=False, kind="mergesort").reset_index(drop=True)


# --- 8. Timeline -----------------------------------------------------------------------------

def date_span(date: str, date_end: str = "") -> tuple[pd.Timestamp, pd.Timestamp]:
    """The span a reduced-precision ISO date covers: '2014' -> 1 Jan to 31 Dec 2014.

    With ``date_end`` the span runs from the start of ``date`` to the end of ``date_end``.
    """
    start = _span(date)[0]
    end = _span(date_end or date)[1]
    if end < start:
        raise ValueError(f"{date_end} ends before {date}")
    return start, end


@functools.lru_cache(maxsize=4096)
def _span(d: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    parts = d.split("-")
    if len(parts) == 1:
        return pd.Timestamp(f"{d}-01-01"), pd.Timestamp(f"{d}-12-31")
    if len(parts) == 2:
        start = pd.Timestamp(f"{d}-01")
        return start, start + pd.offsets.MonthEnd(0)
    t = pd.Timestamp(d)
    return t, t


TIMELINE_LANES = ("event the documents date", "period", "estimate made", "document published", "reference record")


def timeline(events: pd.DataFrame, claims: pd.DataFrame, sources: pd.DataFrame,
             reference: pd.DataFrame | None = None, reference_ids=(), origins_: pd.DataFrame | None = None) -> pd.DataFrame:
    """Events and dated estimates on one time axis, each with the span its precision allows.

    Rows: every event (``kind`` = event type), every document's publication (from sources.csv,
    ``kind`` = 'document published'), every detained_people / detention_facilities claim whose
    claimant's statement is dated in the text (``kind`` = 'estimate made'), and the published
    records ``reference_ids`` of ``reference`` (``kind`` = 'reference record'). Each row's
    ``lane`` is its kind, or 'event the documents date' for every kind of event; ``document``
    names the document it comes from and ``date_text`` its date as known.
    """
    rows = []
    for e in events.to_dict("records"):
        start, end = date_span(e["date"], e["date_end"])
        rows.append({"row_id": e["event_id"], "source_id": e["source_id"], "kind": e["event_type"],
                     "what": e["event"], "date": e["date"], "date_end": e["date_end"],
                     "start": start, "end": end, "basis": e["date_basis"], "quote": e["quote"]})
    for s in sources.to_dict("records"):
        start, end = s["published_earliest"], s["published_latest"]
        rows.append({"row_id": f"{s['source_id']}-published", "source_id": s["source_id"],
                     "kind": "document published", "what": f"Published: {s['title']}",
                     "date": s["published_date"], "date_end": "", "start": start, "end": end,
                     "basis": s["date_basis"], "quote": s["date_clue"]})
    dated = claims[(claims["claim_date"] != "")
                   & claims["measure"].isin(["detained_people", "detention_facilities"])]
    relayed = {} if origins_ is None else {  # an estimate a document relays: whose words it prints (`origins`)
        r.claim_id: r.producer for r in origins_.itertuples() if r.relation != "its own"}
    for c in dated.to_dict("records"):
        start, end = date_span(c["claim_date"])
        via = f", as {short_publisher(sources.set_index('source_id').loc[c['source_id'], 'publisher'])} relays " \
              f"{relayed[c['claim_id']]}" if c["claim_id"] in relayed else ""
        rows.append({"row_id": c["claim_id"], "source_id": c["source_id"], "kind": "estimate made",
                     "what": f"{c['claimant']}: {W.quote(c['figure'])} ({c['measure'].replace('_', ' ')}{via})",
                     "date": c["claim_date"], "date_end": "", "start": start, "end": end,
                     "basis": c["claim_date_basis"], "quote": c["quote"]})
    if reference is not None and len(reference_ids):
        for r in reference.set_index("reference_id").loc[list(reference_ids)].reset_index().to_dict("records"):
            rows.append({"row_id": r["reference_id"], "source_id": "", "kind": "reference record",
                         "what": f"Record: {r['scope'].split(',')[0]}", "date": r["date"], "date_end": "",
                         "start": pd.Timestamp(r["date"]), "end": pd.Timestamp(r["date"]), "basis": "published record",
                         "quote": f"{W.quote(r['quote'])} ({r['producer']}); read at {r['read_at']}"})
    out = pd.DataFrame(rows)
    out = out.sort_values(["start", "end", "row_id"], kind="mergesort").reset_index(drop=True)
    out["lane"] = [k if k in TIMELINE_LANES else "event the documents date" for k in out["kind"]]
    named = out["source_id"] != ""
    out["document"] = "published record"
    out.loc[named, "document"] = source_labels(out.loc[named, "source_id"], sources)
    out["date_text"] = [f"{a} to {b}" if b else a for a, b in zip(out["date"], out["date_end"])]
    return out


# --- Where each figure comes from (data/lineage.csv) ----------------------------------------------

def beside_records(claims: pd.DataFrame, reference: pd.DataFrame, lineage: pd.DataFrame) -> pd.DataFrame:
    """Each claim linked (lineage.csv) to published figures whose words are archived: the producer's
    own figure it relays or derives from, or a record of the same thing, beside the claim's words,
    with the records' producers. Used by notebook 07 and the report page alike."""
    cols = ["subject", "claim_id", "measure", "claimant", "figure as printed", "quote", "records", "reference_ids"]
    links = lineage[lineage["target_reference_id"] != ""]
    if links.empty:
        return pd.DataFrame(columns=cols)
    ref = reference.set_index("reference_id")
    rows = []
    for c in claims[claims["claim_id"].isin(set(links["claim_id"]))].to_dict("records"):
        ids = list(dict.fromkeys(links.loc[links["claim_id"] == c["claim_id"], "target_reference_id"]))
        records = "; ".join(f"{ref.loc[i, 'measure'].replace('_', ' ')}: {W.quote(ref.loc[i, 'quote'])} "
                            f"({ref.loc[i, 'producer']}, published {ref.loc[i, 'year']}; the figure refers to "
                            f"{ref.loc[i, 'date']})" for i in ids)
        rows.append({"subject": c["subject"], "claim_id": c["claim_id"], "measure": c["measure"],
                     "claimant": c["claimant"], "figure as printed": c["figure"], "quote": c["quote"],
                     "records": records, "reference_ids": ";".join(ids)})
    return pd.DataFrame(rows, columns=cols)


ORIGIN_RELATIONS = ("relays", "cites", "derived from", "same count as")  # links that say where a figure comes from


def origins(claims: pd.DataFrame, sources: pd.DataFrame, lineage: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Each claim with the origin of its figure, as far as the links go (lineage.csv, followed from
    claim to claim): who first produced it, when that producer said it, their own words where
    archived (a reference figure) and the chain from the document to them. A claim with no link
    is its own origin: the claimant in the document (the publisher, for its own voice)."""
    links = lineage[lineage["relation"].isin(ORIGIN_RELATIONS)]
    first = {cid: g.iloc[0] for cid, g in links.groupby("claim_id", sort=False)}
    ref = reference.set_index("reference_id")
    by_id = claims.set_index("claim_id")
    labels = dict(zip(sources["source_id"], source_labels(sources["source_id"], sources)))
    rows = []
    for c in claims.to_dict("records"):
        chain, at, seen = [labels.get(c["source_id"], c["source_id"])], c["claim_id"], {c["claim_id"]}
        link = first.get(at)
        while link is not None and link["target_claim_id"] and link["target_claim_id"] not in seen:
            at = link["target_claim_id"]
            seen.add(at)
            chain.append(f"{link['relation']} {by_id.loc[at, 'claimant']}")
            link = first.get(at)
        if link is None:
            producer = by_id.loc[at, "claimant"]
            relation, words, figure, said, reference_id = "", "", by_id.loc[at, "figure"], "", ""
            said = by_id.loc[at, "claim_date"] or ""
        else:
            producer, relation = link["producer"], link["relation"]
            chain.append(f"{relation} {producer}")
            reference_id = link["target_reference_id"]
            if reference_id:
                r = ref.loc[reference_id]
                # when the producer said it: the date, where it is a statement's (within the year of its
                # publication), else the year it was published (a date of 2018 that a 2022 count refers to)
                words, figure = r["quote"], r["figure"]
                said = r["date"] if str(r["date"])[:4] == str(r["year"]) else f"published {r['year']}"
            else:
                words, figure, said = "", "", ""
        # an origin is named when a link names its producer, or the document names the claimant; a figure in
        # the publisher's own voice with no link, or given to unnamed people, names no source
        named = bool(relation) or c["attribution"] == "named"
        rows.append({"claim_id": c["claim_id"], "source_id": c["source_id"], "measure": c["measure"],
                     "subject": c["subject"], "claimant": c["claimant"], "figure": c["figure"], "quote": c["quote"],
                     "origin_named": named,
                     "relation": relation or "its own", "producer": producer, "producer_figure": figure,
                     "producer_words": words, "producer_said": said, "reference_id": reference_id,
                     "chain": " → ".join(chain) if relation else
                     f"{chain[0]}: {c['claimant']}'s own" + ("" if named else ", its source not named")})
    return pd.DataFrame(rows, columns=["claim_id", "source_id", "measure", "subject", "claimant", "figure", "quote",
                                       "origin_named", "relation", "producer", "producer_figure", "producer_words",
                                       "producer_said", "reference_id", "chain"])


# A reader's subjects -> the measures each takes in: notebook 09's default (its `subjects`
# parameter) and the report page's section "Where the numbers come from".
ORIGIN_SUBJECTS = {"people detained": ["detained_people"], "detention facilities": ["detention_facilities"],
                   "the leaks": ["leaked_pages", "leaked_documents", "leaked_files", "leaked_photos_and_documents",
                                 "detainee_photos", "detainees_photographed"]}


def _same_reading(a: str, b: str) -> bool:
    """Whether two printed figures read the same ("likely closer to 3 million", "likely closer to
    three million"): then the producer's words add nothing beside the document's."""
    from .numbers import FigureError, parse_figure
    try:
        fa, fb = parse_figure(a), parse_figure(b)
    except FigureError:
        return a.lower() == b.lower()
    return (fa.low, fa.high, fa.qualifier) == (fb.low, fb.high, fb.qualifier)


def first_words(origins_: pd.DataFrame) -> dict[str, str]:
    """For each claim that relays, cites or derives from a producer whose own figure is archived
    and differs from the document's words: 'first said as “…” by <producer>, <date>', so that a
    chart or table can set both sets of words side by side (claim id -> words)."""
    o = origins_[(origins_["relation"] != "its own") & (origins_["producer_words"] != "")]
    o = o[[not _same_reading(a, b) for a, b in zip(o["figure"], o["producer_figure"])]]
    return {r.claim_id: f"first said as {W.quote(r.producer_figure)} by {r.producer}"
                        + (f", {r.producer_said}" if r.producer_said else "")
            for r in o.itertuples()}


def origin_summary(origins_: pd.DataFrame, subjects: dict[str, list[str]] = ORIGIN_SUBJECTS) -> pd.DataFrame:
    """Per reader's subject (a name -> the measures it takes in): how many figures the documents print,
    how many distinct figures, and how many original producers and distinct original estimates lie
    behind them (`origins`). Claims of other measures are counted in a last row, 'other'."""
    def row(name: str, o: pd.DataFrame) -> dict:
        named = o[o["origin_named"]]
        return {"subject": name, "printed": len(o), "documents": o["source_id"].nunique(),
                "figures": o["figure"].str.lower().nunique(), "producers": named["producer"].nunique(),
                "estimates": len(set(zip(named["producer"], named["producer_figure"].str.lower()))),
                "relayed": int((o["relation"] != "its own").sum()), "unsourced": int((~o["origin_named"]).sum())}

    rows, taken = [], set()
    for name, measures in subjects.items():
        rows.append(row(name, origins_[origins_["measure"].isin(measures)]))
        taken.update(measures)
    rows.append(row("other", origins_[~origins_["measure"].isin(taken)]))
    return pd.DataFrame(rows, columns=["subject", "printed", "documents", "figures", "producers", "estimates",
                                       "relayed", "unsourced"])


# --- Reference figures -----------------------------------------------------------------------

def reference_value(reference: pd.DataFrame, reference_id: str) -> float:
    """The value of one reference figure, by id (KeyError naming the id if absent)."""
    row = reference[reference["reference_id"] == reference_id]
    if row.empty:
        raise KeyError(f"no reference figure {reference_id!r}")
    return float(row["value"].iloc[0])


# --- What a chart leaves out -----------------------------------------------------------------

LEFT_OUT_COLUMNS = ["claim_id", "source_id", "measure", "subject", "unit", "claimant", "figure", "reason"]


def left_out(on_subject: pd.DataFrame, drawn, reason) -> pd.DataFrame:
    """The claims on a chart's subject that it does not draw, one row each with why.

    ``on_subject`` is every claim the chart is about, ``drawn`` the claim ids it draws (before
    `at_most`, whose collapse `charts.collapse_note` states), ``reason`` a function from the frame
    of left-out claims to a reason per row (or one reason for all). `captions.left_out_sentence`
    words it for the chart's subtitle and alt text; the notebook shows it as a table."""
    out = on_subject[~on_subject["claim_id"].isin(set(drawn))]
    reasons = reason(out) if callable(reason) else [reason] * len(out)
    return out.assign(reason=list(reasons))[LEFT_OUT_COLUMNS].reset_index(drop=True)


def left_out_counts(left: pd.DataFrame) -> pd.DataFrame:
    """How many claims are left out for each reason, and from how many documents."""
    return (left.groupby("reason", sort=False)
            .agg(claims=("claim_id", "size"), documents=("source_id", "nunique")).reset_index())


def konasheher_left_out(claims: pd.DataFrame, figures: pd.DataFrame, subject: str = "konasheher_records") -> pd.DataFrame:
    """The claims on Konasheher's records (``subject``) that notebook 04's chart does not draw:
    ``figures`` (`konasheher_figures`) are the one document's three it draws."""
    on = claims[claims["subject"] == subject]
    source = figures["source_id"].iloc[0]

    def reason(df):
        return ["a second figure for a measure already drawn from the document examined"
                if s == source and m in KONASHEHER_MEASURES
                else "not one of the three measures the arithmetic takes" if s == source
                else "from another document: the chart examines one document's figures"
                for s, m in zip(df["source_id"], df["measure"])]
    return left_out(on, figures["claim_id"], reason)


def denominators_left_out(claims: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The population and detained-share claims notebook 05's chart does not draw: ``rows`` is
    `denominator_rows`. A population is always drawn; a share only through the population it implies
    with a count in its sentence (`implied_denominators`)."""
    on = claims[claims["measure"].isin(["population", "detained_share"])]
    implied = implied_denominators(claims)
    drawn = [*rows["claim_id"], *implied["share_claim_id"]]
    return left_out(on, drawn, "no count of the same people in the same sentence, so no population is implied")


# Units of claims about a leak that are not counts of what it contained.
NOT_COUNTS = {"years": "in years: ages, not counts of what the leak contained",
              "percent": "in percent: shares, not counts of what the leak contained",
              "times": "in times: ratios, not counts of what the leak contained"}


def leak_chart(claims: pd.DataFrame, sources: pd.DataFrame, subject: str, unit: str | None = None
               ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What a chart of one leak draws, and what it leaves out (`left_out`).

    With ``unit``, the counts in that unit (one axis: "pages"); without, every count of the leak's
    contents, in any unit but those of `NOT_COUNTS`. Returns (`leak_counts` rows to draw, left out)."""
    counts = leak_counts(claims, sources, subject)
    keep = (counts["unit"] == unit) if unit else ~counts["unit"].isin(list(NOT_COUNTS))
    drawn = counts[keep].reset_index(drop=True)

    def reason(df):
        return [f"counted in {u}, not {unit}" if unit else NOT_COUNTS[u] for u in df["unit"]]
    return drawn, left_out(claims[claims["subject"] == subject], drawn["claim_id"], reason)
