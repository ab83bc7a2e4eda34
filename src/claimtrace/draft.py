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

Attribution follows the project's rule (data/README.md): a figure the text gives to somebody
("according to X", "X said", "X told Y", "X estimated", "said X") is theirs (``named``); to
unnamed people ("rights groups say") ``unnamed``; read from a document ("the documents show")
``document``, with the publisher as claimant; otherwise it is the publisher's ``own_voice``.
The drafter runs in linear time in the length of the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .intake import DRAFT_EXTRA, DRAFT_TABLES, IntakeError, csv_bytes, read_table, table_fields, try_draft
from .numbers import FigureError, QUALIFIERS, parse_figure, unit_fits
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

SAY = (r"said|says|say|told|tells|estimated|estimates|estimate|reported|reports|found|finds|wrote|writes|"
       r"claimed|claims|stated|states|believes|believe|concluded|calculated|documented|counted|identified|"
       r"argued|argues|noted|notes|suggested|suggests|added|testified|announced|warned|revealed|"
       r"confirms|confirmed|indicate|indicates|indicated")
NAME = r"[A-Z][\w.’'&-]*(?:[ -](?:of|for|the|on|and|de)? ?[A-Z][\w.’'&-]*)*"
CUES = [
    ("named", re.compile(r"\((?:\d{4} )?(?P<who>[A-Za-z][\w .'-]*?) estimate\)")),
    ("named", re.compile(r"\bestimates? (?:by|from|of) (?P<who>(?:[A-Z][\w.]*|and|the)(?: (?:[A-Z][\w.]*|and|the|officials|experts))*)")),
    ("named", re.compile(rf"[Aa]ccording to (?:the )?(?P<who>{NAME})")),
    ("named", re.compile(rf"(?P<who>{NAME}),?(?: (?:also|has|have|had|previously|recently|later|once|then))* (?:{SAY})\b")),
    ("named", re.compile(rf"\b(?:{SAY}) (?:the )?(?P<who>{NAME})")),
]
UNNAMED = re.compile(r"\b(?P<who>(?:(?:recent )?media reports|(?:human )?rights (?:groups|organi[sz]ations)|activists|"
                     r"experts|researchers|observers|critics|advocates|analysts|scholars|campaigners|witnesses|"
                     r"former detainees))\b", re.I)
DOCUMENT = re.compile(r"\b(?:documents?|records?|files|spreadsheets?|data|papers|cables)\b[^.]{0,40}?"
                      r"\b(?:show|showed|shows|list|listed|lists|reveal|revealed|reveals|indicate|indicated|record|recorded)\b", re.I)
NOT_A_NAME = {"The", "This", "That", "These", "Those", "It", "They", "He", "She", "We", "In", "On", "At", "A",
              "An", "But", "And", "As", "According", "China", "Chinese", "Xinjiang", "Beijing", "Some", "Many"}
CLAIMANT_TYPES = [("news outlet", r"times|news|post|bbc|associated press|\bap\b|reuters|guardian|journal|cnn|"
                   r"buzzfeed|radio free asia|\brfa\b|voice of america|press"),
                  ("government official", r"department|ministry|secretary|government|spokes|official|embassy|"
                   r"minister|president|senator|congress(?!\w)|state council|commission|\bun\b|united nations"),
                  ("NGO", r"watch|amnesty|human rights|foundation|project|coalition|congress|institute for|"
                   r"society|centre for|center for|committee|ngo"),
                  ("researcher", r"zenz|professor|researcher|scholar|university|institute|aspi|academ|dr\.?\b")]


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


_SCALE = r"(?:\s*(?:thousand|million|billion))"
_YEARS = r"(?:\s+years\b|-year\b(?!-old))"
_PCT = r"\s*(?:%|percent|per cent)"
RIGHT_EXTENSIONS = [re.compile(p) for p in (
    _SCALE, _PCT, rf"{_SCALE}?\s*(?:-|–|to|and)\s*(?:[\d.,]+|[a-z]+){_SCALE}?",
    rf"(?:\s*(?:-|–|to|and)\s*[\d.,]+)?{_PCT}", r" of (?:thousands|millions)",
    rf"(?:\s*(?:-|–|to|and)\s*[\d.,]+)?{_YEARS}")]


def _figure_at(text: str, start: int, end: int, sent: Sentence) -> tuple[int, int, object] | None:
    """The longest printed figure around text[start:end] that parse_figure reads, as (start, end, Figure)."""
    left_opts = [start]
    edge = start
    for _ in range(2):  # up to two stacked hedges: "over an estimated", "est. ≥"
        before = text[sent.start:edge]
        for hedge in HEDGES:
            sign = not hedge[0].isalnum()
            m = re.search((re.escape(hedge) + r"\s*$") if sign else
                          (rf"(?:\b|(?<=[a-z])(?=[A-Z])){re.escape(hedge)}\s+$"), before, re.I)
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


def _unit(after: str, kind: str, singular: bool = False) -> str:
    """The unit named by the first words after a figure ("Uyghurs" -> people); with ``singular``
    the singular also counts ("one court document")."""
    if kind in ("percent", "times", "years"):
        return kind
    for word in re.findall(r"[A-Za-z-]+", after)[:4]:
        word = word.lower()
        for unit, words in UNIT_WORDS.items():
            if word in words or (singular and word + "s" in words):
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


def attribution(sentence: str, publisher: str) -> tuple[str, str, str]:
    """(attribution, claimant, why) from the cues of one sentence."""
    for kind, pattern in CUES:
        for m in pattern.finditer(sentence):
            who = m.group("who").strip(" ,.")
            first = who.split()[0] if who else ""
            if who and first not in NOT_A_NAME and not who.isupper() or (who.isupper() and len(who) > 1 and first not in NOT_A_NAME):
                return kind, who, f"attributed: “{m.group().strip()}”"
    if DOCUMENT.search(sentence):
        return "document", publisher, f"read from a document: “{DOCUMENT.search(sentence).group()}”"
    m = UNNAMED.search(sentence)
    if m and re.search(rf"\b(?:{SAY})\b", sentence):
        return "unnamed", m.group("who"), f"attributed to unnamed people: “{m.group()}”"
    return "own_voice", publisher, "no attribution in the sentence: the publisher's own voice"


def _type_of(name: str) -> str:
    """The claimant type a name's words suggest ("Human Rights Watch" -> NGO), or ""."""
    low = name.lower()
    return next((ctype for ctype, cue in CLAIMANT_TYPES if re.search(cue, low)), "")


def claimant_type(claimant: str, kind: str, publisher_type: str) -> str:
    if kind == "unnamed":
        return "unnamed rights groups or experts"
    if kind in ("own_voice", "document") and publisher_type:
        return publisher_type
    found = _type_of(claimant)
    if found:
        return found
    return "researcher" if kind == "named" and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z.]+)+", claimant) else ""


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
    spans = [sp for name, rows in existing.items() for sp in covered_spans(text, rows, source_id)]
    todo = uncovered_mentions(text, spans)
    sents = sentences(text)
    sent_at = _sentence_index(sents)
    publisher = source.get("publisher", "")
    ptype = _type_of(source.get("publisher", "") + " " + source.get("document_type", ""))
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
                                   "quote": text[q_start:q_end], "event": _squeeze(text[q_start:q_end], 200),
                                   "event_type": etype, "date": value, "date_end": "", "date_precision": precision,
                                   "date_basis": basis, "date_clue": clue, "notes": "",
                                   "confidence": confidence, "why": f"a date as printed ({text[d_start:d_end]}); "
                                   "check what it dates and the event type"})
            done_until = d_end
            continue
        # 3. figures
        found = _figure_at(text, a, b, sent)
        lone_one = (found is not None and mention.text.lower() == "one" and found[1] - found[0] <= 3
                    and not _unit(" ".join(re.findall(r"[A-Za-z-]+", text[b:b + 40])[:3]), "count", singular=True))
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
            kind, who, why_who = attribution(sentence, publisher)
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
            per_measure[measure or "unclassified"] = per_measure.get(measure or "unclassified", 0) + 1
            rows["claims"].append({
                "claim_id": f"{source_id}-{measure or 'unclassified'}-{per_measure[measure or 'unclassified']}",
                "source_id": source_id, "quote": quote, "figure": printed, "measure": measure,
                "subject": _subject(sentence, measure), "component": "",
                "value_low": _fmt(fig.low), "value_high": _fmt(fig.high), "qualifier": fig.qualifier, "unit": unit,
                "claimant": who, "claimant_type": claimant_type(who, kind, ptype), "attribution": kind,
                "reported_via": "", "scope": _squeeze(text[f_end:q_end].strip(" ,.;:")
                                                       or text[q_start:f_start].strip(" ,.;:"), 120),
                "counted": counted_for.get(measure, ""), "period_start": "", "period_end": "", "claim_date": "",
                "position": "headline" if f_start < first_line_end and first_line_end < 200 else "body",
                "notes": "", "confidence": "low" if review else ("high" if kind != "own_voice" else "medium"),
                "why": f"figure read by the project's parser: {fig.qualifier}; {why_who}"
                       + (f"; review: no {', no '.join(review)} from the vocabulary fits" if review else "")
                       + ("; counted: what accepted claims of this measure count most often, from data/counted.csv: "
                          "check it against the words" if counted_for.get(measure) else
                          "; counted: choose what the figure counts from data/counted.csv, or add a row there"),
            })
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
    return prev in ".,;:”\")" or (prev.isalpha() and prev.islower())


LABEL_BEFORE = re.compile(r"(?:\b(?:[Nn]o|Section|Sec|sec|Article|Art|Priority|Chapter|Part|Title|Law|Rule|"
                          r"Resolution|H\.R|S|Convention|Phase|Level|Volume|Vol|Page|pp?|Paragraph|Act of|Order)"
                          r"\.?\s*|\b[A-Z][a-z]+ )$")


def _label_number(text: str, a: int, b: int) -> str:
    """The reason a number names or numbers something rather than counting it, or ""."""
    line_start = text.rfind("\n", 0, a) + 1
    nxt = text[b:b + 1]
    if re.fullmatch(r"\s*\(?", text[line_start:a]) and nxt in (")", "."):
        return "list or section number"
    if text[a:b].isdigit() and LABEL_BEFORE.search(text[max(0, a - 14):a]):
        before = text[max(0, a - 14):a]
        capital_word = re.search(r"\b([A-Z][a-z]+) $", before)
        # "Xinjiang 2019"? only a capitalised word glued to a number that no noun follows
        if capital_word and not re.search(r"(?:Act of|Convention|Priority|Section|Article|Chapter|Resolution|Law|Secret) $",
                                          before):
            if re.match(r"\s+[a-z]", text[b:b + 3]) or capital_word.group(1) in MONTHS:
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
    if BARE_YEAR.fullmatch(text[a:b]) and not _unit(re.split(r"[\n.;,(\[]", text[b:b + 30])[0], "count"):
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
