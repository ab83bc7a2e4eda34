"""Draft rows for a source's numeric mentions: ``python -m claimtrace draft ID [--out DIR]``.

For every numeric mention of the archived text that no claim, event or non-claim accounts for
yet, one row is proposed, in DIR/claims.csv, DIR/events.csv or DIR/non_claims.csv (default DIR:
data/drafts/ID/), with exactly the columns of the project's table plus ``confidence`` (high,
medium, low) and ``why`` (what the drafter read, and what a person must check). The drafter never
writes into the validated tables: `claimtrace.intake.accept` does, after review.

How a mention is read, in order:

1. a footnote marker (digits glued to the end of a word or sentence, or in square brackets) is a
   non-claim;
2. a date (a year, a month and year, a day, month and year, an ISO date) is an event, dated as
   printed;
3. the longest figure around the mention that the project's own parser reads (`numbers.parse_figure`:
   its qualifier words, scale words, ranges, percentages, vague quantities) is a claim, with the
   unit and measure the words after and around it name (`UNIT_WORDS`, `MEASURE_CUES`); where no
   unit or measure of the vocabulary fits, the cell is left empty and the row marked for review;
4. "one" that counts nothing ("one of", "no one", "one official") is a non-claim.

Attribution follows the project's rule (data/README.md), as a reader follows the text
(`speakers`, rules in `ATTRIBUTION_RULES`): a sentence's own cue ("according to X", "X said", "said X",
"the UN panel said", "He said") names its speaker (``named``); unnamed people ("some experts claim",
"officials said", "a member of the committee cited") are ``unnamed``, with their description as
claimant; a document ("according to the bulletin", "the list shows", "they reveal") is ``document``,
with the publisher as claimant and the document in ``reported_via`` (a report, survey or index read as
"the report estimated", "X's Index tallied", "respondents to the survey said"; a report *by* X is X's,
named). Reporting nobody is named for ("were reported to", "the reported detention") is ``unnamed``
"reports"; "reportedly" and "This included" go on with the speaker of the sentence before (else
unnamed "reports"). A sentence with no cue takes the speaker carried to it: a paragraph that begins with its speaker speaks to its end, a line ending with
":" through the list after it, reported speech ("said it had received many credible reports") into
the next sentence; else it is the publisher's ``own_voice``. A claimant is a name or a body, never a
function word, a month or a job title ("Researcher Adrian Zenz" is Adrian Zenz; "Researcher Says" is
the person the text names with that title). ``claimant_type`` is a value of the schema's enum
(`CLAIMANT_TYPES`; when only the closest, ``why`` names the value to add), ``counted`` a key of the
words the figure counts, ``claim_date`` the sentence's own date of the claim (`CLAIM_DATES`), with
its basis in ``why``; an event is named in a few words of its clause.
The drafter runs in linear time in the length of the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .intake import DRAFT_EXTRA, DRAFT_TABLES, IntakeError, csv_bytes, read_table, table_fields, try_draft
from .numbers import (FILLERS, FRACTIONS, OR_MORE, RANGE_SOFTENERS, RATE_WORDS, VAGUE_QUANTITIES, FigureError,
                      QUALIFIERS, parse_figure, unit_fits)
from .package import DATA_DIR, read_descriptor
from .validate import scan_mentions, uncovered_mentions

MONTHS = ("January February March April May June July August September October November December").split()
_MONTH = "|".join(MONTHS)
DATE_RE = re.compile(rf"\b(?:(\d{{1,2}}) )?({_MONTH})(?: (\d{{1,2}}),?)? (\d{{4}})\b|\b(\d{{4}})-(\d{{2}})-(\d{{2}})\b"
                     rf"|\b(?:in|since|until|by|from|to|of|during|early|late|mid|and|year|summer|spring|autumn|fall|winter)"
                     rf"[ -](\d{{4}})\b|^(\d{{4}})\b|\((\d{{4}})\)")
SCALE_WORDS = ("thousand", "million", "billion", "percent", "per cent", "%")
HEDGES = sorted({w for q in QUALIFIERS.values() for w in q.words}, key=len, reverse=True)

# The noun after a figure -> the unit it is counted in (the schema's vocabulary).
UNIT_WORDS = {
    "people": "people persons individuals uyghurs uighurs muslims kazakhs kyrgyz detainees prisoners inmates "
              "residents inhabitants adults children minors women men citizens members students workers victims "
              "applicants refugees "
              "officials officers police guards minorities believers family families relatives".split(),
    "facilities": "camps facilities centres centers sites prisons compounds buildings detention".split(),
    "pages": ["pages"], "documents": "documents papers reports".split(), "files": ["files"],
    "photos": "photos photographs images pictures".split(), "countries": ["countries", "nations", "states"],
    "years": ["years", "year", "year-old"], "times": ["times"],
}
# Words of the sentence -> the measure (the schema's vocabulary) for a unit.
MEASURE_CUES = [
    ("detained_share", "percent", r"detain|detention|intern|camp|held|incarcerat|imprison"),
    ("detention_facilities", "facilities", r"camp|detention|intern|facilit|prison|re-?education"),
    ("detained_people", "people", r"detain|detention|intern|camp|held|incarcerat|imprison|re-?education|lock"),
    ("population", "people", r"population|inhabitants|residents|live in|living in"),
    ("attack_deaths", "people", r"killed|died|dead|deaths"),
    ("attack_victims", "people", r"injured|wounded"),
    ("people_released", "people", r"released|freed"),
    ("leaked_pages", "pages", r"leak|document|papers|files|cables"),
    ("leaked_documents", "documents", r"leak|obtained|revealed|cables"),
    ("leaked_files", "files", r"leak|hack|obtained"),
    ("detainee_photos", "photos", r"photo|image|picture"),
    ("countries_endorsing", "countries", r"letter|support|sign|endors|statement"),
    ("detention_rate_ratio", "times", r"rate"),
]
SUBJECT_CUES = [("xinjiang_police_files_2022", r"police files|2022 leak"),
                ("xinjiang_papers_2019", r"china cables|xinjiang papers|new york times|2019 leak"),
                ("xinjiang_population", r"population|inhabitants|residents"),
                ("xinjiang_detentions", r"detain|detention|intern|camp|re-?education|held|prison")]

SAY = (r"(?:Says|Said|Estimates|Claims|Finds|Warns|Reveals|said|says|say|told|tells|estimated|estimates|estimate|reported|reports|found|finds|wrote|writes|"
       r"claimed|claims|claim|stated|states|believes|believe|concluded|calculated|documented|counted|identified|"
       r"argued|argues|noted|notes|suggested|suggests|added(?=\s+that\b|\s*[,:“\"])|testified|tallied|announced|warned|revealed|cited|cites|"
       r"alleged|alleges|allege|accused|accuses|accuse|confirms|confirmed|indicate|indicates|indicated|announced|"
       r"state(?=\s+that\b)|put the (?:number|death toll|toll|figure|total)|puts the (?:number|death toll|toll|figure|total))")
NAME = r"[A-Z][\w.’'&-]*(?:[ -](?:of|for|the|on|and|de)? ?[A-Z][\w.’'&-]*)*"
ADVERB = r"(?:also|has|have|had|for example|for instance|previously|recently|later|once|then|initially|earlier|first|further|separately|now|" \
         r"originally|subsequently|publicly|repeatedly|[a-z]+ly)"

# --- Who is speaking: the rules, in the order they are tried on a sentence -------------------------------
#
# Each rule is (attribution, pattern). The pattern's group ``who`` is the claimant as printed (cleaned by
# `_claimant`: no function word, month or job title), or ``doc`` the document read (the claimant is then
# the publisher, the document goes to reported_via). ``pron`` is a pronoun resolved to the last speaker.
# Words of unnamed groups: "some experts", "activists", "officials", "a U.S. member of the committee".
GROUP = (r"(?i:officials|experts?|activists|researchers|observers|critics|advocates|analysts|scholars|campaigners|"
         r"witnesses|former detainees|(?:human )?rights (?:groups|organi[sz]ations)|groups|(?:recent )?media reports|(?:media|news) outlets|media|outlets|"
         r"sources|diplomats|lawmakers|members?|official|diplomat|source|(?:media |news )?outlet|people familiar with [a-z ]+|organi[sz]ations|"
         r"think tanks|journalists|reporters|governments|organi[sz]ers|protesters|residents|locals|villagers|relatives|"
         r"police|authorities|reports)")
GROUP_WORDS = (r"(?:(?i:a|an|one|some|several|many|most|other|others|two|three|four|five|the|these|those|independent|"
               r"outside|foreign|western|local|international|former|senior|government|police|party|state|security|"
               r"legal|credible|media|news|human|rights|chinese|uyghur|dissident|official|unconfirmed|exile|overseas)|[A-Z][\w.’'-]*)")
GROUP_PHRASE = (rf"(?:{GROUP_WORDS}\s+){{0,3}}{GROUP}(?:\s+(?:appointed by|of|from|at|with|on|in)\s+(?:the\s+)?"
                rf"(?:{NAME}|[a-z]+))?")
DOC_NOUNS = (r"(?i:documents?|records?|files|spreadsheets?|data|papers|cables|bulletin|lists?|leaks?|statute|"
             r"database|directives?|telegrams?|memos?|notices?|census|statistics|budgets?|tenders?|yearbook|manual|"
             r"images|imagery|figures|tables?|(?<!media )(?<!news )(?<!dissident )(?<!official )(?<!unconfirmed )reports?|"
             r"surveys?|index|white papers?|stud(?:y|ies))")
# "the report", "Reporters Without Borders’ 2023 World Press Freedom Index", "Xinjiang government documents";
# never "a report by X" (X's figure: named)
DOC_SUBJECT = (rf"(?:(?i:the|a|an|these|those|its|their|this)\s+|{NAME}[’']s?\s+|(?=[A-Z]))(?:[\w’'-]+\s+){{0,4}}?"
               rf"{DOC_NOUNS}\b(?!\s+(?:(?:released|published|compiled|issued|produced) )?(?:by|from|on)\s)")
DOC_VERB = (r"(?i:show|shows|showed|shown|list|lists|listed|reveal|reveals|revealed|indicate|indicates|indicated|"
            r"record|records|recorded|contain|contains|contained|provide|provides|provided|"
            r"include|includes|included|name|names|named|estimated|estimates|tallied|found|finds|reported|noted|notes|"
            r"highlighted|highlights|(?<!are )(?<!is )(?<!be )(?:state|states|stated|say|says|said))")
# "a report by X", "figures released by X", "a report on X's site": X's words, not a document the publisher reads
BY_SOMEONE = r"(?:(?:released|published|compiled|issued|produced) )?(?:by|from|on) "
BODY_NOUNS = (r"panel|committee|commission|council|body|agency|ministry|office|government|court|tribunal|"
              r"department|institute|foundation|organi[sz]ation|watchdog|think tank|consortium|newspaper|"
              r"working group|group|mission|delegation|embassy|bureau")
WITNESS_NOUNS = (r"police officer|officer|guard|witness|survivor|detainee|former detainee|resident|villager|teacher|"
                 r"insider|whistleblower|employee|relative|eyewitness")
PERSON_NOUNS = (r"delegate|member|representative|spokesperson|spokesman|spokeswoman|official|envoy|ambassador|minister|"
                r"chairman|chairwoman|chair|diplomat|researcher|expert|analyst|scholar|professor")
# A body the text names, by the noun that can refer back to it ("the Xinjiang Data Project ... According to the
# project, ...")
REFERRING_NOUNS = r"Project|Institute|Foundation|Group|Organi[sz]ation|Database|Committee|Commission|Panel|Tribunal|Centre|Center"
BODY_NAME = re.compile(rf"\b(?:[A-Z][\w’'&-]* )(?:(?:of|for|on|the) |[A-Z][\w’'&-]* ){{0,5}}?(?P<noun>{REFERRING_NOUNS})\b")
# A person's job, never part of the claimant ("Researcher Adrian Zenz" -> "Adrian Zenz"), and the
# claimant type it suggests.
ROLES = {"researcher": "researcher", "scholar": "researcher", "professor": "researcher", "prof.": "researcher",
         "dr.": "researcher", "dr": "researcher", "academic": "researcher", "anthropologist": "researcher",
         "analyst": "researcher", "expert": "researcher", "fellow": "researcher",
         "correspondent": "news outlet", "reporter": "news outlet", "journalist": "news outlet",
         "editor": "news outlet", "columnist": "news outlet",
         "spokesperson": "government official", "spokesman": "government official",
         "spokeswoman": "government official", "ambassador": "government official",
         "ambassador-at-large": "government official", "minister": "government official",
         "secretary": "government official", "senator": "government official", "sen.": "government official",
         "rep.": "government official", "representative": "government official",
         "official": "government official", "president": "government official", "envoy": "government official",
         "diplomat": "government official", "commissioner": "government official", "governor": "government official",
         "chairman": "government official", "chairwoman": "government official", "chair": "government official",
         "activist": "NGO", "campaigner": "NGO", "advocate": "NGO", "director": "NGO"}
ATTRIBUTION_RULES: list[tuple[str, re.Pattern]] = [
    # "evidence from human rights organizations, think tanks, and journalists", "estimates by U.N. and U.S. officials"
    ("unnamed", re.compile(rf"(?i:evidence|reporting|reports?|estimates?|information|research|accounts?|testimon(?:y|ies)) "
                           rf"(?:from|by|of) (?P<who>(?:[\w.-]+\s+){{0,3}}?{GROUP}(?:(?:,\s*(?:and\s+)?|\s+and\s+)"
                           rf"(?:[\w.-]+\s+){{0,2}}?{GROUP})*)")),
    # "according to the American delegate to the UN committee": a person described, not named ("a member": unnamed)
    ("described", re.compile(rf"[Aa]ccording to (?P<who>(?i:the|an?) (?:[A-Z][\w.]*\s+){{0,3}}(?i:{PERSON_NOUNS})\b[^,.;:]*)")),
    # "Imin, a 27-year-old medical worker in Boston, told VOA": the name before the apposition speaks
    ("named", re.compile(rf"(?P<who>{NAME})(?P<appos>,)\s+(?:a|an|the)\s+[^,;:“”\"]{{3,80}},\s+(?:{ADVERB}\s+)*(?:{SAY})\b")),
    # "according to the bulletin", "according to documents seen by AFP": a document the publisher reads
    ("document", re.compile(rf"[Aa]ccording to (?P<doc>(?:(?i:the|a|an|these|those|its|their|this)\s+)?"
                            rf"(?:(?!(?:by|from|on)\b)[\w’'-]+\s+){{0,6}}?{DOC_NOUNS})\b(?!\s+{BY_SOMEONE})(?!\s+of\s+[A-Z])")),
    # "according to the project": the body of that kind the text named before
    ("named", re.compile(rf"[Aa]ccording to (?P<ref>the (?i:{REFERRING_NOUNS}))\b")),
    # "according to some experts", "according to activists"
    ("unnamed", re.compile(rf"[Aa]ccording to (?P<who>{GROUP_PHRASE})\b")),
    # "according to a report by Human Rights Watch", "according to Zenz"
    ("named", re.compile(rf"[Aa]ccording to (?:(?:the|a|an) )?(?:(?:[\w-]+ ){{0,2}}?(?i:report|study|estimate|analysis|paper|survey|"
                         rf"figures|data|statistics)s? {BY_SOMEONE}(?:[a-z]+ |\([A-Z]+\) |NGO ){{0,5}})?(?:the )?(?P<who>{NAME})")),
    ("named", re.compile(r"\((?:\d{4} )?(?P<who>[A-Za-z][\w .'-]*?) estimate\)")),
    ("named", re.compile(rf"\bestimates? (?:by|from|of) (?P<who>(?:[A-Z][\w.]*|and|the)(?: (?:[A-Z][\w.]*|and|the|"
                         rf"officials|experts))*)")),
    # "Five intellectuals identified in the report died": what a document named before shows
    ("document", re.compile(rf"\b(?i:identified|listed|named|cited|described|documented|recorded) in "
                            rf"(?P<doc>(?i:the|a|an|this|that|its|their)\s+(?:[\w’'-]+\s+){{0,2}}?{DOC_NOUNS})\b")),
    # "A majority of respondents to the survey said", "85 percent of surveyed journalists": the survey's reading
    ("document", re.compile(r"(?i:\b(?P<doc>respondents (?:to|of|in) (?:the|a) survey|survey respondents|"
                            r"surveyed [a-z]+)\b)")),
    # "The Uyghur Human Rights Project published a report detailing ...": the report's author
    ("named", re.compile(rf"(?P<who>{NAME})(?: \([A-Z][\w.]*\))?(?: (?:has|have|had|also))* (?:published|released|issued) "
                         rf"(?:(?:a|an|its|the|new|partial|official|updated) )*(?:[\w-]+ ){{0,2}}?(?i:report|study|analysis|"
                         rf"statistics|figures|data|estimates?|research|findings)\b")),
    # "One provincial official heading the liuzhi detention system stated", "The former police officer stated",
    # "a witness told": a person the text describes, not names (an official only with "one" or "a")
    ("unnamed", re.compile(rf"(?P<who>\b(?:(?:One|one|A|a|An|an)\s+(?:[\w-]+\s+){{0,3}}?(?i:{PERSON_NOUNS}|{WITNESS_NOUNS})|"
                           rf"(?:The|the)\s+(?:[\w-]+\s+){{0,3}}?(?i:{WITNESS_NOUNS}))\b[^,.;:]{{0,60}}?)"
                           rf",?\s+(?:{ADVERB}\s+)*(?:{SAY})\b")),
    # "the list shows", "documents seen by AFP revealed", "Article 7 of the Rome Statute ... provides"
    ("document", re.compile(rf"(?P<doc>{DOC_SUBJECT})\b(?P<mid>[^.;]{{0,40}}?)\b{DOC_VERB}\b")),
    # "they reveal", "it shows": a document named before
    ("document", re.compile(rf"\b(?P<pron>[Tt]hey|[Ii]t|[Tt]hese|[Tt]his)\s+(?:also\s+)?"
                            rf"(?i:show|shows|showed|reveal|reveals|revealed|list|lists|listed|detail|details)\b")),
    # "Some experts claim", "activists say", "Officials said", "a U.S. member of the committee cited estimates"
    ("unnamed", re.compile(rf"(?P<who>\b{GROUP_PHRASE}),?\s+(?:{ADVERB}\s+)*(?:{SAY})\b")),
    # "A United Nations human rights panel said", "the committee said": a body the text names by what it is
    ("named", re.compile(rf"(?P<who>\b(?i:the|an?)\s+(?:(?:[A-Z][\w.’'-]*|human|rights)\s+){{0,5}}(?i:{BODY_NOUNS})"
                         rf"(?:\s+(?:of|on|for)\s+(?:the\s+)?{NAME})?),?\s+(?:{ADVERB}\s+)*(?:{SAY})\b")),
    # "China's mission to the UN said": a body named by whose it is
    ("named", re.compile(rf"(?P<who>\b[A-Z][\w.&-]*(?:[ -][A-Z][\w.&-]*)*[’']s\s+(?:[\w-]+\s+){{0,2}}?(?i:{BODY_NOUNS}|mission)"
                         rf"(?:\s+(?:to|of|on|for|at|in)\s+(?:the\s+)?{NAME})?),?\s+(?:{ADVERB}\s+)*(?:{SAY})\b")),
    # "In February media reporting of a leak ...": reporting by nobody named
    ("unnamed", re.compile(r"\b(?P<who>(?i:media|news|press) (?:reporting|reports|accounts))\b")),
    # "He said", "she estimated": the last speaker
    ("named", re.compile(rf"\b(?P<pron>[Hh]e|[Ss]he|[Tt]hey)\s+(?:{ADVERB}\s+)*(?:{SAY})\b")),
    # "Zenz had initially estimated", "Human Rights Watch says"
    ("named", re.compile(rf"(?P<who>{NAME})(?: \([A-Z][\w.]*\))?,?(?: {ADVERB})* (?:{SAY})\b")),
    # "..., researcher says" (a headline), "the researcher, who ..., said": the person the text names with that job,
    # if any
    ("named", re.compile(rf"(?P<who>\b(?:(?i:the)\s+)?(?i:{'|'.join(map(re.escape, ROLES))}))(?:,[^,;:]{{1,80}},)?\s+"
                         rf"(?:{ADVERB}\s+)*(?:{SAY})\b")),
    # "..., list shows" (a headline): a document the publisher reads
    ("document", re.compile(rf",\s+(?P<doc>(?:[\w’'-]+\s+){{0,2}}?{DOC_NOUNS})\s+{DOC_VERB}\b")),
    # "said Zenz", "stated the Working Group"
    ("named", re.compile(rf"\b(?:said|says|stated|wrote|writes|added|noted|warned|explained|argued|claimed|testified|"
                         rf"reported|estimated) (?:the )?(?P<who>{NAME})(?!\s+(?:was|were|is|are|had|has|have)\b)")),
]
# Reported speech: "the panel said it had received many credible reports", "X said:": the next sentence
# carries the same speaker.
REPORTED_SPEECH = re.compile(rf"\b(?:{SAY})\b(?:\s+(?:that\s+)?(?:it|they|he|she)\s+(?:had|has|have)\s+"
                             r"(?:received|seen|obtained|gathered|documented)|\s*:\s*$|.*\breports?\b\W*$)")

# Reporting nobody is named for: "were reported to have detained", "the reported detention", "there were
# reports that": unnamed reports. "reportedly" goes with the reporter of the sentence before, if it named one.
PASSIVE_REPORT = re.compile(r"\b(?i:(?:was|were|is|are|been|being) (?:widely )?reported (?:to|that|as)\b|the reported\b|"
                            r"there (?:were|are|have been|had been) (?:also |numerous |multiple |many )?(?:credible )?reports\b)")
REPORTEDLY = re.compile(r"\b(?i:reportedly|allegedly)\b")
# "This included ...", "Among them ...": the sentence goes on with the one before, and its speaker.
CONTINUES = re.compile(r"^\W*(?:(?:This|These|That|Those|Among them|They) (?:included|include|includes|were|was)\b|"
                       r"Among (?:them|those|these)\b)")
MONTHS_AND_DAYS = set(MONTHS) | set("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
NOT_A_NAME = {"The", "This", "That", "These", "Those", "It", "They", "He", "She", "We", "I", "You", "In", "On", "At",
              "A", "An", "But", "And", "As", "According", "China", "Chinese", "Xinjiang", "Beijing", "Some", "Many",
              "If", "When", "While", "After", "Before", "Since", "Its", "Their", "His", "Her", "Our", "Also", "Last",
              "Next", "Earlier", "Later", "However", "Meanwhile", "Yet", "So", "Then", "There", "Here", "What",
              "Who", "Which", "Those", "Plus", "Other", "Others", "Several", "Most", "All", "Both", "Each",
              } | MONTHS_AND_DAYS
PLACES = {"China", "Chinese", "Xinjiang", "Beijing"}
# The claimant's type from its words: (cue, the closest value of the schema's enum, the value to add to the
# enum when the closest is not right, or "").
CLAIMANT_TYPES = [
    (r"\b(?:delegate|ambassador|envoy|minister|member of the committee|secretary|mission to)\b", "government official", ""),
    (r"\bu\.?n\.?\b|united nations|ohchr|human rights council|high commissioner|special rapporteur|working group|"
     r"committee on the elimination|\bcerd\b|\bun panel", "government official", "UN body"),
    (r"wikipedia|encyclop", "news outlet", "encyclopedia"),
    (r"times|news|post|bbc|associated press|\bap\b|reuters|guardian|journal|cnn|buzzfeed|radio free asia|\brfa\b|"
     r"voice of america|press|\bitv\b|\bafp\b|correspondent|reporter", "news outlet", ""),
    (r"department|ministry|secretary|government|spokes|official|embassy|minister|president|senator|"
     r"congress(?!\w)|state council|commission|police|party|lawmaker|diplomat|member of the committee", "government official", ""),
    (r"watch|amnesty|human rights|foundation|project|coalition|congress|institute for|society|centre for|"
     r"center for|committee|ngo|activist|rights group|advocate|campaign", "NGO", ""),
    (r"zenz|professor|researcher|scholar|university|institute|aspi|academ|dr\.?\b|expert|analyst", "researcher", ""),
]


@dataclass
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """The text's sentences with their offsets (split at . ! ? before a space and a capital, and at line ends)."""
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?”\"\]])\s+(?=[A-Z“\"(])|\n+", text):
        if m.start() > start:
            out.append(Sentence(start, m.start(), text[start:m.start()]))
        start = m.end()
    if start < len(text):
        out.append(Sentence(start, len(text), text[start:]))
    return out


_SCALE = r"(?i:\s*(?:thousand|million|billion))"
_YEARS = r"(?:\s+years\b|-year\b(?!-old))"
_PCT = r"(?i:\s*(?:%|percent|per cent))"
_RATE = (r"(?i:\s+(?:" + "|".join(w.replace(" ", r"\s+") for w in RATE_WORDS)
         + r")\s+(?:every\s+)?(?:[\d.,]+|[a-z-]+))")  # "one in 25", "one out of every six": a rate
_TOP = (rf"(?:(?:{'|'.join(RANGE_SOFTENERS)})\s+)?(?:(?:more than|over|at least|as many as|up to)\s+)?")  # a range's top
_OR_MORE = "|".join(w.replace(" ", r"\s+") for w in OR_MORE)  # "or more": no upper bound
_FRACTION = r"(?i:[- ](?:" + "|".join(FRACTIONS) + r")\b)"  # "one-third"
RIGHT_EXTENSIONS = [re.compile(p) for p in (
    _SCALE, _PCT, rf"{_SCALE}?\s*(?:-|–|to|and)\s*{_TOP}(?:[\d.,]+|[a-z]+){_SCALE}?", _FRACTION,
    rf"(?:\s*(?:-|–|to|and)\s*[\d.,]+)?{_PCT}", r" of (?:thousands|millions)",
    rf"(?:\s*(?:-|–|to|and)\s*[\d.,]+)?{_YEARS}", _RATE, r"(?i: of (?:thousands|millions))",
    rf"(?:{_SCALE}|{_PCT})?(?i:\s+(?:{_OR_MORE})\b)",  # "one million or more"
    rf"{_SCALE}?\+")]  # "3,000+"
# Words before a number word that belong to its vague quantity ("By The Million", "tens of thousands").
VAGUE_PREFIXES = re.compile(r"(?i:\b(?:" + "|".join(sorted({re.escape(k.rsplit(" ", 1)[0]) for k in VAGUE_QUANTITIES
                                                           if " " in k}, key=len, reverse=True)) + r")\s+)$")


def _figure_at(text: str, start: int, end: int, sent: Sentence) -> tuple[int, int, object] | None:
    """The longest printed figure around text[start:end] that parse_figure reads, as (start, end, Figure)."""
    left_opts = [start]
    edge = start
    vague = VAGUE_PREFIXES.search(text[sent.start:start])
    if vague:
        left_opts.append(start - len(vague.group()))
    half = re.search(r"(?i:\bhalf an?\s+)$", text[sent.start:start])
    if half:  # "half a million"
        left_opts.append(start - len(half.group()))
    filler = re.search(rf"(?i:\b(?:{'|'.join(FILLERS)})\s+)$", text[sent.start:start])
    if filler:  # "up to an additional seven": the hedge is before the filler words
        edge -= len(filler.group())
        left_opts.append(edge)
    for _ in range(2):  # up to two stacked hedges: "over an estimated", "est. ≥"
        before = text[sent.start:edge]
        for hedge in HEDGES:
            sign = not hedge[0].isalnum()
            m = re.search((re.escape(hedge) + r"\s*$") if sign else
                          (rf"(?:\b|(?-i:(?<=[a-z])(?=[A-Z]))){re.escape(hedge)}\s+[“\"‘]?$"), before, re.I)
            if m:
                edge -= len(m.group())
                left_opts.append(edge)
                break
        else:
            break
    right_opts = [end]
    after = text[end:sent.end]
    for pattern in RIGHT_EXTENSIONS:
        m = pattern.match(after)
        if m and m.end():
            right_opts.append(end + m.end())
    best = None
    for a in sorted(set(left_opts)):
        for b in sorted(set(right_opts), reverse=True):
            printed = text[a:b].strip()
            try:
                fig = parse_figure(printed)
            except (FigureError, ValueError):
                continue
            if best is None or (b - a) > (best[1] - best[0]):
                best = (a, b, fig)
    return best


IRREGULAR_PLURALS = {"child": "children", "person": "people", "man": "men", "woman": "women", "family": "families"}


def _unit(after: str, kind: str, singular: bool = False) -> str:
    """The unit named by the first words after a figure ("Uyghurs" -> people); with ``singular``
    the singular also counts ("one court document", "one child")."""
    if kind in ("percent", "times", "years"):
        return kind
    for word in re.findall(r"[A-Za-z-]+", after)[:4]:
        word = word.lower()
        plural = IRREGULAR_PLURALS.get(word, word + "s")
        for unit, words in UNIT_WORDS.items():
            if word in words or (singular and plural in words):
                return unit
    return ""


def _unit_before(before: str) -> str:
    """The unit a sentence names before its figure ("the population ... was approximately 13,000,000")."""
    if re.search(r"\bpopulation\b", before, re.I):
        return "people"
    words = re.findall(r"[A-Za-z-]+", before)[-6:]
    return next((u for w in reversed(words) for u, ws in UNIT_WORDS.items()
                 if w.lower() in ws and u not in ("years", "times")), "")


def _measure(unit: str, sentence: str) -> str:
    low = sentence.lower()
    for measure, u, cue in MEASURE_CUES:
        if u == unit and re.search(cue, low):
            return measure
    return ""


def _subject(sentence: str, measure: str) -> str:
    low = sentence.lower()
    for subject, cue in SUBJECT_CUES:
        if re.search(cue, low):
            return subject
    return ""


@dataclass
class Speaker:
    kind: str          # own_voice, named, unnamed, document
    who: str           # the claimant (the publisher for own_voice and document)
    why: str
    via: str = ""      # reported_via: the document read, for attribution document
    end: int = -1      # "said X, ...": where X ends in its sentence, a figure right after it describes X (-1: none)
    start: int = -1    # where the cue starts in its sentence
    low: bool = False  # unsure: confidence low
    role: str = ""     # the job title printed with the claimant, not part of it ("researcher")
    cues: tuple = ()   # every cue of its sentence, (where it starts, the speaker), in order: see `for_figure`

    def for_figure(self, at: int) -> "Speaker":
        """The speaker of a figure ``at`` characters into the sentence: the nearest cue before it ("Authorities
        accused them, but the source said none of the hundreds ..."); with none before, the first after."""
        before = [sp for start, sp in self.cues if start <= at]
        return before[-1] if before else self


def _claimant(who: str, role_names: dict[str, str]) -> tuple[str, str, str]:
    """(claimant, kind, role) from the words printed: no function word or month, no job title
    ("Researcher Adrian Zenz" -> "Adrian Zenz", role researcher); a job title alone is the person the
    text names with it ("Researcher Says" -> "Adrian Zenz"); a plural group is unnamed; nothing left -> ""."""
    words = who.strip(" ,.;:").split()
    while words and (words[0] in NOT_A_NAME or words[0].lower() in ("the", "a", "an")):
        if words[0] in PLACES and len(words) > 1 and words[1][:1].isupper():
            break  # a place begins a name: "Xinjiang Web", "China Daily"
        words = words[1:]
    role = ""
    for i in range(len(words) - 1, -1, -1):  # the last job word with a name after it
        if words[i].lower().strip(",") in ROLES:
            role = words[i].lower().strip(",")
            rest = words[i + 1:]
            if rest and rest[0].lower() in ("of", "for", "at") and len(rest) > 2:
                rest = rest[2:]  # "Secretary of State Antony Blinken"
            if not rest:
                name = role_names.get(role, "")
                return (name, "named", role) if name else (" ".join(words), "unnamed", role)
            words = rest
            break
    if not words or all(w in NOT_A_NAME for w in words):
        return "", "", role
    if len(words) == 1 and re.fullmatch(GROUP, words[0]) and words[0].lower().endswith("s"):
        return words[0], "unnamed", role
    return " ".join(words), "named", role


def _speaker(sentence: str, publisher: str, last: Speaker | None, role_names: dict[str, str],
             surnames: dict[str, str]) -> Speaker | None:
    """The speaker a sentence's own cues name, or None when it has none: of the cues the rules find, the
    one the reader meets first ("SCMP reported that two officers listed in the database ...": SCMP)."""
    found = sorted((at, i, end, sp) for i, (at, end, sp) in enumerate(_cues(sentence, publisher, last, role_names, surnames)))
    if not found:
        return None
    # Overlapping cues are one cue ("The report estimated RS was"), read by the first rule that finds it
    clusters: list[list] = []
    for at, i, end, sp in found:
        if clusters and at < clusters[-1][1]:
            clusters[-1][1] = max(clusters[-1][1], end)
            clusters[-1][2].append((i, sp))
        else:
            clusters.append([at, end, [(i, sp)]])
    kept = [(at, min(rules, key=lambda r: r[0])[1]) for at, _, rules in clusters]
    first = kept[0][1]
    # "According to X, ..." opening the sentence speaks for all of it ("According to the project, images show 380")
    first.cues = () if re.match(r"\W*(?i:according to)\b", sentence) and kept[0][0] <= 2 else tuple(kept)
    return first


def _cues(sentence: str, publisher: str, last: Speaker | None, role_names: dict[str, str],
          surnames: dict[str, str]):
    """For each rule of ATTRIBUTION_RULES that finds a speaker in the sentence, (where its cue starts and ends, the
    speaker)."""
    for kind, pattern in ATTRIBUTION_RULES:
        yield from _rule_speaker(kind, pattern, sentence, publisher, last, role_names, surnames)


def _rule_speaker(kind, pattern, sentence, publisher, last, role_names, surnames):
    """(where the cue starts and ends, the speaker) of each match of a rule that names one."""
    for m in pattern.finditer(sentence):
        sp = _match_speaker(kind, m, publisher, last, role_names, surnames)
        if sp is not None:
            yield m.start(), m.end(), sp


def _match_speaker(kind, m, publisher, last, role_names, surnames) -> Speaker | None:
    """The speaker one match of a rule names, or None (a pronoun with nobody before it, a function word)."""
    cue = f"“{_squeeze(m.group().strip(), 80)}”"
    groups = m.groupdict()
    if groups.get("doc"):
        if groups.get("mid") and re.search(rf",\s+(?:{NAME}|(?i:the)\s+(?:[\w.’'-]+\s+){{0,4}}?(?i:{BODY_NOUNS}))\s+"
                                           rf"(?:{ADVERB}\s+)*$", groups["mid"]):
            return None  # "In a 2023 report, Safeguard Defenders estimated": the name speaks, not the report
        doc = re.sub(r"^(?i:according to)\s+", "", groups["doc"]).strip()
        return Speaker("document", publisher, f"read from a document: {cue}", via=doc, start=m.start())
    if groups.get("ref"):
        name = surnames.get(groups["ref"].lower())
        return Speaker("named", name, f"attributed: {cue} ({groups['ref']}: {name}, named before)") if name else None
    if groups.get("pron"):
        if kind == "document":
            if last is not None and last.kind == "document":
                return Speaker("document", publisher, f"read from the document named before ({last.via}): {cue}",
                               via=last.via)
            return Speaker("document", publisher, f"read from a document named before: {cue}; check which",
                           low=True)
        if last is not None and last.kind in ("named", "unnamed"):
            return Speaker(last.kind, last.who, f"{cue}: the last speaker, {last.who}")
        return None
    if kind == "described":  # "the delegate to ..." is identified (named); "a member of ..." is not
        who = groups["who"].strip()
        kind = "named" if who.lower().startswith("the ") else "unnamed"
        return Speaker(kind, who, f"attributed to a person the text describes: {cue}", start=m.start())
    who, found_kind, role = _claimant(groups["who"], role_names)
    if not who:
        return None
    if kind == "unnamed" or found_kind == "unnamed":
        who = groups["who"].strip(" ,.;:")  # a description, as printed ("Some experts", "The researcher")
        return Speaker("unnamed", who, f"attributed to people the text does not name: {cue}",
                       start=m.start())
    if re.search(rf"\b{DOC_NOUNS}$", who) and who.split()[-1].islower():  # "(2017 government document estimate)"
        return Speaker("document", publisher, f"read from a document: {cue}", via=who, start=m.start())
    full = surnames.get(who, who)
    if who.islower() and last is not None and last.kind == "named" and last.who.lower().endswith(" " + who):
        full = last.who  # "the office estimated", after "the UN human rights office said"
    if not role:
        role = next((r for r, name in role_names.items() if name == full), "")  # "spokesman Zhao Lijian ... Zhao said"
    # "said X, ..." and "X, a ..., told": what follows X describes X
    after_verb = bool(re.match(rf"(?:{SAY})\b", m.group())) or bool(groups.get("appos"))
    why = f"attributed: {cue}" + (f" ({who}: {full}, named before)" if full != who else "") + (
        f"; the job title “{role}” is not part of the claimant" if role else "")
    return Speaker("named", full, why, end=m.end("who") if after_verb else -1,
                   low=bool(role) and who not in groups["who"], role=role, start=m.start())


def _same_body(name: str, publisher: str) -> bool:
    """Whether a claimant's name is the publisher's ("Department of Homeland Security" and "U.S. Department of
    Homeland Security", "DHS" and "U.S. Department of Homeland Security (DHS)")."""
    def words(x: str) -> list[str]:
        x = re.sub(r"\((?:[^)]*)\)", " ", x)
        return [w for w in re.findall(r"[A-Za-z]+", x) if w.lower() not in ("the", "u", "s", "us", "of", "for", "and")]
    a, b = words(name), words(publisher)
    if not a or not b:
        return False
    if [w.lower() for w in a] == [w.lower() for w in b]:
        return True
    acronyms = {"".join(w[0] for w in b).upper(), *re.findall(r"\(([A-Z]{2,})\)", publisher)}
    return len(a) == 1 and a[0].isupper() and a[0] in acronyms


def _quotation_ends(text: str, sents: list[Sentence], starts: list[bool]) -> list[int | None]:
    """For each sentence inside a quotation that goes on past its end (curly quotes, or straight ones), the
    index of the sentence of the same paragraph where the quotation closes; else None. Linear in the text."""
    inside, opens = [], []
    depth, straight = 0, 0
    for i, s in enumerate(sents):
        if starts[i]:
            depth, straight = 0, 0
        at_start = depth > 0 or straight % 2 == 1
        depth = max(0, depth + s.text.count("“") - s.text.count("”"))
        straight += s.text.count('"')
        closes_here = "”" in s.text or '"' in s.text
        inside.append(at_start and not closes_here)
        opens.append(not at_start and (depth > 0 or straight % 2 == 1))
    out: list[int | None] = [None] * len(sents)
    next_close: int | None = None
    for i in range(len(sents) - 1, -1, -1):
        if inside[i] or opens[i]:
            out[i] = next_close
        if "”" in sents[i].text or '"' in sents[i].text:
            next_close = i
        if starts[i]:
            next_close = None  # a quotation closes in its own paragraph
    return out


def _paragraph_starts(text: str, sents: list[Sentence]) -> list[bool]:
    """For each sentence, whether it begins a paragraph (after a blank line; after a line end when the
    text has no blank line)."""
    brk = "\n\n" if re.search(r"\n[ \t]*\n", text) else "\n"
    out, prev_end = [], 0
    for s in sents:
        gap = re.sub(r"[ \t]", "", text[prev_end:s.start])
        out.append(prev_end == 0 or brk in gap)
        prev_end = s.end
    return out


LIST_ITEM = re.compile(r"\s*(?:[-•*–·]|\(?\d{1,2}[.)]|\([a-z]\))\s")


def speakers(text: str, sents: list[Sentence], publisher: str) -> list[Speaker]:
    """The speaker of every sentence, as a reader follows the text: a sentence's own cue; else the speaker
    carried from before: a paragraph that begins with its speaker ("According to the bulletin, ...",
    "Zenz had initially estimated ...") speaks to its end, a line ending with ":" through the list after
    it, reported speech ("said it had received ...") into the next sentence; else the publisher's own voice."""
    own = Speaker("own_voice", publisher, "no attribution in the sentence or carried to it: the publisher's own voice")
    role_names: dict[str, str] = {}
    for m in re.finditer(rf"\b(?i:({'|'.join(map(re.escape, ROLES))}))\s+(?P<who>[A-Z][a-z’'-]+(?: [A-Z][a-z’'-]+)+)", text):
        role_names.setdefault(m.group(1).lower(), m.group("who"))
    for m in re.finditer(rf"(?P<who>[A-Z][a-z’'-]+(?: [A-Z][a-z’'-]+)+), (?:a|an|the) (?:[\w-]+ ){{0,2}}?"
                         rf"(?i:({'|'.join(map(re.escape, ROLES))}))\b", text):  # "Adrian Zenz, a researcher at ..."
        role_names.setdefault(m.group(2).lower(), m.group("who"))
    starts = _paragraph_starts(text, sents)
    quotation_ends = _quotation_ends(text, sents, starts)
    out: list[Speaker] = []
    last: Speaker | None = None          # the last speaker named (for pronouns)
    carry: Speaker | None = None         # the speaker carried into the next sentence
    carry_until = ""                     # "paragraph", "list", "sentence"
    surnames: dict[str, str] = {}        # "Zenz" -> "Adrian Zenz", "the project" -> "Xinjiang Data Project"
    bodies = [(m.start(), f"the {m.group('noun').lower()}", re.sub(r"^The ", "", m.group()))
              for m in BODY_NAME.finditer(text)]
    for name in role_names.values():  # "spokesman Zhao Lijian ... Zhao said", "researcher Adrian Zenz ... Zenz said"
        for part in (name.split()[0], name.split()[-1]):
            surnames.setdefault(part, name)
    for i, s in enumerate(sents):
        surnames.update({ref: name for at, ref, name in bodies if at < s.start})
        if starts[i] and carry_until == "paragraph":
            carry = None
        if carry_until == "list" and starts[i] and not LIST_ITEM.match(s.text):
            carry = None
        sp = _speaker(s.text, publisher, last, role_names, surnames)
        if sp is not None:
            out.append(sp)
            if sp.kind in ("named", "unnamed"):
                last = sp
                if sp.kind == "named" and " " in sp.who and re.fullmatch(r"[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)+", sp.who):
                    surnames[sp.who.split()[-1]] = sp.who
                    surnames.setdefault(sp.who.split()[0], sp.who)  # "Zhao Lijian ... Zhao said"
            elif sp.kind == "document":
                last = sp if sp.via else last
            if s.text.rstrip().endswith(":"):
                carry, carry_until = sp, "list"
            elif REPORTED_SPEECH.search(s.text) and not MENTION_IN.search(s.text):
                carry, carry_until = sp, "sentence"
            elif starts[i] and sp.start == 0 and sp.kind != "own_voice":
                carry, carry_until = sp, "paragraph"   # the paragraph begins with its speaker
            elif carry_until != "list":
                carry = None
            continue
        prev = out[-1] if out and i and not starts[i] else None
        if prev is not None and prev.kind != "own_voice" and (CONTINUES.match(s.text) or (
                REPORTEDLY.search(s.text) and prev.kind in ("named", "unnamed"))):
            out.append(Speaker(prev.kind, prev.who, f"the sentence goes on from the one before: {prev.why}", via=prev.via))
            continue
        if PASSIVE_REPORT.search(s.text) or REPORTEDLY.search(s.text):
            cue = (PASSIVE_REPORT.search(s.text) or REPORTEDLY.search(s.text)).group()
            out.append(Speaker("unnamed", "reports", f"reported, by nobody the text names (“{cue}”): unnamed reports",
                               low=True))
            continue
        closing = quotation_ends[i]
        if closing is not None:  # “We found 380 camps. Many are new,” he said: the quotation's speaker
            at_end = _speaker(sents[closing].text, publisher, last, role_names, surnames)
            if at_end is not None and at_end.kind != "own_voice":
                out.append(Speaker(at_end.kind, at_end.who, f"inside a quotation attributed where it ends: {at_end.why}",
                                   via=at_end.via, role=at_end.role))
                continue
        if carry is not None:
            how = {"paragraph": "the paragraph's speaker", "list": "the speaker introducing the list",
                   "sentence": "reported speech carried from the sentence before"}[carry_until]
            out.append(Speaker(carry.kind, carry.who, f"{how}: {carry.why}", via=carry.via))
            if carry_until == "sentence":
                carry = None
            continue
        out.append(own)
    return out


# "One provincial official heading the system stated": "one" picks out a speaker, counting nothing.
ONE_SPEAKER = re.compile(rf"\s+(?:[\w-]+\s+){{0,3}}?(?i:{PERSON_NOUNS})\b[^.;]{{0,60}}?\s(?:{ADVERB}\s+)*(?:{SAY})\b")
# "One of the Uyghurs ...", "at one point": "one" picks out one of many, or is part of an idiom, counting nothing.
ONE_IDIOM = re.compile(r"\s+(?:of\s+(?:the|them|those|these|its|their|his|her|our)\b|point\b|time\b|day\b)")
MENTION_IN = re.compile(r"\d|\b(?i:one|two|three|four|five|six|seven|eight|nine|ten|hundreds?|thousands?|millions?)\b")


def claimant_type(claimant: str, kind: str, publisher_type: tuple[str, str], role: str = "",
                  enum: list[str] | None = None) -> tuple[str, str]:
    """(claimant_type, note): the type the claimant's words suggest, from `CLAIMANT_TYPES`, always a
    value of the schema's enum; the note says when it is only the closest, and which value to add."""
    enum = enum or [t for _, t, _ in CLAIMANT_TYPES]
    if kind in ("own_voice", "document"):
        found, new = publisher_type
    elif kind == "unnamed":
        found, new = _type_of(claimant)
        if not found or found in ("researcher", "NGO"):
            found = "unnamed rights groups or experts"
            if not re.search(r"rights|groups|experts|activists|researchers|scholars|analysts|advocates", claimant, re.I):
                new = new or "unnamed sources"
    else:
        found, new = _type_of(claimant)
        if role and not found:
            found = ROLES[role]
        if not found and re.fullmatch(r"[A-Z][a-z’'-]+(?: [A-Z][a-z.’'-]+)+", claimant):
            return ("researcher" if "researcher" in enum else enum[0],
                    f"claimant type: {claimant} is a person the text gives no role: check the type")
    if not found:
        closest = "unknown publisher" if kind in ("own_voice", "document") and not claimant else (
            "news outlet" if kind in ("own_voice", "document") else "researcher")
        return closest, (f"claimant type: no word of {claimant!r} says its kind; {closest!r} is a guess: check it"
                         if claimant else "")
    if found not in enum:
        found, new = ("unknown publisher" if "unknown publisher" in enum else enum[-1]), new or found
    if new:
        return found, (f"claimant type: {found!r} is the closest value of the schema to {claimant!r}; if it is not "
                       f"right, add {new!r} to claimant_type's enum in data/datapackage.json (data/README.md, "
                       "“Growing the vocabulary”)")
    return found, ""


def _type_of(name: str) -> tuple[str, str]:
    """(the closest claimant type a name's words suggest, the type to add when the closest is not right)."""
    low = name.lower()
    return next(((ctype, new) for cue, ctype, new in CLAIMANT_TYPES if re.search(cue, low)), ("", ""))


# Words that end the phrase a figure counts ("1 million Uyghurs and other Muslims were held" -> the
# phrase ends at "were").
COUNTED_STOP = set("in at who whom whose that which were was are is be have has had being been from to for on by since "
                   "during across under into with as would will could may might must per between according than said "
                   "says after before while when where because its their his her this these those or including like "
                   "such out over nearly about around more less".split())
COUNTED_SKIP = set("of the a an all some its their".split())


def _slug(words: list[str]) -> str:
    return re.sub(r"_+", "_", re.sub(r"[^a-z0-9]+", "_", " ".join(words).lower())).strip("_")


def _counted(after: str, before: str, kind: str, unit: str) -> tuple[str, str]:
    """(counted, note): a short key of what the words after the figure count ("1 million Uyghurs and
    other Muslims were held" -> uyghurs_and_other_muslims; "12.5% of the adults in ..." -> adults), never
    the measure's name; with no words there, the unit, and a note to check it."""
    phrase = re.split(r"[,.;:()“”\"—\n\[]", after, maxsplit=1)[0]
    words = re.findall(r"[A-Za-z][\w’'-]*", phrase)
    while words and words[0].lower() in COUNTED_SKIP | {"percent", "per", "cent", "times", "year-old", "years"}:
        words = words[1:]
    out = []
    for w in words:
        if w.lower() in COUNTED_STOP or len(out) == 5 or (out and out[-1].lower() == "and" and MENTION_IN.fullmatch(w)):
            break
        if w.lower() not in ("the", "a", "an"):
            out.append(w.replace("’", "").replace("'", ""))
    while out and out[-1].lower() in ("and", "of", "other"):
        out.pop()
    slug = _slug(out)
    if slug and slug[0].isalpha() and kind in ("count", "percent"):
        return slug, ""
    fallback = unit or "items"
    return fallback, f"counted: no words after the figure say what it counts; {fallback!r} is its unit: check"


WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_ANNOUNCE = r"(?:released|published|issued|said|told|announced|stated|estimated|wrote|reported|presented|gave)"
_WORK = (r"(?:speech|report|paper|study|estimate|statement|interview|analysis|document|article|survey|testimony|"
         r"directive|bulletin|memo|notice|letter|book|hearing|briefing|address|remarks)")
# The date a sentence gives its claim, in order of trust: (pattern, how the value is read, basis).
CLAIM_DATES = [
    (re.compile(rf"\b(?i:in) ({_MONTH}) (this|last) year\b"), "month_rel", "inferred"),
    (re.compile(rf"\b(?:(\d{{1,2}}) )?({_MONTH})(?: (\d{{1,2}}),?)? (\d{{4}})\b"), "month_year", "stated"),
    (re.compile(rf"\b(?i:a|an|the|his|her|its|their|this) (\d{{4}}) (?:[a-z-]+ ){{0,2}}{_WORK}\b"), "year", "stated"),
    (re.compile(rf"\b{_ANNOUNCE} (?:on |last |this )?({'|'.join(WEEKDAYS)})\b"), "weekday", "inferred"),
    (re.compile(rf"\b(?i:in) (\d{{4}})\b"), "year", "stated"),  # not "since 2017": when a period began (SINCE)
    (re.compile(rf"\b(?i:in) ({_MONTH})\b(?! \d)"), "month", "inferred"),
]


SINCE = re.compile(r"\b(?i:since) (\d{4})\b")


def _since(sentence: str) -> str:
    """The year a period began, when the sentence says "since 2017": the claim's period_start."""
    m = SINCE.search(sentence)
    return m.group(1) if m and 1900 <= int(m.group(1)) <= 2099 else ""


def _claim_date(sentence: str, published: str) -> tuple[str, str]:
    """(claim_date, note): the date the sentence gives its claim ("in August 2018", "a 2018 internal
    speech", "in March this year" and "a paper released Sunday" with the source's date), or ("", "").
    `claim_date_cells` turns it into the table's three cells."""
    import datetime as dt
    for pattern, how, basis in CLAIM_DATES:
        m = pattern.search(sentence)
        if not m:
            continue
        value = ""
        if how == "month_year":
            day = m.group(1) or m.group(3)
            value = f"{m.group(4)}-{MONTHS.index(m.group(2)) + 1:02d}" + (f"-{int(day):02d}" if day else "")
        elif how == "year":
            value = m.group(1)
        elif how in ("month_rel", "month") and published[:4].isdigit():
            month = MONTHS.index(m.group(1)) + 1
            year = int(published[:4]) - (how == "month_rel" and m.group(2) == "last")
            if how == "month" and len(published) >= 7 and month > int(published[5:7]):
                year -= 1  # "in November", in a text of March: the November before
            value = f"{year}-{month:02d}"
        elif how == "weekday" and len(published) == 10:
            day = dt.date.fromisoformat(published)
            value = (day - dt.timedelta(days=(day.weekday() - WEEKDAYS.index(m.group(1))) % 7)).isoformat()
        if value and 1900 <= int(value[:4]) <= 2099:
            why = (f"claim date {value} from “{m.group()}”, {basis}"
                   + (f" from the source's date ({published})" if basis == "inferred" else ""))
            return value, why
    return "", ""


def claim_date_cells(sentence: str, published: str) -> dict[str, str]:
    """claim_date, claim_date_basis and claim_date_clue for a drafted claim: 'stated' with the words
    that print the date, 'inferred' with the words and the source's date they were read against, or
    'publication' (no date in the sentence: the claim is dated by its document)."""
    value, why = _claim_date(sentence, published)
    if not value:
        return {"claim_date": "", "claim_date_basis": "publication", "claim_date_clue": ""}
    for pattern, _, basis in CLAIM_DATES:
        m = pattern.search(sentence)
        if m:
            clue = m.group() if basis == "stated" else f"“{m.group()}”, read against the source's date ({published})"
            return {"claim_date": value, "claim_date_basis": basis, "claim_date_clue": clue}
    return {"claim_date": value, "claim_date_basis": "inferred", "claim_date_clue": why}


def _event_words(text: str, q_start: int, q_end: int, d_start: int, d_end: int, limit: int = 8) -> str:
    """An event in a few words: the words of its clause after its date (before it, when the date ends
    the clause), at most ``limit``, without the date."""
    after = re.findall(r"[^\s,;:]+", re.split(r"[;:—]", text[d_end:q_end])[0].split(", ", 1)[-1]
                       if text[d_end:d_end + 2] == ", " else re.split(r"[,;:—]", text[d_end:q_end])[0])
    before = re.findall(r"\S+", re.split(r"[,;:—]", text[q_start:d_start])[-1])
    while before and before[-1].lower() in ("in", "on", "since", "by", "from", "until", "of", "during", "early",
                                               "late", "mid", "the", "and", "to"):
        before.pop()
    words = after if len(after) >= 3 or len(before) < 2 else before[-limit:]
    words = words[:limit]
    return " ".join(words).strip(" ,.;:") or text[d_start:d_end]


def _clause(text: str, a: int, b: int, sent: Sentence, max_words: int = 24) -> tuple[int, int]:
    """A verbatim span around text[a:b]: its clause in the sentence, at most ``max_words`` words either side."""
    left = text[sent.start:a]
    right = text[b:sent.end]
    cut_l = max(left.rfind(c) for c in (";", ":", "—", "(", "“")) + 1
    start = sent.start + cut_l
    words = list(re.finditer(r"\S+", text[start:a]))
    if len(words) > max_words:
        start = start + words[-max_words].start()
    stops = [i for i in (right.find(c) for c in (";", ":", "—", ")", ". ", ", and ", ", but ")) if i != -1]
    end = b + (min(stops) if stops else len(right))
    words = list(re.finditer(r"\S+", text[b:end]))
    if len(words) > max_words:
        end = b + words[max_words - 1].end()
    while end > b and text[end - 1] in " ,.;:":
        end -= 1
    while start < a and text[start] in " ,;:":
        start += 1
    return start, end


UNIQUE_CHECK_LIMIT = 100_000  # characters (a long article): above, a quote's uniqueness is left to validation (linear time)


def _unique_span(text: str, a: int, b: int) -> tuple[int, int]:
    """text[a:b] grown word by word to the right (then left) until it occurs once in the text."""
    lo, hi = a, b
    if len(text) > UNIQUE_CHECK_LIMIT:  # eight words of context: unique in any natural text
        words = list(re.finditer(r"\S+", text[b:b + 200]))
        return a, (b + words[min(7, len(words) - 1)].end() if words else b)
    for _ in range(40):
        quote = text[lo:hi]
        if text.count(quote) == 1:
            return lo, hi
        nxt = text.find(" ", hi + 1)
        if nxt != -1 and text[hi:nxt].find("\n") == -1:
            hi = nxt
        elif lo > 0:
            lo = max(0, text.rfind(" ", 0, lo - 1) + 1)
        else:
            break
    return lo, hi


def _date_value(m: re.Match) -> tuple[str, str]:
    if m.group(4):
        year, month = m.group(4), MONTHS.index(m.group(2)) + 1
        day = m.group(1) or m.group(3)
        if day:
            return f"{year}-{month:02d}-{int(day):02d}", "day"
        return f"{year}-{month:02d}", "month"
    if m.group(5):
        return f"{m.group(5)}-{m.group(6)}-{m.group(7)}", "day"
    year = m.group(8) or m.group(9) or m.group(10)
    return year, "year"


EVENT_TYPES = [("attack", r"attack|bomb|riot|stabb|explosion|violence"), ("visit", r"visit"),
               ("appointment", r"appointed|became (?:party )?secretary|took office"), ("speech", r"speech"),
               ("investigation", r"investigat|inquiry"), ("review", r"review"),
               ("publication", r"publish|leak|obtained|released (?:a|the) |revealed|report(?:ed)? "),
               ("statement", r"said|stated|announced|declared|determined|called")]


def draft(source_id: str, out_dir: Path | None = None, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Write the draft rows of ``source_id``; return the counts by table and of rows to review."""
    data_dir = Path(data_dir)
    out_dir = Path(out_dir) if out_dir else data_dir / "drafts" / source_id
    descriptor = read_descriptor(data_dir)
    _, sources = read_table(data_dir / "sources.csv")
    source = next((s for s in sources if s["source_id"] == source_id), None)
    if source is None:
        raise IntakeError(f"no source {source_id!r} in {data_dir / 'sources.csv'}; add it first: "
                          "python -m claimtrace add-source PATH --id ID")
    text = (data_dir / "sources" / f"{source_id}.txt").read_text(encoding="utf-8")
    existing = {name: read_table(data_dir / f"{name}.csv")[1] for name in DRAFT_TABLES}
    counted_for = _counted_by_measure(existing["claims"], data_dir)
    vocabulary = {r["counted_id"] for r in read_table(data_dir / "counted.csv")[1]} if (data_dir / "counted.csv").is_file() else set()
    spans = [sp for name, rows in existing.items() for sp in covered_spans(text, rows, source_id)]
    todo = uncovered_mentions(text, spans)
    sents = sentences(text)
    sent_at = _sentence_index(sents)
    publisher = source.get("publisher", "")
    ptype = _type_of(source.get("publisher", "") + " " + source.get("document_type", ""))
    types = next((f.get("constraints", {}).get("enum", []) for r in descriptor["resources"] if r["name"] == "claims"
                  for f in r["schema"]["fields"] if f["name"] == "claimant_type"), [])
    voices = speakers(text, sents, publisher)
    published = source.get("published_date") or ""
    first_line_end = text.find("\n") if "\n" in text else len(text)
    rows = {name: [] for name in DRAFT_TABLES}
    counters = {"event": 0, "nonclaim": 0}
    per_measure: dict[str, int] = {}
    done_until = -1
    for mention in todo:
        if mention.start < done_until:
            continue
        sent = sents[sent_at(mention.start)]
        a, b = mention.start, mention.end
        # 1. footnote markers
        if _footnote_marker(text, a, b, mention.text):
            rows["non_claims"].append(_non_claim(text, source_id, a, b, mention.text, "footnote marker",
                                                  "digits glued to a word or in brackets", counters))
            done_until = b
            continue
        label = _label_number(text, a, b)
        if label:
            rows["non_claims"].append(_non_claim(text, source_id, a, b, mention.text, label,
                                                  "a number that names or numbers something, counting nothing", counters))
            done_until = b
            continue
        # 2. dates
        date = _date_around(text, a, b, sent)
        if date is not None:
            d_start, d_end, value, precision = date
            basis, clue, confidence = "stated", "", "medium"
            if value.startswith("--"):  # day and month, no year: the year the source was published, inferred
                year = (source.get("published_date") or "")[:4]
                value = f"{year}{value[1:]}" if year else ""
                basis, confidence = "inferred", "low"
                clue = (f"the text prints “{text[d_start:d_end]}” with no year; the source was published in {year}"
                        if year else f"the text prints “{text[d_start:d_end]}” with no year")
            q_start, q_end = _clause(text, d_start, d_end, sent, max_words=30)
            sentence = text[sent.start:sent.end]
            etype = next((t for t, cue in EVENT_TYPES if re.search(cue, sentence, re.I)), "period")
            counters["event"] += 1
            rows["events"].append({"event_id": f"{source_id}-event-{counters['event']}", "source_id": source_id,
                                   "quote": text[q_start:q_end], "event": _event_words(text, q_start, q_end, d_start, d_end),
                                   "event_type": etype, "date": value, "date_end": "", "date_precision": precision,
                                   "date_basis": basis, "date_clue": clue, "notes": "",
                                   "confidence": confidence, "why": f"a date as printed ({text[d_start:d_end]}); "
                                   "check what it dates and the event type"})
            done_until = d_end
            continue
        # 3. figures
        found = _figure_at(text, a, b, sent)
        lone_one = (found is not None and mention.text.lower() == "one" and found[1] - found[0] <= 3
                    and (not _unit(" ".join(re.findall(r"[A-Za-z-]+", text[b:b + 40])[:3]), "count", singular=True)
                         or bool(ONE_SPEAKER.match(text, b, sent.end)) or bool(ONE_IDIOM.match(text, b, sent.end))
                         or bool(re.search(r"(?i:\bat\s+)$", text[max(0, a - 4):a]))))
        if found is not None and not lone_one:
            f_start, f_end, fig = found
            printed = text[f_start:f_end].strip()
            f_start = text.index(printed, f_start)
            f_end = f_start + len(printed)
            sentence = text[sent.start:sent.end]
            unit = _unit(text[f_end:sent.end], fig.kind) or _unit_before(text[sent.start:f_start])
            if unit and not unit_fits(fig.kind, unit):
                unit = ""
            measure = _measure(unit, sentence)
            sp = voices[sent_at(f_start)].for_figure(f_start - sent.start)
            if sp.end != -1 and re.fullmatch(r",\s[^,;:“\"]*", text[sent.start + sp.end:f_start]):
                sp = Speaker("own_voice", publisher, "the figure describes the claimant named before it, in "
                             "apposition: the publisher's own words")
            kind, who, why_who = sp.kind, sp.who, sp.why
            if kind == "named" and _same_body(who, publisher):
                kind, who, why_who = "own_voice", publisher, f"{why_who}; {sp.who} is the publisher: its own voice"
            ctype, type_note = claimant_type(who, kind, ptype, sp.role, types)
            words, counted_note = _counted(text[f_end:sent.end], text[sent.start:f_start], fig.kind, unit)
            counted, counted_note = _in_vocabulary(words, counted_note, counted_for.get(measure, ""), vocabulary)
            claim_date, date_note = (_claim_date(sentence, published) if kind != "own_voice" else ("", ""))
            dated = claim_date_cells(sentence, published) if claim_date else claim_date_cells("", published)
            q_start, q_end = _clause(text, f_start, f_end, sent)
            while printed in text[q_start:f_start]:  # the figure's first place in the quote must be this one
                q_start = text.index(printed, q_start) + len(printed)
                q_start += len(text[q_start:f_start]) - len(text[q_start:f_start].lstrip(" ,;:"))
                while q_start < f_start and text[q_start - 1].isalnum():
                    q_start += 1
            marker = re.match(r"\(?\d{1,3}\)\s+", text[q_start:f_start])
            if marker:  # a list number ("9) There is ...") is not part of what is said
                q_start += marker.end()
            quote = text[q_start:q_end]
            review = [w for w, missing in (("unit", not unit), ("measure", not measure),
                                          ("publisher as claimant", kind in ("own_voice", "document") and not publisher))
                      if missing]
            notes = [n for n in (why_who, type_note, counted_note, date_note) if n]
            per_measure[measure or "unclassified"] = per_measure.get(measure or "unclassified", 0) + 1
            rows["claims"].append({
                "claim_id": f"{source_id}-{measure or 'unclassified'}-{per_measure[measure or 'unclassified']}",
                "source_id": source_id, "quote": quote, "figure": printed, "measure": measure,
                "subject": _subject(sentence, measure), "component": "",
                "value_low": _fmt(fig.low), "value_high": _fmt(fig.high), "qualifier": fig.qualifier, "unit": unit,
                "claimant": who, "claimant_type": ctype, "attribution": kind,
                "reported_via": sp.via, "scope": _squeeze(text[f_end:q_end].strip(" ,.;:")
                                                       or text[q_start:f_start].strip(" ,.;:"), 120),
                "counted": counted, "period_start": _since(sentence), "period_end": "", **dated,
                "position": "headline" if f_start < first_line_end and first_line_end < 200 else "body",
                "notes": "", "confidence": "low" if review or sp.low or type_note else (
                    "high" if kind != "own_voice" and "carried" not in why_who and "speaker" not in why_who else "medium"),
                "why": f"figure read by the project's parser: {fig.qualifier}; " + "; ".join(notes)
                       + (f"; review: no {', no '.join(review)} from the vocabulary fits" if review else ""),
            })
            link = _proposed_link(rows["claims"][-1], sentence)
            if link:
                rows["lineage"].append(link)
            done_until = f_end
            continue
        # 4. "one" that counts nothing, and anything else
        reason = "pronoun" if re.match(r"\s+of\b", text[b:b + 5]) or re.search(r"\b(no|any|every|each)\s+$",
                                                                                text[max(0, a - 8):a], re.I) else "determiner"
        if mention.text.lower() != "one":
            reason = "name of an event"
        rows["non_claims"].append(_non_claim(text, source_id, a, b, mention.text, reason,
                                              "no figure the parser reads here: check", counters, confidence="low"))
        done_until = b
    fields = {name: table_fields(descriptor, name) + list(DRAFT_EXTRA) for name in DRAFT_TABLES}
    out_dir.mkdir(parents=True, exist_ok=True)
    from .files import write_atomic
    for name in DRAFT_TABLES:
        write_atomic(out_dir / f"{name}.csv", csv_bytes(fields[name], rows[name]))
    counts = {name: len(rows[name]) for name in DRAFT_TABLES}
    counts["review"] = sum(1 for name in DRAFT_TABLES for r in rows[name] if r["confidence"] == "low")
    counts["mentions"] = len(todo)
    return counts


def _footnote_marker(text: str, a: int, b: int, digits: str) -> bool:
    """Digits in square brackets ("[12]"), or glued to the end of a word or sentence ("camps.12 ")."""
    if not digits.isdigit():
        return False
    prev = text[a - 1] if a else " "
    nxt = text[b] if b < len(text) else " "
    if nxt == "]" and re.search(r"\[(?:[a-z]+ )?$", text[max(0, a - 8):a]):
        return True
    if nxt not in " \n.,;:" or len(digits) > 3 or digits.startswith("0"):
        return False
    if prev == '"' and (a < 2 or text[a - 2].isspace() or text[a - 2] in "([{"):
        return False  # a straight quote mark that opens a quotation: “"380 suspected detention facilities"”
    return prev in ".,;:”\")" or (prev.isalpha() and prev.islower())


LABEL_BEFORE = re.compile(r"(?:\b(?:[Nn]o|Section|Sec|sec|Article|Art|Priority|Chapter|Part|Title|Law|Rule|"
                          r"Resolution|H\.R|S|Convention|Phase|Level|Volume|Vol|Page|pp?|Paragraph|Act of|Order|E\.O\.\)?|section|"
                          r"building|unit|room|floor|block|platform|cell)"
                          r"\.?\s*|\b[A-Z][a-z]+ )$")


def _label_number(text: str, a: int, b: int) -> str:
    """The reason a number names or numbers something rather than counting it, or ""."""
    line_start = text.rfind("\n", 0, a) + 1
    nxt = text[b:b + 1]
    if re.match(r"(?:st|nd|rd|th)\b", text[b:b + 3]):
        return "part of a name or label"  # an ordinal ("116th Congress", "the 54th session") counts nothing
    if re.match(r"-[A-Z]", text[b:b + 2]):
        return "part of a name or label"  # glued to a capitalised word: "zero-COVID policy", "Five-Year Plan"
    if re.fullmatch(r"\d{4}", text[a:b]) and re.match(r"[’']?s\b", text[b:b + 3]):
        return "a decade"  # "the 1930s": a period, not a count
    if text[a:b].isdigit() and (re.match(r"\s?/\s?\d", text[b:b + 4]) or re.search(r"\d\s?/\s?$", text[max(0, a - 4):a])
                                or re.search(r"\b\d{4}[-–]$", text[max(0, a - 6):a]) and len(text[a:b]) == 2):
        return "part of a date"  # "06 / 02 / 2019", the fiscal year "2018-19"
    if re.search(r"(?:://|www\.|/)\S*$", text[max(0, a - 200):a]):
        return "part of a name or label"  # part of an address ("congress.gov/bill/116th-congress/senate-bill/3744")
    if re.fullmatch(r"\s*\(?", text[line_start:a]) and nxt in (")", ".", "、"):
        return "list or section number"
    if re.fullmatch(r"(?i:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)", text[a:b]) and \
            re.match(r"-(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b", text[b:b + 9]):
        return "part of a name or label"  # an ordinal in words: the “seventy-fifth session”
    if re.match(r"(?::\d\d|\s?(?i:[ap]\.?m\.?)(?![a-z]))", text[b:b + 6]) or re.search(r"\d:$", text[max(0, a - 3):a]):
        return "a time of day"  # "at 3 p.m.", "around 21:49"
    if text[a:b].isdigit() and re.match(r"\.[a-z]\b", text[b:b + 3]):
        return "list or section number"  # a section cited by number and letter ("see sections 1.a, 1.b and 2.d")
    if text[a:b].isdigit() and re.search(r"\b[A-Z][A-Z\d]*-?$", text[max(0, a - 12):a]):
        return "part of a name or label"  # digits glued to a capitalised name: "COVID-19", "G7", "S1542"
    quoted = re.match(r"[\w-]*((?:\s+[\w’'-]+){1,3})\s*[”\"]", text[b:b + 60])
    if not text[a:b][0].isdigit() and re.search(r"[“\"]$", text[max(0, a - 1):a]) and quoted \
            and not _unit(quoted.group(1), "count"):
        return "part of a name or label"  # a number word opening a short quoted name: the “three evil forces”
    if text[a:b].isdigit() and LABEL_BEFORE.search(text[max(0, a - 14):a]):
        before = text[max(0, a - 14):a]
        capital_word = re.search(r"\b([A-Z][a-z]+) $", before)
        # "Xinjiang 2019"? only a capitalised word glued to a number that no noun follows ("Designated 27
        # PRC-Based Companies", a headline's capitals, counts companies)
        if capital_word and not re.search(r"(?:Act of|Convention|Priority|Section|Article|Chapter|Resolution|Law|Secret) $",
                                          before):
            if re.match(r"\s+[a-z]", text[b:b + 3]) or capital_word.group(1) in MONTHS or \
                    (not BARE_YEAR.fullmatch(text[a:b]) and re.match(r"\s+(?:[\w-]+\s+){0,3}[A-Za-z-]{2,}[a-z]s\b", text[b:b + 60])):
                return ""
        return "part of a name or label"
    return ""


def covered_spans(text: str, rows: list[dict[str, str]], source_id: str) -> list[tuple[int, int]]:
    """The parts of ``text`` that rows of one table account for, by validation's rule
    (`validate.accounted`): a claim's figure, a non-claim's mention, an event's quote."""
    from .validate import _occurrences, accounted
    spans = []
    for r in rows:
        if r.get("source_id") == source_id and r.get("quote"):
            spans += accounted(_occurrences(text, r["quote"]), r["quote"], r.get("figure") or r.get("mention") or "")
    return spans


STATUS_COLOURS = {"accepted": "#B9E3C6", "drafted": "#FFE08A", "non-claim": "#DDDDDD", "not yet covered": "#F4A6A6"}


def review(source_id: str, data_dir: Path = DATA_DIR, drafts: Path | None = None) -> dict:
    """Where a source stands: each numeric mention with its status (accepted: in the tables;
    drafted: in the draft; non-claim: a non-claim, accepted or drafted; not yet covered), the text
    as HTML with every mention marked by status, the draft's rows, and what remains to do."""
    import html as H

    import pandas as pd

    data_dir = Path(data_dir)
    drafts = Path(drafts) if drafts else data_dir / "drafts" / source_id
    text = (data_dir / "sources" / f"{source_id}.txt").read_text(encoding="utf-8")
    tables = {n: read_table(data_dir / f"{n}.csv")[1] for n in DRAFT_TABLES}
    drafted = {n: (read_table(drafts / f"{n}.csv")[1] if (drafts / f"{n}.csv").is_file() else []) for n in DRAFT_TABLES}
    layers = [("non-claim", covered_spans(text, tables["non_claims"] + drafted["non_claims"], source_id)),
              ("accepted", [sp for n in ("claims", "events") for sp in covered_spans(text, tables[n], source_id)]),
              ("drafted", [sp for n in ("claims", "events") for sp in covered_spans(text, drafted[n], source_id)])]
    rows = []
    for m in scan_mentions(text):
        status = next((name for name, spans in layers if any(a <= m.start and m.end <= b for a, b in spans)),
                      "not yet covered")
        line = text.count("\n", 0, m.start) + 1
        rows.append({"mention": m.text, "line": line, "status": status, "start": m.start, "end": m.end})
    mentions = pd.DataFrame(rows, columns=["mention", "line", "status", "start", "end"])
    parts, at = [], 0
    for r in rows:
        parts.append(H.escape(text[at:r["start"]]))
        parts.append(f'<mark title="{r["status"]}" style="background:{STATUS_COLOURS[r["status"]]}">'
                     f'{H.escape(text[r["start"]:r["end"]])}</mark>')
        at = r["end"]
    parts.append(H.escape(text[at:]))
    legend = " ".join(f'<mark style="background:{c}">{k}</mark>' for k, c in STATUS_COLOURS.items())
    page = (f'<p>{legend}</p><div style="white-space:pre-wrap;font-family:serif;max-width:48em">'
            + "".join(parts) + "</div>")
    counts = mentions["status"].value_counts().reindex(list(STATUS_COLOURS), fill_value=0)
    todo = []
    if counts["not yet covered"]:
        todo.append(f"{counts['not yet covered']} numeric mentions are in no row: run python -m claimtrace draft {source_id}")
    low = sum(r.get("confidence") == "low" for n in DRAFT_TABLES for r in drafted[n])
    if low:
        todo.append(f"{_n(low, 'drafted row')} marked low confidence: review {'it' if low == 1 else 'them'} in {drafts}")
    refusals = pd.DataFrame(columns=["file", "row", "column", "problem"])
    if any((drafts / f"{n}.csv").is_file() for n in DRAFT_TABLES):
        try:
            trial = try_draft(source_id, drafts, data_dir)
            found = [(p.file, p.row, p.column, p.message) for p in trial.problems]
        except IntakeError as err:
            found = [(str(drafts), None, None, str(err))]
        refusals = pd.DataFrame(found, columns=["file", "row", "column", "problem"]).astype({"row": "Int64"})
        if len(refusals):
            todo.append(f"accept would refuse the draft for {len(refusals)} problem{'' if len(refusals) == 1 else 's'}, listed below by "
                        "file, row and column: fix them in the draft, then run this notebook again")
        else:
            todo.append(f"accept would take the draft as it is: python -m claimtrace accept {source_id}, then make")
    draft_table = pd.DataFrame([{"table": n, **r} for n in DRAFT_TABLES for r in drafted[n]])
    return {"mentions": mentions, "counts": counts, "html": page, "draft": draft_table, "refusals": refusals,
            "todo": todo or ["nothing: every numeric mention is accounted for in the tables"]}


# The draft's columns the review shows, by table: what a row says and who says it, and the drafter's
# confidence and reasons (the rest is in the draft's CSV files).
REVIEW_COLUMNS = {
    "claims": ["claim_id", "quote", "figure", "measure", "qualifier", "unit", "claimant", "claimant_type",
               "attribution", "counted", "claim_date", "confidence", "why"],
    "events": ["event_id", "quote", "event", "event_type", "date", "date_precision", "confidence", "why"],
    "non_claims": ["non_claim_id", "quote", "mention", "reason", "confidence", "why"],
    "lineage": ["link_id", "claim_id", "relation", "producer", "words", "target_reference_id", "confidence", "why"],
}


def review_table(draft: "pd.DataFrame", table: str) -> "pd.DataFrame":
    """The draft's rows of one table, with the columns a reviewer decides on (REVIEW_COLUMNS)."""
    import pandas as pd
    if not len(draft) or table not in set(draft["table"]):
        return pd.DataFrame(columns=REVIEW_COLUMNS[table])
    rows = draft[draft["table"] == table]
    return rows[[c for c in REVIEW_COLUMNS[table] if c in rows.columns]].reset_index(drop=True)


def _sentence_index(sents: list[Sentence]):
    """A function: character offset -> index of its sentence (the previous one between sentences)."""
    import bisect
    starts = [x.start for x in sents]
    return lambda i: max(0, bisect.bisect_right(starts, i) - 1)


BARE_YEAR = re.compile(r"(?<![\d,.])(19[5-9]\d|20\d\d)(?![\d,.]\d)")


DAY_MONTH_RE = re.compile(rf"\b(?:({_MONTH}) (\d{{1,2}})|(\d{{1,2}}) ({_MONTH}))\b(?!,? \d{{4}})")


def _date_around(text: str, a: int, b: int, sent: Sentence):
    """The date printed around text[a:b] as (start, end, ISO value, precision), or None. A four-digit
    year alone is a date unless a unit word follows it ("2019 people")."""
    if BARE_YEAR.fullmatch(text[a:b]) and _unit(re.split(r"[\n.;,(\[]", text[b:b + 30])[0], "count") in ("", "years"):
        for m in DATE_RE.finditer(text, max(sent.start, a - 25), min(sent.end, b + 25)):
            if m.start() <= a and m.end() >= b:
                break
        else:
            return a, b, text[a:b], "year"
    window_start = max(sent.start, a - 25)
    for m in DAY_MONTH_RE.finditer(text, window_start, min(sent.end, b + 25)):
        if m.start() <= a and m.end() >= b:
            month = MONTHS.index(m.group(1) or m.group(4)) + 1
            day = int(m.group(2) or m.group(3))
            return m.start(), m.end(), f"--{month:02d}-{day:02d}", "day"  # no year printed
    for m in DATE_RE.finditer(text, window_start, min(sent.end, b + 25)):
        if m.start() <= a and m.end() >= b:
            value, precision = _date_value(m)
            if not 1900 <= int(value[:4]) <= 2099:
                return None
            # a year alone must look like one: four digits, no separator, not a count ("2,000 people")
            return m.start(), m.end(), value, precision
    return None


def _non_claim(text, source_id, a, b, mention, reason, why, counters, confidence="high") -> dict:
    """A non-claim whose quote starts at the mention (so that the mention's first place in the quote
    is this one) and runs on until the quote occurs once in the text."""
    nxt = text.find(" ", b + 12)
    lo, hi = _unique_span(text, a, len(text) if nxt == -1 else nxt)
    quote = text[lo:hi].rstrip()
    counters["nonclaim"] += 1
    return {"non_claim_id": f"{source_id}-nonclaim-{counters['nonclaim']}", "source_id": source_id,
            "quote": quote, "mention": mention, "reason": reason, "notes": "", "confidence": confidence, "why": why}


def _proposed_link(claim: dict[str, str], sentence: str) -> dict[str, str] | None:
    """A link (lineage.csv) for a drafted claim whose sentence names its source: a named claimant
    relays that claimant's figure; a figure read from a named document derives from it. The words
    that show it are the name as printed; the producer's own words are for the analyst to archive."""
    if claim["attribution"] == "named" and claim["claimant"] and claim["claimant"] in sentence:
        relation, producer = "relays", claim["claimant"]
    elif claim["attribution"] == "document" and claim["reported_via"] and claim["reported_via"] in sentence:
        relation, producer = "derived from", claim["reported_via"]
    else:
        return None
    return {"link_id": f"{claim['claim_id']}-1", "claim_id": claim["claim_id"], "relation": relation,
            "target_claim_id": "", "target_reference_id": "", "producer": producer, "words": producer,
            "notes": "Proposed by the drafter: the producer's own words are not archived here.",
            "confidence": "low",
            "why": f"the sentence names the figure's source ({producer!r}): archive the producer's own words as a "
                   "reference figure and set target_reference_id, or keep the note saying why they are not"}


def _in_vocabulary(words: str, note: str, usual: str, vocabulary: set[str]) -> tuple[str, str]:
    """What a drafted figure counts, as an id of the vocabulary (data/counted.csv): the words' own key
    when it is one; else what accepted claims of the measure count most often (``usual``), with the
    words in the note for the analyst to check; else the words' key, which `accept` refuses until
    the analyst adds it to the vocabulary or picks an id there."""
    if words in vocabulary:
        return words, note
    if usual:
        return usual, (f"counted: the words count {words.replace('_', ' ')!r}; proposed {usual!r}, what accepted "
                       "claims of this measure count most often (data/counted.csv): check")
    return words, (f"counted: {words!r} is not in data/counted.csv: add it there, with its definition and what it "
                   "is a part of, or pick an id there")


def _counted_by_measure(claims: list[dict[str, str]], data_dir: Path) -> dict[str, str]:
    """For each measure, what the accepted claims of that measure count most often (an id of the
    vocabulary, data/counted.csv): the draft's proposal, for the analyst to check against the
    words. A measure no accepted claim has gets no proposal, unless its own name is an id there."""
    from collections import Counter
    by: dict[str, Counter] = {}
    for c in claims:
        by.setdefault(c["measure"], Counter())[c["counted"]] += 1
    out = {m: max(sorted(n), key=n.get) for m, n in by.items()}  # ties: the first id in order
    vocabulary = data_dir / "counted.csv"
    if vocabulary.is_file():
        for row in read_table(vocabulary)[1]:
            out.setdefault(row["counted_id"], row["counted_id"])
    return out


def _n(count: int, noun: str) -> str:
    """'1 drafted row is', '3 drafted rows are' for the review's sentences."""
    return f"{count} {noun} is" if count == 1 else f"{count} {noun}s are"


def _fmt(x) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _squeeze(s: str, limit: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"
