"""Every sentence the project writes from the data: the charts' titles, subtitles and alt texts,
and the README's and report page's headline.

Each function takes the frames a notebook computes (`analysis`) and returns words that are true
of them whatever the data holds: a figure with no lower bound ("up to 1.8 million"), one with no
upper bound ("more than one million"), points, ranges, vague figures, one figure or many, claimant
types the palette does not name, dozens of documents. A sentence says "all" or "every" only when
every row has the property; otherwise it says what is true, attributing each figure it quotes.
Counts agree with their nouns (`wording.count`: "one document", "12 documents").
"""
from __future__ import annotations

import pandas as pd

from . import wording as W
from .analysis import implied_bound, short_publisher
from .charts.theme import MAX_LISTED, listing
from .package import ATTRIBUTIONS

def _and(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _sentence(text: str) -> str:
    """``text`` with its first letter a capital, after any opening quote mark."""
    at = next((i for i, ch in enumerate(text) if ch.isalpha()), None)
    return text if at is None else text[:at] + text[at].upper() + text[at + 1:]


def _quoted(r) -> str:
    """A figure with its claimant: 'Randall Schriver's “likely closer to 3 million”'."""
    return f"{r['claimant']}'s {W.quote(r['figure'])}"


# --- Figures of one measure: the lowest and the highest ----------------------------------------

def lowest(est: pd.DataFrame) -> pd.Series:
    """The row with the lowest low bound; a figure with no lower bound ("up to ...") is lowest.
    Ties: the first in the frame's order."""
    key = est["value_low"].fillna(float("-inf"))
    return est.loc[key.idxmin()]


def highest(est: pd.DataFrame) -> pd.Series:
    """The row with the highest number printed: its high bound, or its low bound where it has
    none ("more than one million" prints one million). Ties: the first in the frame's order."""
    key = est["value_high"].fillna(est["value_low"])
    return est.loc[key.idxmax()]


def floor(est: pd.DataFrame) -> float | None:
    """The lowest low bound, if every figure has one; None if any figure has no lower bound."""
    return None if est["value_low"].isna().any() else float(est["value_low"].min())


def estimates_title(est: pd.DataFrame, what: str = "the number detained") -> str:
    """'All 10 figures put the number detained at one million or more; the highest is Randall
    Schriver's “likely closer to 3 million”' when every figure's low bound is at least one million;
    with a figure that gives no lower bound: '12 figures for the number detained, from Adrian
    Zenz's “up to 1.8 million” to Randall Schriver's “likely closer to 3 million”'."""
    n = len(est)
    top = highest(est)
    if n == 1:
        return f"One figure for {what}: {_quoted(top)}"
    low = floor(est)
    if low is not None:
        return f"All {n:,} figures put {what} at {W.number_words(low)} or more; the highest is {_quoted(top)}"
    return f"{n:,} figures for {what}, from {_quoted(lowest(est))} to {_quoted(top)}"


def floor_sentence(est: pd.DataFrame) -> str:
    """What the alt text says of the low bounds: 'Every printed figure starts at one million.' only
    if every one does; else which figures give no lower bound and are drawn from the axis's left edge."""
    low = floor(est)
    if low is not None:
        same = est["value_low"].nunique() == 1
        return f"Every printed figure starts at {W.number_words(low)}{'' if same else ' or more'}."
    open_low = est[est["value_low"].isna()]
    named = _and([_quoted(r) for _, r in open_low.iterrows()][:MAX_LISTED])
    if len(open_low) == len(est):
        return f"No printed figure gives a lower bound; each is drawn from the axis's left edge: {named}."
    rest = est[est["value_low"].notna()]
    return (f"Drawn from the axis's left edge, as {'it gives' if len(open_low) == 1 else 'they give'} no lower bound: {named}. "
            f"The others start at {W.number_words(rest['value_low'].min())} or more.")


def collapsed(est: pd.DataFrame, drawn: pd.DataFrame) -> str:
    """For an alt text: '' when every figure is drawn; else how many claims the rows stand for."""
    if len(drawn) == len(est) and ("claims" not in drawn or (drawn["claims"] == 1).all()):
        return ""
    shown = int(drawn["claims"].sum()) if "claims" in drawn else len(drawn)
    left = len(est) - shown
    rows = W.count(len(drawn), 'row', words=False)
    if not left:
        return f" The {rows} drawn stand for all {len(est):,} claims."
    return f" The {rows} drawn stand for {shown:,} of the {len(est):,} claims; the other {left:,} are in the table."


def detainee_estimates(est: pd.DataFrame, drawn: pd.DataFrame, n_reference: int, note: str = "",
                       reference: pd.DataFrame | None = None) -> dict:
    """Notebook 02's title, subtitle and alt text: ``est`` every figure (`analysis.estimates`),
    ``drawn`` the rows drawn (`analysis.at_most`), ``note`` what drawing collapsed
    (`charts.collapse_note`)."""
    docs = est["source_id"].nunique()
    subtitle = ("People detained in Xinjiang, as each document reports it, labelled by claimant, document and what it counts. "
                "Dashed with arrow: no upper bound given. Hollow diamond: approximate or vague. "
                + ("Drawn from the axis's left edge: no lower bound given. " if est["value_low"].isna().any() else "")
                + "Grey: figures published elsewhere. Unit: people." + note)
    alt_text = (f"Interval chart of {W.count(len(est), 'figure', words=False)} for the number of people detained in Xinjiang "
                f"printed in {W.count(docs, 'document')}"
                + (f", with {W.count(n_reference, 'figure', words=False)} published elsewhere in grey. " if n_reference else ". ")
                + floor_sentence(est) + " "
                + listing(f"{r.label}: {r.figure} ({r.bounds})" for r in drawn.itertuples()) + "."
                + collapsed(est, drawn)
                + ("" if reference is None or not len(reference) else " Grey, published elsewhere: "
                   + "; ".join(f"{p} ({y}): {f}" for p, y, f in reference[["producer", "year", "figure"]].itertuples(index=False))
                   + "."))
    return {"title": estimates_title(est), "subtitle": subtitle, "alt": alt_text}


# --- Notebook 03: facilities -------------------------------------------------------------------

def facilities(est: pd.DataFrame, drawn: pd.DataFrame, reference: pd.DataFrame, note: str = "",
               pairs: pd.DataFrame | None = None) -> dict:
    """Notebook 03's title, subtitle and alt text: the counts as printed (the first and last of
    many), who prints them, whether each is a lower bound, how what they count relates (``pairs``:
    `analysis.counts_compared` of the claims and the grey counts drawn); ``reference`` the grey
    counts drawn."""
    printed = list(dict.fromkeys(est["figure"]))
    quoted = [W.quote(f[:1].upper() + f[1:] if i == 0 else f) for i, f in enumerate(printed)]
    pairs = pairs if pairs is not None else pd.DataFrame(columns=["id_a", "id_b", "relation", "verdict", "short_a", "short_b"])
    claim_ids = set(est["claim_id"])
    among = pairs[pairs["id_a"].isin(claim_ids) & pairs["id_b"].isin(claim_ids)]
    relations = set(among["relation"])
    if len(est) == 1:
        verdict = "the only count in the documents"
    elif not len(among):
        verdict = "counts given together, in one statement"
    elif relations == {"count different things"}:
        verdict = "they count different things"
    elif "count the same thing: they compete" in relations:
        verdict = "some count the same thing (the table compares them)"
    else:
        verdict = "they count related things, not the same thing"
    if len(printed) <= 4:
        title = _and(quoted) + " facilities: " + verdict
    else:
        title = f"{W.number_words(len(est)).capitalize()} counts of facilities, from {W.quote(printed[0])} to {W.quote(printed[-1])}: {verdict}"
    publishers = sorted(set(short_publisher(p) for p in est["source_publisher"]))
    if len(publishers) > 3:
        publishers = [*publishers[:2], W.count(len(publishers) - 2, "other document", words=False)]
    open_ended = bool(est["open_high"].all())
    if open_ended:
        bounds = ("It is a lower bound" if len(est) == 1 else "Both figures are" if len(est) == 2 else "All are") + \
            (" (dashed, no upper bound given). " if len(est) == 1 else " lower bounds (dashed, no upper bound given). ")
    else:
        bounds = "Dashed with arrow: no upper bound given. " if est["open_high"].any() else ""
    if est["value_low"].isna().any():
        bounds += "Drawn from the axis's left edge: no lower bound given. "
    against = pairs[(pairs["id_a"].isin(claim_ids) != pairs["id_b"].isin(claim_ids))
                    & (pairs["relation"] == "count the same thing: they compete") & (pairs["verdict"] == "conflicting")]
    conflicts = "".join(_sentence(f"{a if ida in claim_ids else b} and {b if ida in claim_ids else a} count the same "
                                  "thing and cannot both be right as printed. ")
                        for a, b, ida in against[["short_a", "short_b", "id_a"]].itertuples(index=False))
    subtitle = (f"Detention facilities in Xinjiang, as {' and '.join(publishers)} report{'s' if len(publishers) == 1 else ''} them. "
                + bounds + ("Grey: counts published elsewhere. " if len(reference) else "") + conflicts
                + "Unit: facilities." + note)
    docs = est["source_id"].nunique()
    by = short_publisher(est["source_publisher"].iloc[0]) if docs == 1 else W.count(docs, "document", words=False)
    alt_text = (f"Interval chart of {W.number_words(len(est))} {'open-ended ' if open_ended else ''}"
                f"count{'' if len(est) == 1 else 's'} of detention facilities printed by {by}: "
                + listing(f"{r.claimant} ({r.claimant_type}) says {r.figure}, counting {r.scope}" for r in drawn.itertuples())
                + "." + collapsed(est, drawn) + (" " + conflicts.strip() if conflicts else "")
                + ("" if not len(reference) else " Grey reference counts: "
                   + "; ".join(f"{p} ({y}): {f}" for p, y, f in reference[["producer", "year", "figure"]].itertuples(index=False)) + "."))
    return {"title": title, "subtitle": subtitle, "alt": alt_text}


# --- Notebook 01: inventory and provenance -----------------------------------------------------

def inventory_claims(claims: pd.DataFrame, sources: pd.DataFrame, by_source: pd.DataFrame) -> dict:
    """Notebook 01's first chart: ``by_source`` is `analysis.inventory(claims, ["source_id"])` with
    a ``document`` label."""
    n, docs = len(claims), W.count(len(sources), "document")
    own = int((claims["attribution"] == "own_voice").sum())
    if own == n:
        head = f"All {n:,} figures in {docs} are" if n > 1 else f"The one figure in {docs} is"
    elif own == 0:
        head = f"None of the {n:,} figures in {docs} is"
    else:
        head = f"{own:,} of the {n:,} figures in {docs} {'is' if own == 1 else 'are'}"
    top_n = by_source["claims"].max()
    tops = by_source[by_source["claims"] == top_n]["document"].tolist()
    most = (f"{tops[0]} prints the most ({top_n:,})." if len(tops) == 1 else
            f"{_and(tops[:3]) if len(tops) <= 3 else W.count(len(tops), 'document', words=False)} print the most ({top_n:,} each).")
    by_att = claims["attribution"].map(ATTRIBUTIONS).value_counts()
    return {
        "title": head + " stated in the publisher's own voice",
        "subtitle": ("Figures (claims) printed in each archived document, coloured by whose figure the text says it is: "
                     "the publisher's, read by the publisher from a document, a named claimant's, or unnamed people's. Unit: claims."),
        "alt": (f"Stacked bar chart of the {W.count(n, 'figure', words=False)} printed in {W.count(len(sources), 'archived document')}, "
                f"by whose figure it is. {most} Whose figure it is: " + "; ".join(f"{k}, {v}" for k, v in by_att.items()) + "."),
    }


def inventory_provenance(sources: pd.DataFrame, checks: pd.DataFrame, max_documents: int) -> dict:
    """Notebook 01's second chart: ``checks`` has a row per check (index) with ``passed`` and
    ``claims`` summed over the documents (`analysis.provenance_summary`)."""
    period, n = int(checks.loc["period stated", "passed"]), int(checks.loc["period stated", "claims"])
    dated, docs = int((sources["date_basis"] == "stated").sum()), len(sources)
    first = (f"All {n:,} figures say" if period == n else f"Only {period:,} of {n:,} figures say" if period * 2 < n
             else f"{period:,} of {n:,} figures say")
    second = ("every document prints its own publication date" if dated == docs
              else "no document prints its own publication date" if dated == 0
              else f"{dated:,} of {docs:,} documents print their own publication date")
    return {
        "title": f"{first} what period they cover, and {second}",
        "subtitle": ("Share of each document's figures passing each provenance check; "
                     "the last two rows are properties of the document. Unit: share of claims (passed/total in each cell)."),
        "alt": (f"Grid of {W.count(docs, 'document')}"
                + ("" if docs <= max_documents else " (grouped by kind of document)")
                + f" against {W.count(len(checks), 'provenance check')}, each cell the share of the document's figures that pass. "
                + "; ".join(f"{c}: {int(r.passed):,} of {int(r.claims):,} figures" for c, r in checks.iterrows()) + "."),
    }


# --- Notebooks 07 and 08 -----------------------------------------------------------------------

def discrepancies_title(summary: pd.DataFrame) -> str:
    """Notebook 07's title, from `analysis.discrepancy_summary`."""
    n_conf, n_caveat = int(summary["conflicting"].sum()), int(summary["comparable with a caveat"].sum())
    if n_conf == 0:
        first = "No pair of figures counting the same thing conflicts"
    else:
        first = (f"{W.count(n_conf, 'pair').capitalize()} of figures counting the same thing "
                 f"cannot both be right as printed")
    return first + (f"; {n_caveat:,} more {'differs' if n_caveat == 1 else 'differ'} and {'is' if n_caveat == 1 else 'are'} "
                    "comparable only with a caveat" if n_caveat else "")


def timeline_title(rows: pd.DataFrame, sources: pd.DataFrame) -> str:
    """Notebook 08's title: the span of the dated items and of the documents' publication years."""
    years = sorted({str(d)[:4] for d in sources["published_date"]})
    first, last = rows["start"].min(), rows["end"].max()
    published = (f"in {years[0]}" if len(years) == 1 else f"in {years[0]} and {years[1]}" if len(years) == 2
                 else f"from {years[0]} to {years[-1]}")
    return f"The documents date events from {first.year} to {last.year}; they were published {published}"


# --- The README's and the report page's headline -------------------------------------------------

def headline(claims: pd.DataFrame, sources: pd.DataFrame) -> dict:
    """The figures the README and the page lead with, computed from the claims."""
    det = claims[claims["measure"] == "detained_people"]
    out = {
        "claims": len(claims), "sources": len(sources),
        "claimants": int(claims.loc[claims["attribution"] == "named", "claimant"].nunique()),
        **{f"attribution_{k}": int((claims["attribution"] == k).sum()) for k in ATTRIBUTIONS},
        "detained_figures": len(det),
    }
    if len(det):
        top, bottom = highest(det), lowest(det)
        low = floor(det)
        out.update({
            "detained_low": low,  # None when a figure gives no lower bound
            "detained_low_figure": str(bottom["figure"]), "detained_low_claimant": str(bottom["claimant"]),
            "detained_high": float(det["value_high"].fillna(det["value_low"]).max()),
            "detained_high_figure": str(top["figure"]), "detained_high_claimant": str(top["claimant"]),
            "detained_open_ended": det.loc[det["value_high"].isna(), "figure"].tolist(),
            "detained_scopes": int(det["scope"].nunique()),
            "detained_counted": int(det["counted"].nunique()),
            "detained_periods": int(det[["period_start", "period_end"]].drop_duplicates().shape[0]),
        })
    return out


def headline_sentence(h: dict) -> str:
    """'42 figures from 5 source documents: …. The 10 figures for the number of people detained run
    from 1 million to 3 million (…); several are open-ended, and they count two populations as this
    project reads them (data/counted.csv), in 9 wordings, over different periods.' Each clause only
    where the data bears it out."""
    first = (f"{W.count(h['claims'], 'figure', words=False)} from {W.count(h['sources'], 'source document', words=False)}: "
             f"{h['attribution_named']:,} attributed to {W.count(h['claimants'], 'named claimant', words=False)}, "
             f"{h['attribution_unnamed']:,} to unnamed people, {h['attribution_document']:,} read by the publisher from a "
             f"document and {h['attribution_own_voice']:,} stated in the publisher's own voice.")
    n = h["detained_figures"]
    if n == 0:
        return first
    top = f"{W.quote(h['detained_high_figure'])}, according to {h['detained_high_claimant']}"
    if n == 1:
        return first + f" The only figure for the number of people detained is {top}."
    if h["detained_low"] is not None:
        start = W.millions(h["detained_low"])
    else:
        start = f"{W.quote(h['detained_low_figure'])} ({h['detained_low_claimant']}, no lower bound given)"
    second = (f" The {n:,} figures for the number of people detained run from {start} to "
              f"{W.millions(h['detained_high'])} ({top})")
    tails = []
    opened = h["detained_open_ended"]
    if len(opened) == n:
        tails.append("all are open-ended")
    elif len(opened) >= 3:
        tails.append("several are open-ended")
    elif opened:
        tails.append(_and([f"{W.quote(f)}" for f in opened]) + (" is" if len(opened) == 1 else " are") + " open-ended")
    scopes, periods, counted = h["detained_scopes"] > 1, h["detained_periods"] > 1, h.get("detained_counted", 1)
    if counted > 1:  # what each counts, by the vocabulary (data/counted.csv), not by its words
        tails.append(f"they count {W.count(counted, 'population')} as this project reads them"
                     + (f", in {h['detained_scopes']:,} wordings" if scopes else "")
                     + (", over different periods" if periods else ""))
    elif scopes or periods:
        tails.append(("they count one population in different words" if scopes else "they count one population")
                     + (", over different periods" if periods else ""))
    return first + second + ("; " + ", and ".join(tails) if tails else "") + "."


def awaiting_sentence(awaiting: dict[str, int]) -> str:
    """The sources archived but not yet reviewed (`load.Dataset.awaiting`), which every count above
    leaves out: '' when there are none."""
    if not awaiting:
        return ""
    n = len(awaiting)
    listed = listing([f"{sid} ({W.count(m, 'numeric mention', words=False)} not yet accounted for)"
                      for sid, m in sorted(awaiting.items())])
    return (f"{W.count(n, 'more document').capitalize()} {'awaits' if n == 1 else 'await'} review and "
            f"{'is' if n == 1 else 'are'} not counted here: {listed}.")


# --- What a chart leaves out -------------------------------------------------------------------

def left_out_sentence(left: pd.DataFrame, max_quoted: int = 3) -> str:
    """For a subtitle and an alt text: '' when the chart draws every claim on its subject; else
    ' Not drawn: one figure (HuffPost's “24”), counted in documents, not pages.' with a clause per
    reason (`analysis.left_out`), its count, and the figures quoted while there are few."""
    if left.empty:
        return ""
    parts = []
    for reason, g in left.groupby("reason", sort=False):
        quoted = ""
        if len(g) <= max_quoted:
            quoted = " (" + _and([f"{short_publisher(r['claimant'])}'s {W.quote(r['figure'])}" for _, r in g.iterrows()]) + ")"
        parts.append(f"{W.count(len(g), 'figure')}{quoted}, {reason}")
    return " Not drawn: " + "; ".join(parts) + "."


# --- Notebook 04: Konasheher -------------------------------------------------------------------

def konasheher(figures: pd.DataFrame, steps: pd.DataFrame, adult_share: float, ethnic_share: float,
               rates: dict, references: dict, left: pd.DataFrame) -> dict:
    """Notebook 04's title, subtitle and alt text, from the document's three figures (`analysis.
    konasheher_figures`), the steps (`analysis.konasheher_implications`), the rates per 100,000
    (``rates``: prison, ap, zenz) and the reference rows (``references``: ap_population,
    ap_imprisoned); ``left`` the claims on the subject not drawn (`analysis.konasheher_left_out`)."""
    who = short_publisher(figures.loc["detained_share", "claimant"])
    people, pct = figures.loc["people_in_records", "value_low"], figures.loc["detained_share", "value_low"]
    ratio_fig = figures.loc["detention_rate_ratio", "figure"]
    bound = steps["step"].str.startswith("national imprisonment rate")
    national = float(steps.loc[bound, "value"].iloc[0])
    s = steps.set_index("step")
    detained, county = s.loc["ethnic adults detained, implied", "value"], s.loc["county detention rate", "value"]
    kind = implied_bound(figures.loc["detention_rate_ratio", "qualifier"])
    about_detained = W.whole(round(detained, -3))
    national_words = f"{kind} {W.whole(national)}".strip()
    prison = rates["prison"]
    if kind == "at most":
        verdict = f", is {'within' if national >= prison else 'above'} that bound"
    elif kind == "at least":
        verdict = f", is {'within' if national <= prison else 'below'} that bound"
    else:
        verdict = ", is set beside it"
    ap_pop, ap_imp = references["ap_population"], references["ap_imprisoned"]
    title = (f"{who}'s figures imply about {about_detained} ethnic adults detained in one county"
             + (", at most" if ethnic_share == 1 else "")
             + f", if {W.share(adult_share)} of the {W.number(people)} in its records are adults"
             + (" and all are non-Han" if ethnic_share == 1 else f" and {W.share(ethnic_share)} of them non-Han"))
    subtitle = (f"…and a national imprisonment rate of {national_words} per 100,000; the rate from China's published count of sentenced "
                f"prisoners, about {W.whole(prison)}{verdict}. Top: people. Bottom: people per 100,000, log scale."
                + left_out_sentence(left) + "\n"
                f"Assumed: {W.share(adult_share)} of the {W.number(people)} are adults; {W.share(ethnic_share)} of adults are non-Han. "
                "Change them in the notebook's parameters.")
    alt_text = (f"Two-panel chart. Top: {who}'s {W.number(people)} people in Konasheher records, reduced step by step under stated assumptions "
                f"(adult share {W.share(adult_share)}, non-Han share {W.share(ethnic_share)}) to about {about_detained} people detained at {W.percent(pct)}, "
                f"beside AP's reported county population of {ap_pop['figure']} and {ap_imp['figure']} named as imprisoned. "
                f"Bottom, per 100,000 on a log scale: the county rate of {W.number(county)} ({who}), {W.number(rates['zenz'])} (Zenz), "
                f"about {W.whole(rates['ap'])} (AP), a national rate of {national_words} implied by {who}'s '{ratio_fig}', and about "
                f"{W.whole(prison)} from China's sentenced-prisoner count (World Prison Population List, 2015) and the 2020 census."
                + left_out_sentence(left))
    return {"title": title, "subtitle": subtitle, "alt": alt_text}


# --- Notebook 05: denominators -----------------------------------------------------------------

def _who(claimant: str, claimant_type: str) -> str:
    """A claimant as a title names it: 'Schriver' for a person, 'HRN' for 'Human Rights Now (HRN)'."""
    if claimant.rstrip().endswith(")"):
        return short_publisher(claimant)
    return claimant.split()[-1] if claimant_type in ("government official", "researcher") else claimant


def _millions_span(low: float, high: float) -> str:
    """'6.7 to 13.3 million'; 'at least 6.7 million' with no high; 'up to 2.0 million' with no low."""
    if pd.isna(high):
        return f"at least {low / 1e6:.1f} million"
    if pd.isna(low):
        return f"up to {high / 1e6:.1f} million"
    return f"{low / 1e6:.1f} million" if low == high else f"{low / 1e6:.1f} to {high / 1e6:.1f} million"


def denominators(population: pd.DataFrame, drawn: pd.DataFrame, implied: pd.DataFrame, claims: pd.DataFrame, census: float,
                 n_reference: int, left: pd.DataFrame, note: str = "") -> dict:
    """Notebook 05's title, subtitle and alt text. ``population`` is `analysis.denominator_rows`
    (printed populations and derived ones), ``drawn`` its rows drawn (`analysis.at_most`),
    ``implied`` `analysis.implied_denominators` of ``claims``, ``census`` the 2020 census count of Xinjiang's
    residents, ``left`` the claims not drawn (`analysis.denominators_left_out`)."""
    printed = population[population["kind"] != "derived"]
    called = printed[printed["counted"] == "xinjiang_population"]  # what the document calls Xinjiang's population
    census_words = f"the 2020 census counted {census / 1e6:.1f} million residents of Xinjiang"
    if len(called) == 1:
        r = called.iloc[0]
        publisher = short_publisher(r["source_publisher"])
        if r["attribution"] == "own_voice":
            title = f"{publisher} puts “Xinjiang's population” at {W.quote(r['figure'])}; {census_words}"
        else:
            title = f"{publisher} calls {_who(r['claimant'], r['claimant_type'])}'s {W.quote(r['figure'])} “Xinjiang's population”; {census_words}"
    elif len(called) > 1:
        title = (f"{W.count(len(called), 'figure', words=False)} are called Xinjiang's population, from {W.quote(called.iloc[0]['figure'])} "
                 f"to {W.quote(called.iloc[-1]['figure'])}; {census_words}")
    else:
        title = f"The populations the documents print or imply, against the census: {census_words}"
    derived = population[population["kind"] == "derived"]
    if len(implied) == 1:
        d = implied.iloc[0]
        claimant = short_publisher(claims.set_index("claim_id").loc[d["share_claim_id"], "claimant"])
        what = f", and the population implied by {claimant}'s {W.quote(d['count_figure'])} at {W.quote(d['share_figure'])} (derived here)"
    elif len(implied) > 1:
        what = f", and the populations implied by {W.count(len(implied), 'count')} and the share in its sentence (derived here)"
    else:
        what = ""
    subtitle = (f"Populations printed in the documents{what}. "
                + (f"Grey: {W.count(n_reference, 'figure')} published elsewhere. " if n_reference else "")
                + "Unit: people." + note + left_out_sentence(left))
    docs = printed["source_id"].nunique()
    alt_text = (f"Interval chart of {W.count(len(printed), 'population figure')} printed in {W.count(docs, 'document')}"
                + (f" and {W.count(len(derived), 'population')} implied here" if len(derived) else "") + ". "
                + listing(f"{r.label}: {r.figure} ({r.bounds})" for r in drawn.itertuples()) + "."
                + collapsed(population, drawn) + left_out_sentence(left))
    return {"title": title, "subtitle": subtitle, "alt": alt_text}


def implied_populations_text(implied: pd.DataFrame, claims: pd.DataFrame, census: float, uyghurs: float) -> str:
    """The markdown notebook 05 prints under its table: for each count and share printed in one
    sentence, the population they imply and the count as a share of the census populations."""
    if implied.empty:
        return "No document prints a count and a share of the same people in one sentence, so none implies a population."
    by_id = claims.set_index("claim_id")
    out = []
    for d in implied.itertuples():
        c = by_id.loc[d.count_claim_id]
        lo, hi = c["value_low"], c["value_high"]
        of = lambda pop: (f"{lo / pop:.1%} to {hi / pop:.1%}" if pd.notna(lo) and pd.notna(hi) and lo != hi
                          else f"{(lo if pd.notna(lo) else hi) / pop:.1%}" + (" or more" if pd.isna(hi) else " or less" if pd.isna(lo) else ""))
        out.append(f"{short_publisher(c['claimant'])}'s {W.quote(d.count_figure)} at {W.quote(d.share_figure)} implies a population of "
                   f"{_millions_span(d.implied_low, d.implied_high)} ({d.arithmetic}). Against the census, {W.quote(d.count_figure)} is "
                   f"{of(census)} of all {census / 1e6:.1f} million residents, and {of(uyghurs)} of the {uyghurs / 1e6:.1f} million Uyghurs.")
    return "\n\n".join(out)


# --- Notebook 06: the leaks --------------------------------------------------------------------

def leaks_2019(counts: pd.DataFrame, drawn: pd.DataFrame, left: pd.DataFrame, note: str = "") -> dict:
    """Notebook 06's first chart: ``counts`` is `analysis.leak_counts` of the 2019 papers (every
    unit), ``drawn`` the rows drawn in pages (`analysis.leak_chart`, then `analysis.at_most`),
    ``left`` what is not drawn. Returns title, subtitle, alt and ``source`` (the source line's note on
    the sums of parts)."""
    totals = counts[(counts["kind"] == "total") & (counts["unit"] == "pages")]
    exact = list(dict.fromkeys(totals.loc[totals["qualifier"] != "vague", "figure"]))
    parts = counts[(counts["kind"] == "component") & (counts["unit"] == "pages")]  # the title names what the chart draws
    parts = parts.sort_values(["unit", "value_low"], ascending=[False, False], kind="mergesort")
    counted = [f"{short_publisher(p)} counts parts: " + ", and ".join(" and ".join(u["figure"]) + f" {unit}"
                                                                     for unit, u in g.groupby("unit", sort=False))
               for p, g in parts.groupby("source_publisher", sort=False)]
    if len(exact) > 3:
        values = totals.loc[totals["qualifier"] != "vague", "value_low"]
        exact = [f"{len(exact)} different counts, from {W.number(values.min())} to {W.number(values.max())}"]
    if len(counted) > 2:
        counted = [f"{parts['source_id'].nunique()} documents count parts"]
    title = ("The documents put the 2019 leak at " + " or at ".join(f"{f} pages" for f in exact) if exact
             else "No document gives an exact page count for the 2019 leak") + "".join(f"; {c}" for c in counted)
    vague = totals[totals["qualifier"] == "vague"].drop_duplicates(["figure", "bounds"])
    subtitle = ("Pages in the internal Chinese documents obtained by The New York Times, as each document counts them. "
                + "".join(f"{W.quote(r.figure)} is vague: {r.bounds}. " for r in vague.itertuples()) + "Unit: pages."
                + note + left_out_sentence(left))
    sums = counts[(counts["kind"] == "sum of components (derived)") & (counts["unit"] == "pages")]
    no_total = set(sums["source_id"]) - set(totals.loc[totals["qualifier"] != "vague", "source_id"])
    if len(sums) <= 2:
        source = " ".join(f"The {W.number(r.value_low)} is this project's sum of {W.number_words(r.figure.count(' + ') + 1)} parts "
                          f"{short_publisher(r.source_publisher)} counts"
                          + (f"; {short_publisher(r.source_publisher)} prints no exact total." if r.source_id in no_total else ".")
                          for r in sums.itertuples())
    else:
        source = f"The {len(sums)} sums of parts are this project's, not totals printed."
    alt_text = ("Interval chart of page counts for the 2019 leak: " + listing(f"{r.label}: {r.figure}" for r in drawn.itertuples()) + "."
                + collapsed(counts[counts["unit"] == "pages"], drawn) + left_out_sentence(left))
    return {"title": title, "subtitle": subtitle, "alt": alt_text, "source": source}


# The 2022 leak's counts as the documents give them today, and the title that describes exactly these.
LEAKS_2022_DESCRIBED = {("leaked_photos_and_documents", "thousands"), ("leaked_photos_and_documents", "tens of thousands"),
                        ("leaked_files", "tens of thousands"), ("detainee_photos", "More than 2,800"),
                        ("detainees_photographed", "over 2,800")}


def leaks_2022(counts: pd.DataFrame, drawn: pd.DataFrame, left: pd.DataFrame, note: str = "") -> dict:
    """Notebook 06's second chart: ``counts`` the counts of the leak's contents (`analysis.
    leak_chart`), ``drawn`` the rows drawn (`analysis.at_most`), ``left`` what is not drawn."""
    if set(zip(counts["measure"], counts["figure"])) == LEAKS_2022_DESCRIBED:
        title = "Reports of the 2022 leak: “thousands” or “tens of thousands” of photos and documents, and more than 2,800 photos or detainees"
    elif not len(counts):
        title = "Reports of the 2022 leak: no document counts its contents"
    else:
        title = (f"Reports of the 2022 leak: {W.count(len(counts), 'count')} of its contents in "
                 f"{W.count(counts['source_id'].nunique(), 'document')}, in " + _and(sorted(set(counts["unit"]))))
    marks = []
    if counts["approximate"].any():
        vague = (counts.loc[counts["approximate"], "qualifier"] == "vague").all()
        marks.append("Hollow diamond: vague" if vague else "Hollow diamond: approximate or vague")
    if counts["open_high"].any():
        marks.append("dashed with arrow: no upper bound given")
    if counts["open_low"].any():
        marks.append("drawn from the axis's left edge: no lower bound given")
    subtitle = ("Items in the 2022 Xinjiang Police Files, as each document counts them"
                + (f"; each row names its unit ({_and(sorted(set(counts['unit']))).replace(' and ', ' or ')})" if len(counts) else "")
                + ". Log scale."
                + ("" if not marks else " " + "; ".join(marks)[0].upper() + "; ".join(marks)[1:] + ".")
                + note + left_out_sentence(left))
    alt_text = ("Interval chart on a log scale of counts for the 2022 leak: "
                + listing(f"{r.label}: {r.figure} ({r.bounds})" for r in drawn.itertuples()) + "."
                + collapsed(counts, drawn) + left_out_sentence(left))
    return {"title": title, "subtitle": subtitle, "alt": alt_text}


# --- Notebook 09: where the numbers come from --------------------------------------------------

def origins_words(summary: pd.DataFrame) -> dict:
    """Notebook 09's title, subtitle and alt text, from `analysis.origin_summary` (its last row,
    'other', holds the claims of the measures no subject takes in)."""
    named = summary[summary["subject"] != "other"]
    drawn = named[named["printed"] > 0]
    if len(drawn):
        top = drawn.iloc[0]  # the first subject, in the order given
        sourced, unsourced = int(top["printed"]) - int(top["unsourced"]), int(top["unsourced"])
        title = (f"{W.count(int(top['printed']), 'figure', words=False).capitalize()} printed on {top['subject']}: "
                 + (f"{sourced:,} trace to {W.count(int(top['producers']), 'named producer', words=False)}" if sourced else
                    "none traces to a named producer")
                 + (f"; {unsourced:,} name{'s' if unsourced == 1 else ''} no source" if unsourced else ""))
    else:
        title = "No document prints a figure on these subjects"
    other = summary[summary["subject"] == "other"]
    left = int(other["printed"].sum())
    subtitle = ("For each subject, the figures the documents print (circles) and the named producers they come from "
                "(diamonds), following each figure's links to whoever first produced it (data/lineage.csv); a figure "
                "given to unnamed people, or in a publisher's own voice with no link, names no source and counts no "
                "producer. Unit: figures; producers."
                + (f" Not drawn: {W.count(left, 'figure', words=False)} of other measures, in the table." if left else ""))
    alt_text = ("Dumbbell chart of figures printed against original producers, by subject: "
                + listing(f"{r.subject}: {W.count(int(r.printed), 'figure', words=False)} in "
                          f"{W.count(int(r.documents), 'document', words=False)}, {int(r.relayed)} of them relayed, cited or "
                          f"derived from another's, {int(r.unsourced)} naming no source; the others from "
                          f"{W.count(int(r.producers), 'named producer', words=False)} "
                          f"giving {W.count(int(r.estimates), 'distinct figure', words=False)}"
                          for r in drawn.itertuples())
                + "." + (f" Not drawn: {W.count(left, 'figure', words=False)} of other measures." if left else ""))
    return {"title": title, "subtitle": subtitle, "alt": alt_text}
