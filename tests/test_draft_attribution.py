"""The drafter reads who is speaking as a reader follows a text, across sentences, and reads figures
as a reader does (claimtrace.draft, claimtrace.numbers). Every text here is a short one written for
the test, not a bench text; each is added to a copy of the fixture package and drafted."""
from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from claimtrace.draft import draft
from claimtrace.intake import add_source
from claimtrace.package import read_descriptor

PUBLISHER = "The Daily Example"


def _draft(data_copy: Path, tmp_path: Path, text: str, published: str = "2019-11-25") -> dict[str, list[dict]]:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    add_source(path, "article", publisher=PUBLISHER, published=published, data_dir=data_copy)
    draft("article", tmp_path / "out", data_dir=data_copy)
    out = {}
    for name in ("claims", "events", "non_claims", "lineage"):
        with open(tmp_path / "out" / f"{name}.csv", encoding="utf-8", newline="") as fh:
            out[name] = list(csv.DictReader(fh))
    return out


def _claim(rows: dict, figure: str) -> dict:
    found = [r for r in rows["claims"] if r["figure"] == figure]
    assert len(found) == 1, [r["figure"] for r in rows["claims"]]
    return found[0]


def _who(rows: dict, figure: str) -> tuple[str, str]:
    c = _claim(rows, figure)
    return c["attribution"], c["claimant"]


# --- attribution across sentences ------------------------------------------------------------------

def test_according_to_a_document_introducing_a_list(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Camps grow\n\nAccording to the bulletin, in the first half of the year:\n"
                  "- 1,200 people were sent to the camps\n- 300 people were released\n\n"
                  "The weather was mild, and 40 people attended the fair.\n")
    for figure in ("1,200", "300"):
        c = _claim(rows, figure)
        assert (c["attribution"], c["claimant"], c["reported_via"]) == ("document", PUBLISHER, "the bulletin")
    assert _who(rows, "40") == ("own_voice", PUBLISHER)


def test_a_paragraph_that_begins_with_its_speaker(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Counting the camps\n\nZenz had initially estimated that 1 million people were "
                  "held. The new count is 1.8 million people.\n\nThe city has 3 million residents.\n")
    assert _who(rows, "1 million") == ("named", "Zenz")
    assert _who(rows, "1.8 million") == ("named", "Zenz")
    assert _who(rows, "3 million") == ("own_voice", PUBLISHER)


def test_a_pronoun_and_a_surname_carry_the_speaker(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Camps\n\nThe camps are large, said Adrian Zenz, a researcher. In the north "
                  "the buildings are new. He said 500 camps were built.\n\nLater, Zenz said 900 people were moved.\n")
    assert _who(rows, "500") == ("named", "Adrian Zenz")
    assert _who(rows, "900") == ("named", "Adrian Zenz")


def test_x_says_in_a_headline(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Zenz says 1.8 Million detained\n\nThe city has 40 schools.\n")
    c = _claim(rows, "1.8 Million")
    assert (c["attribution"], c["claimant"], c["position"]) == ("named", "Zenz", "headline")
    assert (c["value_low"], c["value_high"]) == ("1800000", "1800000")


def test_reported_speech_after_said_it_had_received(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Review\n\nThe UN panel said it had received many credible reports. As many "
                  "as 1 million people are held in camps.\n\nThe hearing took 2 days.\n")
    assert _who(rows, "As many as 1 million") == ("named", "UN panel")
    assert _who(rows, "2") == ("own_voice", PUBLISHER)


@pytest.mark.parametrize("sentence, figure, claimant", [
    ("Some experts claim that 2 million people are held.", "2 million", "Some experts"),
    ("Activists say 3,000 people were detained.", "3,000", "Activists"),
    ("Officials said 40 camps were closed.", "40", "Officials"),
    ("A U.S. member of the committee cited estimates that 2 million people were held.", "2 million",
     "A U.S. member of the committee"),
])
def test_unnamed_groups_are_unnamed(data_copy, tmp_path, sentence, figure, claimant):
    rows = _draft(data_copy, tmp_path, f"Report\n\n{sentence}\n")
    c = _claim(rows, figure)
    assert (c["attribution"], c["claimant"]) == ("unnamed", claimant)
    enum = next(f for r in read_descriptor(data_copy)["resources"] if r["name"] == "claims"
                for f in r["schema"]["fields"] if f["name"] == "claimant_type")["constraints"]["enum"]
    assert c["claimant_type"] in enum


@pytest.mark.parametrize("text, figure", [
    ("Leak\n\nThe leaked list shows 311 people from one county.\n", "311"),
    ("Leak\n\nReporters obtained the spreadsheets. They reveal 2,884 detainees.\n", "2,884"),
])
def test_documents_are_read_by_the_publisher(data_copy, tmp_path, text, figure):
    c = _claim(_draft(data_copy, tmp_path, text), figure)
    assert (c["attribution"], c["claimant"]) == ("document", PUBLISHER)


@pytest.mark.parametrize("text, figure, claimant", [
    ("Camps\n\nIn July, researcher Adrian Zenz said 1,000 camps were built.\n", "1,000", "Adrian Zenz"),
    ("Camps\n\nAsia Correspondent Debi Edward said 400 people were held.\n", "400", "Debi Edward"),
    ("Camps\n\nThe Australian Strategic Policy Institute said 380 facilities were built.\n", "380",
     "Australian Strategic Policy Institute"),
])
def test_a_claimant_is_a_name_never_a_function_word_a_month_or_a_job_title(data_copy, tmp_path, text, figure,
                                                                            claimant):
    c = _claim(_draft(data_copy, tmp_path, text), figure)
    assert (c["attribution"], c["claimant"]) == ("named", claimant)


def test_a_job_title_alone_is_the_person_the_text_names_with_it(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Uyghurs Detained By The Million, Researcher Says\n\n"
                  "Researcher Adrian Zenz wrote the study.\n")
    c = _claim(rows, "By The Million")
    assert (c["attribution"], c["claimant"], c["claimant_type"]) == ("named", "Adrian Zenz", "researcher")
    assert (c["value_low"], c["value_high"], c["qualifier"]) == ("1000000", "", "vague")


def test_a_un_body_gets_the_closest_type_and_the_value_to_add(data_copy, tmp_path):
    c = _claim(_draft(data_copy, tmp_path, "UN\n\nA United Nations human rights panel said 1 million people "
                      "were held.\n"), "1 million")
    assert c["attribution"] == "named" and "United Nations" in c["claimant"]
    assert c["claimant_type"] == "government official" and c["confidence"] == "low"
    assert "'UN body'" in c["why"] and "Growing the vocabulary" in c["why"]


def test_every_required_cell_is_proposed(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Camps\n\nActivists say more than 1 million Uyghurs and other Muslims were "
                  "held in camps.\n")
    c = _claim(rows, "more than 1 million")
    # what it counts: an id of the vocabulary (what accepted claims of the measure count most
    # often), with the words' own reading in `why` for the analyst to check
    assert c["claimant_type"] and c["counted"] == "detainees"
    assert "'uyghurs and other muslims'" in c["why"] and "data/counted.csv" in c["why"]


def test_a_thing_the_vocabulary_lacks_is_proposed_for_it(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Camps\n\nThe state built more than 300 watchtowers in the region.\n")
    c = _claim(rows, "more than 300")
    assert c["counted"] == "watchtowers" and "not in data/counted.csv: add it there" in c["why"]


@pytest.mark.parametrize("sentence, date", [
    ("Zenz said in March this year that 1 million people were held.", "2019-03"),
    ("In a paper released Sunday, Zenz estimated 1.8 million people were held.", "2019-11-24"),
    ("A 2018 internal speech, the documents show, counted 500 camps.", "2018"),
    ("Zenz said in August 2018 that 1 million people were held.", "2018-08"),
])
def test_claim_date_from_the_sentence_with_its_basis(data_copy, tmp_path, sentence, date):
    rows = _draft(data_copy, tmp_path, f"Camps\n\n{sentence}\n", published="2019-11-25")  # a Monday
    c = next(r for r in rows["claims"])
    assert c["claim_date"] == date and f"claim date {date}" in c["why"]


def test_an_event_is_named_in_a_few_words(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Camps\n\nOn May 24, 2022, a consortium of media groups published the "
                  "files, which hold speeches, images, spreadsheets and protocols of the police.\n")
    event = rows["events"][0]
    assert event["date"] == "2022-05-24" and len(event["event"].split()) <= 8
    assert "published" in event["event"]


# --- figures as a reader reads them -----------------------------------------------------------------

@pytest.mark.parametrize("sentence, figure, low, high, qualifier, unit", [
    ("Nearly one in 25 people in the county were held.", "Nearly one in 25", 4, 4, "nearly", "percent"),
    ("The records show that just below one in six adults were held.", "just below one in six", 100 / 6, 100 / 6,
     "nearly", "percent"),
    ("Some 45 percent of the camps were new.", "Some 45 percent", 45, 45, "about", "percent"),
    ("Officials said roughly 300 camps were built.", "roughly 300", 300, 300, "about", "facilities"),
    ("As many as 3 million people were held.", "As many as 3 million", None, 3_000_000, "up to", "people"),
    ("Upwards of 1,000 camps were built.", "Upwards of 1,000", 1000, None, "more than", "facilities"),
    ("The camps held ~497,000 minors.", "~497,000", 497_000, 497_000, "about", "people"),
    ("An estimated one million or more Uyghurs were held.", "An estimated one million or more", 1_000_000, None,
     "at least", "people"),
    ("The scheme let the state recover almost 6.8 billion yuan.", "almost 6.8 billion", 6.8e9, 6.8e9, "nearly", ""),
    ("One out of every three mosques was razed.", "One out of every three", 100 / 3, 100 / 3, "exact", "percent"),
])
def test_figures_read_as_one_row_each(data_copy, tmp_path, sentence, figure, low, high, qualifier, unit):
    rows = _draft(data_copy, tmp_path, f"Camps\n\n{sentence}\n")
    assert len(rows["claims"]) == 1, [r["figure"] for r in rows["claims"]]
    c = _claim(rows, figure)
    assert (c["qualifier"], c["unit"]) == (qualifier, unit)
    for got, want in ((c["value_low"], low), (c["value_high"], high)):
        assert (got == "" and want is None) or math.isclose(float(got), want)


@pytest.mark.parametrize("sentence, figure, low, high, qualifier", [
    ("Police held 800,000 to possibly more than two million people.", "800,000 to possibly more than two million",
     800_000, 2_000_000, "between"),
    ("The corps forced half a million workers to pick cotton.", "half a million", 500_000, 500_000, "exact"),
    ("More than one-third of the camps were new.", "More than one-third", 100 / 3, None, "more than"),
    ("Suspects were held for up to an additional seven months.", "up to an additional seven", None, 7, "up to"),
    ("The rule limited parents to one child.", "one", 1, 1, "exact"),
])
def test_ranges_halves_fractions_and_fillers_read_as_one_figure(data_copy, tmp_path, sentence, figure, low, high,
                                                                qualifier):
    rows = _draft(data_copy, tmp_path, f"Camps\n\n{sentence}\n")
    assert [r["figure"] for r in rows["claims"]] == [figure]
    c = rows["claims"][0]
    assert c["qualifier"] == qualifier
    for got, want in ((c["value_low"], low), (c["value_high"], high)):
        assert (got == "" and want is None) or math.isclose(float(got), want)


@pytest.mark.parametrize("text, mention", [
    ("Those who criticized the COVID-19 policies were held.", "19"),
    ("At the G7 Summit, leaders spoke.", "7"),
    ("For details, see sections 1.a and 2.d.", "1"),
    ("It fought the government-designated “three evil forces” in the region.", "three"),
    ("One provincial official heading the system stated suspects were held.", "One"),
    ("The region changed greatly in the 1930s.", "1930"),
    ("The video was posted on 06 / 02 / 2019 by the group.", "06"),
    ("Funds were set aside in the 2018-19 budget.", "19"),
    ("It was signed as E.O. 13818 by the president.", "13818"),
    ("Critics of the zero-COVID policy were held.", "zero"),
    ("One of the detainees was a teacher.", "One"),
    ("At one point, police sealed off the village.", "one"),
    ("For details, see section 6 of the report.", "6"),
    ("The committee met at its seventy-fifth session.", "seventy"),
    ("The fire broke out at around 21:49 in building 8.", "21"),
    ("The meeting began at 3 p.m. on Friday.", "3"),
    ("69、Claims were raised of harsh treatment.", "69"),
])
def test_names_section_numbers_and_a_speakers_one_are_not_claims(data_copy, tmp_path, text, mention):
    rows = _draft(data_copy, tmp_path, f"Camps\n\n{text}\n")
    assert rows["claims"] == []
    assert mention in {r["mention"] for r in rows["non_claims"]}


def test_a_headline_in_title_case_is_one_figure(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "China Has Detained 1.8 Million Uyghurs\n\nThe camps are large.\n")
    assert [(r["figure"], r["value_low"]) for r in rows["claims"]] == [("1.8 Million", "1800000")]


def test_a_count_in_a_title_case_headline_after_a_capitalised_verb(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Agency Adds 26 Additional Textile Companies to Its List\n\nThe list grows.\n")
    assert [(r["figure"], r["value_low"]) for r in rows["claims"]] == [("26", "26")]


def test_a_straight_quote_mark_opening_a_quotation_is_not_a_footnote(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, 'Camps\n\nThe group located "380 suspected detention facilities" in the region.\n')
    assert [(r["figure"], r["value_low"]) for r in rows["claims"]] == [("380", "380")]


def test_a_claim_date_at_the_start_of_the_sentence(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Camps\n\nIn March this year, a member of the committee cited estimates that "
                  "2 million people were held.\n", published="2019-11-25")
    c = _claim(rows, "2 million")
    assert (c["attribution"], c["claim_date"]) == ("unnamed", "2019-03")
    assert "inferred from the source's date (2019-11-25)" in c["why"]


def test_own_voice_leaves_the_claim_date_to_the_source(data_copy, tmp_path):
    c = _claim(_draft(data_copy, tmp_path, "Camps\n\nIn 2018, 1 million people were held in camps.\n"), "1 million")
    assert (c["attribution"], c["claim_date"]) == ("own_voice", "")


def test_a_parenthetical_document_estimate_is_read_by_the_publisher(data_copy, tmp_path):
    c = _claim(_draft(data_copy, tmp_path, "Camps\n\nPlus ~497,000 minors in boarding schools (2017 government "
                      "document estimate)\n"), "~497,000")
    assert (c["attribution"], c["claimant"], c["reported_via"]) == ("document", PUBLISHER, "government document")


def test_ordinals_addresses_and_a_reporting_year_are_not_claims(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Act\n\nDuring the 2019 reporting year, the 116th Congress passed the act "
                  "(https://www.congress.gov/bill/116th-congress/senate-bill/3744) by a vote of 407–1.\n")
    assert sorted(r["figure"] for r in rows["claims"]) == ["1", "407"]
    assert [r["date"] for r in rows["events"]] == ["2019"]
    assert {r["mention"] for r in rows["non_claims"]} >= {"116", "3744"}


def test_a_named_source_gets_a_proposed_link_with_the_words_that_name_it(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Camps\n\nAdrian Zenz estimated that up to 1.8 million people were held.\n")
    links = rows["lineage"]
    assert [(l["relation"], l["producer"], l["words"], l["claim_id"]) for l in links] == [
        ("relays", "Adrian Zenz", "Adrian Zenz", _claim(rows, "up to 1.8 million")["claim_id"])]
    assert links[0]["confidence"] == "low" and "target_reference_id" in links[0]["why"]
    # the publisher's own figure names no source: no link

def test_the_publishers_own_figure_gets_no_link(data_copy, tmp_path):
    own = _draft(data_copy, tmp_path, "Camps\n\nThe region holds more than 300 camps.\n")
    assert own["lineage"] == []


# --- reported speech, documents and descriptions as the report excerpts print them ------------------

@pytest.mark.parametrize("text, figure, attribution, claimant", [
    # a name with its abbreviation, after a month
    ("In October Radio Free Asia (RFA) reported that at least 150 people died in the camps.", "at least 150",
     "named", "Radio Free Asia"),
    # a report by a described organisation
    ("According to a 2022 report by human rights NGO Safeguard Defenders, 55,977 persons were held.", "55,977",
     "named", "Safeguard Defenders"),
    # media, with words between the group and its verb
    ("Media outlets for example reported the county held 300 people.", "300", "unnamed", "Media outlets"),
    ("Recent media reports indicate that at least 60 camps were built.", "at least 60", "unnamed",
     "Recent media reports"),
    # a person described, not named
    ("One provincial official heading the system stated suspects averaged 42.5 days in detention.", "42.5",
     "unnamed", "One provincial official heading the system"),
    # reporting nobody is named for
    ("Authorities were reported to have detained 800,000 to 2 million people.", "800,000 to 2 million",
     "unnamed", "reports"),
    ("The corps reportedly forced half a million people to work.", "half a million", "unnamed", "reports"),
    # a document: the report, an index, documents with no article, a survey's respondents
    ("The report estimated RS was used on 560,000 persons.", "560,000", "document", PUBLISHER),
    ("Reporters Without Borders’ 2023 World Press Freedom Index tallied 108 journalists detained.", "108",
     "document", PUBLISHER),
    ("Xinjiang government documents indicated at least 19 cities had built factories.", "at least 19", "document",
     PUBLISHER),
    ("A majority of respondents to the survey, 81 percent, said they were harassed.", "81 percent", "document",
     PUBLISHER),
    # "added" as an action, not speech
    ("The Department of Commerce added to the Entity List five companies.", "five", "own_voice", PUBLISHER),
])
def test_report_excerpt_cues(data_copy, tmp_path, text, figure, attribution, claimant):
    assert _who(_draft(data_copy, tmp_path, f"Report\n\n{text}\n"), figure) == (attribution, claimant)


def test_reportedly_and_this_included_go_on_from_the_sentence_before(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Report\n\nIn March the RFA reported a court sentenced her to 21 years in "
                  "prison. She reportedly received seven years for each child. The Uyghur Human Rights Project "
                  "published a report detailing the internment of 338 intellectuals. Five intellectuals identified "
                  "in the report died in camps. This included a man who died nine days after release. The town has "
                  "4,000 residents.\n")
    assert _who(rows, "21 years") == ("named", "RFA")
    assert _who(rows, "seven years") == ("named", "RFA")
    assert _who(rows, "338") == ("named", "Uyghur Human Rights Project")
    assert _who(rows, "Five") == ("document", PUBLISHER)
    assert _who(rows, "nine") == ("document", PUBLISHER)
    assert _who(rows, "4,000") == ("own_voice", PUBLISHER)


@pytest.mark.parametrize("text, figure, attribution, claimant", [
    ("Human rights groups have accused China of detaining one to two million people.", "one to two million",
     "unnamed", "Human rights groups"),
    ("The former police officer stated that 150,000 officers were recruited.", "150,000", "unnamed",
     "The former police officer"),
    ("In a separate 2023 report, Safeguard Defenders estimated that 60,000 people were placed in the system.",
     "60,000", "named", "Safeguard Defenders"),
    ("According to figures released by the National Bureau of Statistics, workers worked 49 hours a week.", "49",
     "named", "National Bureau of Statistics"),
    ("According to a June report on the official Xinjiang Web news site, 8 million pregnancies were ended.",
     "8 million", "named", "Xinjiang Web"),
    ("Officials detained her for extremism, and RFA reported she received a three-year sentence.", "three-year",
     "named", "RFA"),
    ("The Daily Example reported that 40 camps were built.", "40", "own_voice", PUBLISHER),
])
def test_who_speaks_a_figure_as_a_reader_reads_it(data_copy, tmp_path, text, figure, attribution, claimant):
    assert _who(_draft(data_copy, tmp_path, f"Camps\n\n{text}\n"), figure) == (attribution, claimant)


def test_a_body_named_before_is_who_the_project_is(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Camps\n\nThe Example Data Project maps the camps.\n\n"
                                       "According to the project, satellite images show 380 sites.\n")
    assert _who(rows, "380") == ("named", "Example Data Project")


def test_the_name_before_an_apposition_speaks_and_the_apposition_is_the_publishers(data_copy, tmp_path):
    rows = _draft(data_copy, tmp_path, "Camps\n\nAmina Tohti, a 27-year-old nurse in Boston, told the paper that "
                                       "3 relatives were held.\n")
    assert _who(rows, "3") == ("named", "Amina Tohti")
    assert _who(rows, "27-year")[0] == "own_voice"


NEWS = """Camps hold 1.8 million people, researcher says

Adrian Zenz, a researcher at a Washington foundation, said on Monday that up to 1.8 million people had been held. \
“We found 380 camps in the images. About 40 percent are new,” he said.

“The total is at least 500,000 in one prefecture,” said Maya Wang of a rights group. The ministry did not respond.

The documents list 2,884 names. “Nearly 300 of them are women. They were held for years,” a former detainee told \
the newspaper.
"""


@pytest.mark.parametrize("figure, attribution, claimant", [
    ("1.8 million", "named", "Adrian Zenz"),            # a headline's job title: the person the text names with it
    ("up to 1.8 million", "named", "Adrian Zenz"),      # the name before an apposition
    ("380", "named", "Adrian Zenz"),                    # a quotation attributed where it ends, to "he"
    ("About 40 percent", "named", "Adrian Zenz"),
    ("at least 500,000", "named", "Maya Wang"),
    ("2,884", "document", PUBLISHER),
    ("Nearly 300", "unnamed", "a former detainee"),     # a quotation's first sentence, spoken by its last
])
def test_a_news_story_as_a_reader_follows_it(data_copy, tmp_path, figure, attribution, claimant):
    assert _who(_draft(data_copy, tmp_path, NEWS), figure) == (attribution, claimant)


HEARING = """Panel hears of camps

More than 100 activists protested outside, the organisers said.

In its report, the UN human rights office said that up to 60 percent of those interviewed described torture. \
The office estimated that 26 former detainees were interviewed.

The foreign ministry's spokesman Zhao Lijian spoke on Monday. Zhao said 1.3 million people had been trained.
"""


@pytest.mark.parametrize("figure, attribution, claimant, claimant_type", [
    ("More than 100", "unnamed", "the organisers", None),   # a cue after the figure, at the sentence's end
    ("up to 60 percent", "named", "UN human rights office", None),  # "In its report, X said": X's words
    ("26", "named", "UN human rights office", None),        # "the office": the office named just before
    ("1.3 million", "named", "Zhao Lijian", "government official"),  # his job, printed once before, gives the type
])
def test_a_hearing_story_as_a_reader_follows_it(data_copy, tmp_path, figure, attribution, claimant, claimant_type):
    c = _claim(_draft(data_copy, tmp_path, HEARING), figure)
    assert (c["attribution"], c["claimant"]) == (attribution, claimant)
    assert claimant_type is None or c["claimant_type"] == claimant_type


LEAK = """Nearly one in 25 people in county sentenced, list shows

The list, which was leaked to a researcher, includes more than 10,000 names.

China's mission to the UN said that 3 million people had been lifted out of poverty.

The researcher, who has studied the region for a decade, estimated in 2018 that as many as 1.5 million people were held.
"""


@pytest.mark.parametrize("figure, attribution, claimant", [
    ("Nearly one in 25", "document", PUBLISHER),           # "..., list shows" in a headline
    ("more than 10,000", "document", PUBLISHER),
    ("3 million", "named", "China's mission to the UN"),   # a body named by whose it is
    ("as many as 1.5 million", "unnamed", "The researcher"),  # a job, unnamed, past a relative clause
])
def test_a_leak_story_as_a_reader_follows_it(data_copy, tmp_path, figure, attribution, claimant):
    assert _who(_draft(data_copy, tmp_path, LEAK), figure) == (attribution, claimant)


def test_a_claim_date_said_with_an_unnamed_speakers_estimate(data_copy, tmp_path):
    assert _claim(_draft(data_copy, tmp_path, LEAK), "as many as 1.5 million")["claim_date"] == "2018"


REPORTS = """Riots

Official reports put the death toll at 9, while dissident reports estimated the number at more than 100.

On 3 March, police announced that the group of 8 had been caught.

Chinese sources state that the uprising was started by 200 militants.

Researchers counted at least “19 different sources” on the list. Among those detained were at least 40 women.
"""


@pytest.mark.parametrize("figure, attribution, claimant", [
    ("9", "unnamed", "Official reports"),
    ("more than 100", "unnamed", "dissident reports"),   # the nearest cue before the figure
    ("8", "unnamed", "police"),
    ("200", "unnamed", "Chinese sources"),
    ("at least “19", "unnamed", "Researchers"),           # a hedge before a quotation mark
    ("at least 40", "unnamed", "Researchers"),            # "Among those ..." goes on from the sentence before
])
def test_reports_sources_and_police_are_unnamed(data_copy, tmp_path, figure, attribution, claimant):
    assert _who(_draft(data_copy, tmp_path, REPORTS), figure) == (attribution, claimant)


def test_since_a_year_starts_the_period_and_does_not_date_the_claim(data_copy, tmp_path):
    c = _claim(_draft(data_copy, tmp_path, "Camps\n\nThe group said the detention since 2017 of 800,000 people "
                                           "was arbitrary.\n"), "800,000")
    assert (c["period_start"], c["claim_date"]) == ("2017", "")
