"""Every sentence written from the data is true of the data it describes, whatever that data is;
and no claim is silently left off a chart (captions.py, charts/theme.py).

Property tests generate claims frames of any shape the schema allows (bounds missing on either
side, points, ranges, vague figures, claimant types, units and subjects the palette and the
notebooks have never seen, the same figure from many documents, dozens of documents), build the
sentences the notebooks and the README print, read the numbers back out of them with the data's
own parser (`numbers.parse_figure`) and check each against the rows.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from claimtrace import analysis as A, captions as K, charts as C, wording as W
from claimtrace.numbers import parse_figure

# --- Frames shaped like the data package's tables -------------------------------------------------

def _claim_columns() -> list[str]:
    """The claims table's columns, as the schema declares them (the fixture's: it follows the live one)."""
    import json
    from conftest import FIXTURE_DATA
    descriptor = json.loads((FIXTURE_DATA / "datapackage.json").read_text(encoding="utf-8"))
    return [f["name"] for r in descriptor["resources"] if r["name"] == "claims" for f in r["schema"]["fields"]]


CLAIM_COLUMNS = _claim_columns()
NAMED_TYPES = ["government official", "researcher", "NGO", "unnamed rights groups or experts", "news outlet",
               "unknown publisher"]
NEW_TYPES = ["UN body", "court", "think tank", "intergovernmental body", "journalist", "lawyer", "diplomat",
             "religious body", "trade union", "university", "police", "party organ"]


def sources_frame(n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "source_id": [f"doc_{i:03d}" for i in range(n)],
        "title": [f"Title {i}" for i in range(n)],
        "publisher": [f"Publisher {i} (P{i})" for i in range(n)],
        "published_date": [f"20{10 + i % 13:02d}-0{1 + i % 9}" for i in range(n)],
        "document_type": "news report", "date_basis": ["stated" if i % 2 else "inferred" for i in range(n)],
        "publisher_basis": "stated",
    })


def claim(i: int, source: str, figure: str, low, high, qualifier: str, claimant: str = "Someone",
          claimant_type: str = "researcher", measure: str = "detained_people", **kw) -> dict:
    row = {c: "" for c in CLAIM_COLUMNS}
    row.update(claim_id=f"c{i:04d}", source_id=source, quote=figure, figure=figure, measure=measure,
               subject="xinjiang", value_low=low, value_high=high, qualifier=qualifier, unit="people",
               claimant=claimant, claimant_type=claimant_type, attribution="named", scope="people held",
               position="body", counted="detainees", claim_date_basis="publication")
    row.update(kw)
    if row["claim_date"] and row["claim_date_basis"] == "publication":
        row.update(claim_date_basis="stated", claim_date_clue=row["claim_date"])
    return row


def claims_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    df["value_low"] = pd.to_numeric(df["value_low"]).astype("float64")
    df["value_high"] = pd.to_numeric(df["value_high"]).astype("float64")
    return df


# One figure of any shape: (printed words, low, high, qualifier). None is an open side.
values = st.sampled_from([10, 500, 1_000, 260_000, 800_000, 1_000_000, 1_500_000, 1_800_000, 2_000_000,
                          3_000_000, 10_000_000])


@st.composite
def a_figure(draw):
    v = draw(values)
    shape = draw(st.sampled_from(["exact", "about", "up to", "more than", "at least", "between", "vague"]))
    if shape == "between":
        w = draw(values.filter(lambda w: w > v))
        return f"between {W.number(v)} and {W.number(w)}", v, w, "between"
    if shape == "up to":
        return f"up to {W.number(v)}", None, v, "up to"
    if shape in ("more than", "at least"):
        return f"{shape} {W.number(v)}", v, None, shape
    if shape == "vague":
        return "hundreds of thousands", 200_000, None, "vague"
    return (f"about {W.number(v)}" if shape == "about" else W.number(v)), v, v, shape


@st.composite
def a_claims_table(draw, measure: str = "detained_people"):
    """Claims of one measure from up to 40 documents, with repeats of one figure across documents,
    claimant types old and new, and other units and subjects."""
    n_docs = draw(st.integers(1, 40))
    figures = draw(st.lists(a_figure(), min_size=1, max_size=12))
    rows = []
    for i in range(draw(st.integers(1, 45))):
        figure, low, high, qualifier = figures[i % len(figures)]
        kind = draw(st.sampled_from(NAMED_TYPES + NEW_TYPES))
        rows.append(claim(i, f"doc_{draw(st.integers(0, n_docs - 1)):03d}", figure, low, high, qualifier,
                          claimant=f"Claimant {draw(st.integers(0, 6))}", claimant_type=kind, measure=measure,
                          unit=draw(st.sampled_from(["people", "persons", "detainees"])),
                          subject=draw(st.sampled_from(["xinjiang", "xinjiang_camps", "kashgar"])),
                          scope=draw(st.sampled_from(["people held", "people interned since 2017"])),
                          period_start=draw(st.sampled_from(["", "2017"])),
                          attribution=draw(st.sampled_from(["named", "unnamed", "own_voice", "document"]))))
    return claims_frame(rows), sources_frame(n_docs)


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- Reading the sentences back -------------------------------------------------------------------

QUOTED = re.compile(r"“([^”]*)”")


def number_in(text: str) -> float:
    """The number a fragment of a sentence states, read by the data's own parser."""
    return parse_figure(text.strip()).low


def check_title(title: str, est: pd.DataFrame) -> None:
    lows, n = est["value_low"], len(est)
    top = K.highest(est)
    top_value = est["value_high"].fillna(est["value_low"]).max()
    assert top_value in (top["value_high"], top["value_low"])
    assert title.endswith(f"{top['claimant']}'s “{top['figure']}”"), title
    if n == 1:
        assert title.startswith("One figure"), title
        return
    m = re.match(r"All ([\d,]+) figures put the number detained at (.+?) or more; ", title)
    if m:
        assert int(m.group(1).replace(",", "")) == n
        stated = number_in(m.group(2))
        assert lows.notna().all(), "'all … or more' said of a figure with no lower bound"
        assert stated == lows.min()
        assert (lows >= stated).all()
    else:
        assert lows.isna().any(), f"the title drops the floor although every figure has one: {title}"
        assert "all" not in title.lower().split() and "every" not in title.lower()
        m = re.match(r"([\d,]+) figures for the number detained, from (.+?)'s “(.+?)” to ", title)
        assert m, title
        assert int(m.group(1).replace(",", "")) == n
        low_rows = est[est["value_low"].isna()]
        assert m.group(3) in set(low_rows["figure"]), "the lowest quoted is not a figure with no lower bound"
        assert m.group(2) in set(low_rows.loc[low_rows["figure"] == m.group(3), "claimant"])


def check_alt(alt_text: str, est: pd.DataFrame, drawn: pd.DataFrame) -> None:
    m = re.match(r"Interval chart of ([\d,]+) figures? for .+? printed in (\S+) documents?", alt_text)
    assert m, alt_text
    assert int(m.group(1).replace(",", "")) == len(est)
    assert number_in(m.group(2)) == est["source_id"].nunique()
    lows = est["value_low"]
    m = re.search(r"Every printed figure starts at (.+?)( or more)?\.", alt_text)
    if m:
        assert lows.notna().all()
        assert number_in(m.group(1)) == lows.min()
        assert bool(m.group(2)) == (lows.nunique() > 1)
    else:
        assert lows.isna().any()
        for f in est.loc[lows.isna(), "figure"].head(K.MAX_LISTED):
            assert f"“{f}”" in alt_text, f"a figure with no lower bound is not named as drawn from the left edge: {f}"
    # every drawn row is listed (up to the listing's limit), and a collapse says how many claims it stands for
    listed = alt_text.count(") · ") + alt_text.count(": ")
    assert listed >= min(len(drawn), K.MAX_LISTED)
    if len(drawn) < len(est):
        assert f"of the {len(est):,} claims" in alt_text or f"for all {len(est):,} claims" in alt_text


def check_headline(sentence: str, claims: pd.DataFrame) -> None:
    det = claims[claims["measure"] == "detained_people"]
    m = re.match(r"([\d,]+) figures? from ([\d,]+) source documents?: ", sentence)
    assert m and int(m.group(1).replace(",", "")) == len(claims)
    if len(det) < 2:
        return
    m = re.search(r"The ([\d,]+) figures for the number of people detained run from (.+?) to ([\d.,]+ million|[\d,]+) \(", sentence)
    assert m, sentence
    assert int(m.group(1).replace(",", "")) == len(det)
    assert number_in(m.group(3)) == det["value_high"].fillna(det["value_low"]).max()
    start = m.group(2)
    if start.startswith("“"):
        assert det["value_low"].isna().any()
        assert QUOTED.match(start).group(1) in set(det.loc[det["value_low"].isna(), "figure"])
    else:
        assert det["value_low"].notna().all()
        assert number_in(start) == det["value_low"].min()
    opened = det["value_high"].isna()
    if "all are open-ended" in sentence:
        assert opened.all()
    elif "several are open-ended" in sentence:
        assert 3 <= opened.sum() < len(det)
    elif "open-ended" in sentence:
        tail = sentence[sentence.index("); ") :]
        named = QUOTED.findall(tail.split("open-ended")[0])
        assert sorted(named) == sorted(det.loc[opened, "figure"])
    else:
        assert not opened.any()
    n_counted = det["counted"].nunique()  # what each counts, by the vocabulary, not by its words
    assert (f"they count {W.count(n_counted, 'population')} as this project reads them" in sentence) == (n_counted > 1)
    assert ("one population in different words" in sentence) == (n_counted == 1 and det["scope"].nunique() > 1)


# --- Property tests -------------------------------------------------------------------------------

@SETTINGS
@given(a_claims_table())
def test_detainee_title_alt_and_subtitle_are_true_of_any_figures(table):
    claims, sources = table
    est = A.estimates(claims, sources, "detained_people")
    drawn = A.at_most(est, C.MAX_ROWS)
    words = K.detainee_estimates(est, drawn, 4, C.collapse_note(est, drawn))
    check_title(words["title"], est)
    check_alt(words["alt"], est, drawn)
    assert ("Drawn from the axis's left edge" in words["subtitle"]) == bool(est["value_low"].isna().any())


@SETTINGS
@given(a_claims_table())
def test_headline_is_true_of_any_claims(table):
    claims, sources = table
    check_headline(K.headline_sentence(K.headline(claims, sources)), claims)


@SETTINGS
@given(a_claims_table(measure="detention_facilities"))
def test_facilities_words_are_true_of_any_counts(table):
    claims, sources = table
    est = A.facilities(claims, sources)
    drawn = A.at_most(est, C.MAX_ROWS)
    ref = pd.DataFrame({"producer": ["BuzzFeed News"], "year": ["2020"], "figure": ["more than 260"]})
    words = K.facilities(est, drawn, ref, C.collapse_note(est, drawn))
    if "All are lower bounds" in words["subtitle"] or "Both figures are lower bounds" in words["subtitle"]:
        assert est["open_high"].all()
    assert ("open-ended" in words["alt"]) == bool(est["open_high"].all())
    m = re.match(r"Interval chart of (\S+) (?:open-ended )?counts? ", words["alt"])
    assert number_in(m.group(1)) == len(est)
    printed = QUOTED.findall(words["title"])
    assert printed[0].lower() == est["figure"].iloc[0].lower()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # a chart built per example
@given(a_claims_table())
def test_every_claimant_type_is_coloured_once_and_in_the_legend(table):
    claims, sources = table
    est = A.estimates(claims, sources, "detained_people")
    rows = C.estimate_rows(A.at_most(est, C.MAX_ROWS), x_max=12e6)
    spec = C.estimates_chart(rows, "People", x_max=12e6).to_dict()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert set(rows["colour_key"]) <= set(scale["domain"]), "a claimant type has no colour: its marks are dropped"
    assert len(scale["domain"]) == len(set(scale["domain"]))
    colours = dict(zip(scale["domain"], scale["range"]))
    for kind in set(rows["colour_key"]) - {"reference (published elsewhere)"}:
        assert colours[kind] != C.REFERENCE_GREY, f"{kind} drawn in the reference grey"


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 200), st.sampled_from(["document", "figure", "source document"]))
def test_counts_agree_with_their_nouns(n, noun):
    words = W.count(n, noun)
    assert words.endswith(noun if n == 1 else noun + "s")
    assert number_in(words.rsplit(" ", len(noun.split()))[0]) == n


# --- The findings of the trial: examples --------------------------------------------------------

def trial_claims(zenz: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [claim(i, "doc_000", "1 Million", 1e6, 1e6, "exact", claimant="HuffPost") for i in range(3)]
    rows += [claim(3, "doc_001", "more than one million", 1e6, None, "more than", claimant="Activists",
                   scope="Uyghurs and other Muslims", period_start="2017"),
             claim(4, "doc_001", "likely closer to 3 million", 3e6, 3e6, "likely closer to", claimant="Randall Schriver")]
    if zenz:
        rows.append(claim(5, "doc_002", "up to 1.8 million", None, 1.8e6, "up to", claimant="Adrian Zenz"))
    return claims_frame(rows), sources_frame(3)


def test_an_up_to_figure_is_not_called_one_million_or_more():
    claims, sources = trial_claims()
    est = A.estimates(claims, sources)
    words = K.detainee_estimates(est, A.at_most(est, C.MAX_ROWS), 4)
    assert words["title"] == ("6 figures for the number detained, from Adrian Zenz's “up to 1.8 million” "
                              "to Randall Schriver's “likely closer to 3 million”")
    assert "Every printed figure" not in words["alt"]
    assert "Drawn from the axis's left edge, as it gives no lower bound: Adrian Zenz's “up to 1.8 million”." in words["alt"]
    headline = K.headline_sentence(K.headline(claims, sources))
    assert "run from “up to 1.8 million” (Adrian Zenz, no lower bound given) to 3 million" in headline
    assert "run from 1 million" not in headline


def test_without_it_the_title_keeps_its_wording():
    claims, sources = trial_claims(zenz=False)
    est = A.estimates(claims, sources)
    words = K.detainee_estimates(est, A.at_most(est, C.MAX_ROWS), 4)
    assert words["title"] == ("All 5 figures put the number detained at one million or more; "
                              "the highest is Randall Schriver's “likely closer to 3 million”")
    assert "Every printed figure starts at one million or more." in words["alt"]
    assert "run from 1 million to 3 million" in K.headline_sentence(K.headline(claims, sources))


@pytest.fixture
def un_body_vocabulary():
    descriptor = {"resources": [{"name": "claims", "schema": {"fields": [
        {"name": "claimant_type", "constraints": {"enum": [*NAMED_TYPES, "UN body"]}}]}}]}
    C.use_vocabulary(descriptor)
    yield
    C.use_vocabulary({"resources": [{"name": "claims", "schema": {"fields": [{"name": "claimant_type"}]}}]})


def test_a_new_claimant_type_is_drawn_and_in_the_legend(un_body_vocabulary):
    claims, sources = trial_claims()
    claims.loc[claims["claimant"] == "Adrian Zenz", ["claimant", "claimant_type"]] = ["a UN panel", "UN body"]
    est = A.estimates(claims, sources)
    rows = C.estimate_rows(A.at_most(est, C.MAX_ROWS), x_max=3.5e6)
    spec = C.estimates_chart(rows, "People", x_max=3.5e6).to_dict()
    color = spec["layer"][0]["encoding"]["color"]
    assert "UN body" in color["scale"]["domain"]  # in the legend: the legend lists the scale's domain
    assert color.get("legend", {}) is not None
    colour = dict(zip(color["scale"]["domain"], color["scale"]["range"]))["UN body"]
    assert colour == C.FALLBACK_COLORS[0] and colour != C.REFERENCE_GREY
    drawn = [r for r in spec["datasets"][spec["data"]["name"]] if r["colour_key"] == "UN body"]
    assert len(drawn) == 1 and drawn[0]["draw_low"] == 0 and drawn[0]["draw_high"] == 1.8e6
    # the schema's order: the new type after the named ones, the same colour in every chart
    assert C.claimant_types()[: len(NAMED_TYPES) + 1] == [*NAMED_TYPES, "UN body"]


def test_types_outside_the_vocabulary_are_still_coloured():
    scale = C.claimant_scale(["NGO", "tribunal", "court"]).to_dict()
    assert scale["domain"] == ["NGO", "court", "tribunal"]
    assert len(set(scale["range"])) == 3 and C.REFERENCE_GREY not in scale["range"]


# --- Notebooks 04, 05, 06, and what each chart leaves out ----------------------------------------

def check_left_out(text: str, left: pd.DataFrame) -> None:
    """The sentence names every reason a claim is left out, with its count; none when nothing is."""
    if left.empty:
        assert "Not drawn" not in text
        return
    assert "Not drawn: " in text
    for reason, g in left.groupby("reason"):
        m = re.search(r"(\S+) figures?(?: \([^)]*\))?, " + re.escape(reason), text)
        assert m, (reason, text)
        assert number_in(m.group(1)) == len(g)


def assert_partition(on_subject: pd.DataFrame, drawn_ids, left: pd.DataFrame) -> None:
    """Every claim on the chart's subject is drawn or left out with a reason, never both, never neither."""
    drawn = set(drawn_ids) & set(on_subject["claim_id"])
    out = set(left["claim_id"])
    assert not drawn & out
    assert drawn | out == set(on_subject["claim_id"]), "a claim on the subject is neither drawn nor said to be left out"
    assert (left["reason"] != "").all()


LEAK_MEASURES = [("leaked_pages", "pages"), ("leaked_documents", "documents"), ("detainee_age", "years"),
                 ("leaked_files", "files"), ("detainee_photos", "photos"), ("detained_share", "percent")]


@st.composite
def a_leak_table(draw):
    """Claims about one leak, in any unit, some of them parts of a document's total, from up to 30 documents."""
    n_docs = draw(st.integers(1, 30))
    rows = []
    for i in range(draw(st.integers(1, 40))):
        figure, low, high, qualifier = draw(a_figure())
        measure, unit = draw(st.sampled_from(LEAK_MEASURES))
        rows.append(claim(i, f"doc_{draw(st.integers(0, n_docs - 1)):03d}", figure, low, high, qualifier,
                          claimant=f"Claimant {draw(st.integers(0, 4))}", measure=measure, unit=unit, subject="a_leak",
                          component=draw(st.sampled_from(["", "", "speeches", "directives"]))))
    rows.append(claim(999, "doc_000", "12", 12, 12, "exact", measure="leaked_pages", unit="pages", subject="another_leak"))
    return claims_frame(rows), sources_frame(n_docs)


@SETTINGS
@given(a_leak_table(), st.sampled_from(["pages", None]))
def test_a_leak_chart_draws_every_count_or_says_what_it_leaves_out(table, unit):
    claims, sources = table
    counts, left = A.leak_chart(claims, sources, "a_leak", unit=unit)
    on_subject = claims[claims["subject"] == "a_leak"]
    assert_partition(on_subject, counts["claim_id"], left)
    if unit:
        assert (counts["unit"] == unit).all()
    drawn = A.at_most(counts, C.MAX_ROWS)
    note = C.collapse_note(counts, drawn)
    if unit:
        words = K.leaks_2019(A.leak_counts(claims, sources, "a_leak"), drawn, left, note)
    else:
        words = K.leaks_2022(counts, drawn, left, note)
        assert "all" not in words["title"].lower().split()
        if "counts of its contents" in words["title"]:
            m = re.match(r"Reports of the 2022 leak: (\S+) counts? of its contents in (\S+) documents?", words["title"])
            assert number_in(m.group(1)) == len(counts) and number_in(m.group(2)) == counts["source_id"].nunique()
        assert ("Hollow diamond" in words["subtitle"]) == bool(counts["approximate"].any())
        assert ("no upper bound given" in words["subtitle"]) == bool(counts["open_high"].any())
        for u in set(counts["unit"]):
            assert u in words["subtitle"]
    for text in (words["subtitle"], words["alt"]):
        check_left_out(text, left)


@SETTINGS
@given(a_claims_table(measure="population"), st.integers(0, 3))
def test_denominators_words_are_true_and_every_share_is_drawn_or_said_left_out(table, n_shares):
    claims, sources = table
    shares = [claim(500 + i, claims["source_id"].iloc[i % len(claims)], "about 15%", 15, 15, "about",
                    measure="detained_share", unit="percent", subject=claims["subject"].iloc[i % len(claims)],
                    quote=claims["quote"].iloc[i % len(claims)] if i % 2 else f"a share of its own, {i}")
              for i in range(n_shares)]
    counts = [claim(600, claims["source_id"].iloc[0], "1 to 2 million", 1e6, 2e6, "between", subject=claims["subject"].iloc[0],
                    quote=claims["quote"].iloc[0])]
    claims = claims_frame([*claims.to_dict("records"), *shares, *counts])
    claims["counted"] = ["xinjiang_population" if i % 3 == 0 else "someone" for i in range(len(claims))]
    rows = A.denominator_rows(claims, sources)
    left = A.denominators_left_out(claims, rows)
    implied = A.implied_denominators(claims)
    on_subject = claims[claims["measure"].isin(["population", "detained_share"])]
    assert_partition(on_subject, [*rows["claim_id"], *implied["share_claim_id"]], left)
    assert set(claims.loc[claims["measure"] == "population", "claim_id"]) <= set(rows["claim_id"]), "a population is not drawn"
    drawn = A.at_most(rows, C.MAX_ROWS)
    words = K.denominators(rows, drawn, implied, claims, 25_852_345, 4, left, C.collapse_note(rows, drawn))
    called = rows[(rows["kind"] != "derived") & (rows["counted"] == "xinjiang_population")]
    quoted = QUOTED.findall(words["title"])
    if len(called) == 1:
        assert called["figure"].iloc[0] in quoted
    elif len(called) > 1:
        assert words["title"].startswith(f"{len(called):,} figures are called")
    else:
        assert not quoted
    assert "25.9 million" in words["title"]
    m = re.match(r"Interval chart of (\S+) population figures? printed in (\S+) documents?", words["alt"])
    printed = rows[rows["kind"] != "derived"]
    assert number_in(m.group(1)) == len(printed) and number_in(m.group(2)) == printed["source_id"].nunique()
    for text in (words["subtitle"], words["alt"]):
        check_left_out(text, left)
    text = K.implied_populations_text(implied, claims, 25_852_345, 11_624_257)
    assert text.count("implies a population of") == len(implied)


def konasheher_claims(extra: list[dict]) -> pd.DataFrame:
    rows = [claim(0, "doc_000", "286,000", 286_000, 286_000, "exact", claimant="Human Rights Now (HRN)",
                  measure="people_in_records", subject="konasheher_records"),
            claim(1, "doc_000", "about 12.5%", 12.5, 12.5, "about", claimant="Human Rights Now (HRN)",
                  measure="detained_share", unit="percent", subject="konasheher_records"),
            claim(2, "doc_000", "over 64 times", 64, None, "over", claimant="Human Rights Now (HRN)",
                  measure="detention_rate_ratio", unit="times", subject="konasheher_records")]
    return claims_frame([*rows, *extra])


KONASHEHER_EXTRA = st.lists(st.tuples(st.sampled_from(["doc_000", "doc_001", "doc_002"]),
                                      st.sampled_from([*A.KONASHEHER_MEASURES, "people_released"]),
                                      st.sampled_from(["konasheher_records", "xinjiang_detentions"])), max_size=8)


@SETTINGS
@given(KONASHEHER_EXTRA, st.sampled_from(["more than", "up to", "about", "exact"]), st.sampled_from([0.5, 1.0]))
def test_konasheher_words_are_true_and_every_claim_on_the_records_is_drawn_or_said_left_out(extra, ratio_q, ethnic):
    claims = konasheher_claims([claim(10 + i, s, "7", 7, 7, "exact", measure=m, subject=sub) for i, (s, m, sub) in enumerate(extra)])
    ratio_low, ratio_high = {"more than": (64, None), "up to": (None, 64), "about": (64, 64), "exact": (64, 64)}[ratio_q]
    claims.loc[2, ["qualifier", "value_low", "value_high"]] = [ratio_q, ratio_low if ratio_low else 64, ratio_high]
    figures = A.konasheher_figures(claims, "doc_000")
    left = A.konasheher_left_out(claims, figures)
    assert_partition(claims[claims["subject"] == "konasheher_records"], figures["claim_id"], left)
    steps = A.konasheher_implications(figures, 0.775, ethnic)
    refs = {"ap_population": {"figure": "more than 267,000"}, "ap_imprisoned": {"figure": "more than 10,000"}}
    words = K.konasheher(figures, steps, 0.775, ethnic, {"prison": 117.0, "ap": 3745.0, "zenz": 12100.0}, refs, left)
    assert words["title"].startswith("HRN's figures imply about ")
    assert (", at most, if " in words["title"]) == (ethnic == 1) and "of the 286,000 in its records are adults" in words["title"]
    national = steps.loc[steps["step"].str.startswith("national"), "value"].iloc[0]
    if "within that bound" in words["subtitle"]:
        assert (ratio_q == "more than" and national >= 117) or (ratio_q == "up to" and national <= 117)
    if ratio_q in ("about", "exact"):
        assert "bound" not in words["subtitle"]
    for text in (words["subtitle"], words["alt"]):
        check_left_out(text, left)


@SETTINGS
@given(a_claims_table())
def test_every_chart_of_notebooks_01_to_03_and_08_draws_every_claim_on_its_subject(table):
    """The charts that leave nothing out by choice: inventory and provenance (every claim), the
    detainee estimates and the facilities (every claim of the measure, collapsed only as the
    collapse note says), the timeline (every dated estimate)."""
    claims, sources = table
    facilities = claims.assign(measure="detention_facilities", claim_id=claims["claim_id"] + "f")
    both = pd.concat([claims, facilities], ignore_index=True)
    assert A.inventory(both, ["source_id"])["claims"].sum() == len(both)
    assert A.provenance_summary(both, sources).groupby("check")["claims"].sum().eq(len(both)).all()
    for measure, est in (("detained_people", A.estimates(both, sources)), ("detention_facilities", A.facilities(both, sources))):
        assert set(est["claim_id"]) == set(both.loc[both["measure"] == measure, "claim_id"])
        drawn = A.at_most(est, C.MAX_ROWS)
        assert drawn["claims"].sum() == len(est) or C.collapse_note(est, drawn), "rows dropped without a word"
    dated = both.assign(claim_date=["2019-05" if i % 2 else "" for i in range(len(both))])
    srcs = sources.assign(published_earliest=pd.Timestamp("2019-01-01"), published_latest=pd.Timestamp("2019-12-31"),
                          date_clue="")
    events = pd.DataFrame(columns=["event_id", "source_id", "event_type", "event", "date", "date_end", "date_basis", "quote"])
    rows = A.timeline(events, dated, srcs)
    assert set(dated.loc[dated["claim_date"] != "", "claim_id"]) <= set(rows["row_id"])


def test_the_2022_leak_chart_says_it_leaves_out_the_detainees_ages():
    rows = [claim(0, "doc_000", "thousands", 2000, None, "vague", measure="leaked_files", unit="files", subject="leak"),
            claim(1, "doc_000", "17-year-old", 17, 17, "exact", measure="detainee_age", unit="years", subject="leak",
                  claimant="unknown (a website)"),
            claim(2, "doc_001", "16-year-old", 16, 16, "exact", measure="detainee_age", unit="years", subject="leak",
                  claimant="unknown (a website)")]
    claims, sources = claims_frame(rows), sources_frame(2)
    counts, left = A.leak_chart(claims, sources, "leak")
    assert list(counts["claim_id"]) == ["c0000"] and list(left["claim_id"]) == ["c0001", "c0002"]
    words = K.leaks_2022(counts, counts.assign(claims=1), left)
    assert words["alt"].endswith(" Not drawn: two figures (a website's “17-year-old” and a website's “16-year-old”), "
                                 "in years: ages, not counts of what the leak contained.")
    assert "Not drawn: two figures" in words["subtitle"]
    assert words["title"] == "Reports of the 2022 leak: one count of its contents in one document, in files"
