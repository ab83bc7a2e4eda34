"""A new source, end to end: archive it, draft its rows (claimtrace.draft), accept the reviewed draft.

    python -m claimtrace add-source PATH --id ID [--title T] [--publisher P] [--published DATE] [--url U]
    python -m claimtrace draft ID [--out DIR]          (default DIR: data/drafts/ID/)
    python -m claimtrace accept ID [--from DIR]

``add-source`` archives PATH byte for byte under data/sources/ and adds its row to sources.csv with
its checksum. A ``.txt`` file is the text that quotes are checked against. An ``.html`` page is
archived as it is (``data/sources/ID.html``, ``html_sha256``) and its main text extracted by
trafilatura into ``data/sources/ID.txt``; the extraction is reproducible from the archived page
(`extract_text`; tests/test_intake.py re-extracts every archived page). Title, publisher and date
come from the options (basis "given": the analyst's word), else from the page's metadata
(trafilatura and htmldate; basis "page metadata", with what was read as the clue; a date only at
the precision the markup states it, never guessed from the body text), else they are left empty,
and ``make validate`` says what is missing. ``published_earliest`` and ``published_latest`` are the
first and last day the date stands for. It refuses, in one line and writing nothing: an id in use,
a document archived already (same checksum), an empty, binary or non-UTF-8 file, a page with no
extractable text, a --published that is not a date (2019-13, 2019-02-30), a --url that is not
http(s).

``accept`` moves the reviewed draft rows into claims.csv, events.csv and non_claims.csv, only if
the whole package then validates; otherwise it lists every problem, by draft file, row and
column, and writes nothing.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .files import write_atomic
from .package import DATA_DIR, read_descriptor, read_package
from .problems import DataError, Problem
from .validate import PARTIAL_DATE_FORM, date_problem, date_span

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
DRAFT_EXTRA = ("confidence", "why")  # the draft's columns beyond the table's
DRAFT_TABLES = ("claims", "events", "non_claims", "lineage")


class IntakeError(Exception):
    """Refused: one line saying what is wrong and what to do; nothing was written."""


# ---------------------------------------------------------------- reading and writing tables

def _field(descriptor: dict, table: str, name: str) -> dict:
    res = next(r for r in descriptor["resources"] if r["name"] == table)
    return next((f for f in res["schema"]["fields"] if f["name"] == name), {})


def table_fields(descriptor: dict, name: str) -> list[str]:
    res = next(r for r in descriptor["resources"] if r["name"] == name)
    return [f["name"] for f in res["schema"]["fields"]]


def read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV file's header and its rows as dicts (every value a string)."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = [dict(r) for r in reader]
        return list(reader.fieldnames or []), rows


def csv_bytes(fields: list[str], rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in fields})
    return buf.getvalue().encode("utf-8")


def append_rows(path: Path, rows: list[dict[str, str]]) -> bytes:
    """The bytes of the CSV file at ``path`` with ``rows`` appended, its own lines kept as they are."""
    raw = path.read_bytes()
    header = next(csv.reader(io.StringIO(raw.decode("utf-8"))))
    body = csv_bytes(header, rows).split(b"\n", 1)[1]
    return raw + (b"" if raw.endswith(b"\n") else b"\n") + body


# ---------------------------------------------------------------- add-source

def extract_text(html: str) -> str:
    """The main text of an HTML page, as trafilatura extracts it (deterministic), ending in a newline."""
    import trafilatura
    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=True,
                               include_links=False, include_images=False, deduplicate=False,
                               with_metadata=False)
    return (text or "").strip() + "\n" if (text or "").strip() else ""


def page_metadata(html: str) -> dict[str, str]:
    """Title, publisher (site name, else author) and date from a page's metadata, if any."""
    import trafilatura
    meta = trafilatura.extract_metadata(html, extensive=False)  # its date is not used: see below
    if meta is None:
        return {}
    out = {}
    if meta.title:
        out["title"] = meta.title.strip()
    if meta.sitename:
        out["publisher"], out["publisher_from"] = meta.sitename.strip(), "site name"
    elif meta.author:
        out["publisher"], out["publisher_from"] = meta.author.strip(), "author"
    # The date, as trafilatura reads it (htmldate, extensive search off), but from the page's markup
    # only: even without extensive search htmldate falls back on a date in the text, and it gives a
    # year or a month a day.
    markup = _serialize(_markup(html))
    found = trafilatura.extract_metadata(markup, default_url=meta.url, extensive=False).date or ""
    date = _stated_date(markup, found)
    if date:
        out["published"] = date
    return out


def _markup(html: str):
    """The page without its text: its head (meta tags, title, canonical address) and its body's
    elements and attributes (time elements, JSON-LD), never what the page says."""
    from lxml import html as lxml_html
    tree = lxml_html.document_fromstring(html)
    body = tree.find("body")
    for element in body.iterdescendants() if body is not None else ():
        if element.tag != "script":
            element.text = None
        element.tail = None
    if body is not None:
        body.text = None
    return tree


def _serialize(tree) -> str:
    from lxml import html as lxml_html
    return lxml_html.tostring(tree, encoding="unicode")


def _stated_date(markup: str, found: str) -> str:
    """The date htmldate ``found``, at the precision the page's ``markup`` states it: the day if the
    markup writes that day (2019-11-16 or 2019/11/16), else the month if it writes that month
    (htmldate gives "2019-11" a day: the day it is run on), else nothing."""
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", found):
        return ""
    for date in (found, found[:7]):
        if date in markup or date.replace("-", "/") in markup:
            return date
    return ""


def _precision(date: str) -> str:
    return {4: "year", 7: "month", 10: "day"}.get(len(date), "")


def _decode(raw: bytes, path: Path) -> str:
    if not raw.strip():
        raise IntakeError(f"{path}: the file is empty; there is nothing to archive")
    if b"\x00" in raw:
        raise IntakeError(f"{path}: a binary file (it holds NUL bytes); give a .txt or .html file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise IntakeError(f"{path}: not UTF-8 (byte {raw[err.start:err.start + 1]!r} at offset {err.start}); "
                          "save it as UTF-8 and try again") from None


def add_source(path: Path, source_id: str, title: str | None = None, publisher: str | None = None,
               published: str | None = None, url: str | None = None, data_dir: Path = DATA_DIR) -> list[Path]:
    """Archive ``path`` as source ``source_id`` and add its sources.csv row; return the files written."""
    path, data_dir = Path(path), Path(data_dir)
    if not ID_RE.match(source_id or ""):
        raise IntakeError(f"--id {source_id!r}: use lowercase letters, digits and _, starting with a letter")
    if path.suffix.lower() not in (".txt", ".html", ".htm"):
        raise IntakeError(f"{path}: add-source takes a .txt or .html file")
    if not path.is_file():
        raise IntakeError(f"{path}: no such file")
    if published is not None and date_problem(published):
        raise IntakeError(f"--published {published!r} {date_problem(published)}; give a real date as {PARTIAL_DATE_FORM}")
    descriptor = read_descriptor(data_dir)
    url_pattern = _field(descriptor, "sources", "url").get("constraints", {}).get("pattern")
    if url and url_pattern and not re.match(url_pattern, url):
        raise IntakeError(f"--url {url!r} is not an http:// or https:// address (sources.csv url must match {url_pattern})")
    sources_csv = data_dir / "sources.csv"
    _, sources = read_table(sources_csv)
    if any(s["source_id"] == source_id for s in sources):
        raise IntakeError(f"--id {source_id!r} is in use in {sources_csv}; choose another id")
    raw = path.read_bytes()
    text = _decode(raw, path)
    digest = hashlib.sha256(raw).hexdigest()
    for s in sources:
        if digest in (s.get("sha256"), s.get("html_sha256")):
            raise IntakeError(f"{path}: this document is archived already, as {s['source_id']!r}")
    is_html = path.suffix.lower() in (".html", ".htm")
    meta: dict[str, str] = {}
    if is_html:
        html = text
        text = extract_text(html)
        if not text.strip():
            raise IntakeError(f"{path}: no text could be extracted from this page; save its text as .txt instead")
        meta = page_metadata(html)
    text_bytes = text.encode("utf-8") if is_html else raw  # a text source is archived as it came
    how = f"the page's metadata, read by trafilatura {_trafilatura_version()}" if is_html else ""
    row = {f: "" for f in table_fields(descriptor, "sources")}
    row.update({"source_id": source_id, "original_filename": path.name,
                "path": f"data/sources/{source_id}.txt", "sha256": hashlib.sha256(text_bytes).hexdigest(),
                "document_type": "web page" if is_html else "document", "url": url or "",
                "language": "en", "notes": "Added with add-source; the language is assumed to be English: check it."})
    if is_html:
        row.update({"html_path": f"data/sources/{source_id}.html", "html_sha256": digest})
        if _html_lang(html):
            row.update(language=_html_lang(html), notes="Added with add-source; the language is the page's own (html lang).")
    if title or meta.get("title"):
        row["title"] = title or meta["title"]
    if publisher:
        row.update(publisher=publisher, publisher_basis="given", publisher_clue="given with --publisher by the analyst who added the source")
    elif meta.get("publisher"):
        row.update(publisher=meta["publisher"], publisher_basis="page metadata",
                   publisher_clue=f"{how}: {meta['publisher_from']} {meta['publisher']!r}")
    date = published or meta.get("published")
    if date:
        earliest, latest = date_span(date)
        row.update(published_date=date, published_date_precision=_precision(date),
                   published_earliest=earliest, published_latest=latest,
                   date_basis="given" if published else "page metadata",
                   date_clue="given with --published by the analyst who added the source" if published
                   else f"{how}: date {date!r}")
    elif is_html:
        row.update(date_clue=f"no publication date in the page's metadata ({how}, not its body text): "
                   "fill published_date, its precision and basis")
    written = []
    targets = [(data_dir / "sources" / f"{source_id}.txt", text_bytes)]
    if is_html:
        targets.append((data_dir / "sources" / f"{source_id}.html", raw))
    try:
        for target, data in targets:
            if target.exists():
                raise IntakeError(f"{target} exists already; remove it or choose another id")
            write_atomic(target, data)
            written.append(target)
        write_atomic(sources_csv, append_rows(sources_csv, [row]))
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise
    return [*written, sources_csv]


def left_empty(source_id: str, data_dir: Path = DATA_DIR) -> tuple[int, list[str]]:
    """(the source's row in sources.csv, counted as a spreadsheet does, the required columns it leaves
    empty): what the analyst must fill before validation, and so `make`, accepts the source."""
    descriptor = read_descriptor(data_dir)
    resource = next(r for r in descriptor["resources"] if r["name"] == "sources")
    required = [f["name"] for f in resource["schema"]["fields"] if f.get("constraints", {}).get("required")]
    _, rows = read_table(Path(data_dir) / "sources.csv")
    at, row = next((i, r) for i, r in enumerate(rows, start=2) if r["source_id"] == source_id)
    return at, [c for c in required if not row.get(c)]


def _trafilatura_version() -> str:
    import trafilatura
    return trafilatura.__version__


def _html_lang(html: str) -> str:
    match = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2})", html[:5000], re.I)
    return match.group(1).lower() if match else ""


# ---------------------------------------------------------------- accept

def accept(source_id: str, from_dir: Path | None = None, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Move the reviewed draft rows of ``source_id`` into the tables, if they bring no problem into the
    package and leave none in their source (another source added but not yet accepted does not stop it).
    The draft's folder, when it is the default ``data/drafts/ID/``, is removed once its rows are in.

    Returns the rows added per table. Raises DataError (every problem, by draft file, row and
    column) or IntakeError, having written nothing.
    """
    data_dir = Path(data_dir)
    default = data_dir / "drafts" / source_id
    trial = try_draft(source_id, from_dir, data_dir)
    if trial.problems:
        raise DataError(trial.problems)
    descriptor = read_descriptor(data_dir)
    for name in DRAFT_TABLES:
        res = next(r for r in descriptor["resources"] if r["name"] == name)
        write_atomic(data_dir / res["path"], trial.tables[name])
    if from_dir is None or Path(from_dir).resolve() == default.resolve():
        shutil.rmtree(default, ignore_errors=True)
        if default.parent.is_dir() and not any(default.parent.iterdir()):
            default.parent.rmdir()
    return {name: len(rows) for name, rows in trial.rows.items()}


@dataclass
class Trial:
    """What ``accept`` would do with a draft: the problems it would refuse it for (by draft file, row
    and column), else the tables it would write and the rows it would add."""

    problems: list[Problem]
    tables: dict[str, bytes]
    rows: dict[str, list[dict[str, str]]]


def try_draft(source_id: str, from_dir: Path | None = None, data_dir: Path = DATA_DIR) -> Trial:
    """Check the draft of ``source_id`` as ``accept`` does, writing nothing (the review notebook
    shows its problems). Raises IntakeError when there is no draft or its columns changed."""
    from .validate import awaiting_review, check

    data_dir = Path(data_dir)
    from_dir = Path(from_dir) if from_dir else data_dir / "drafts" / source_id
    descriptor = read_descriptor(data_dir)
    drafts: dict[str, list[dict[str, str]]] = {}
    problems: list[Problem] = []
    for name in DRAFT_TABLES:
        path = from_dir / f"{name}.csv"
        if not path.is_file():
            raise IntakeError(f"{path}: no draft here; run: python -m claimtrace draft {source_id}")
        header, rows = read_table(path)
        fields = table_fields(descriptor, name)
        if header != fields + list(DRAFT_EXTRA) and header != fields:
            raise IntakeError(f"{path}: the columns changed; expected {', '.join(fields + list(DRAFT_EXTRA))}")
        for i, r in enumerate(rows, start=2):
            if name == "lineage":  # a link belongs to the source of its claim
                if not r.get("claim_id", "").startswith(f"{source_id}-"):
                    problems.append(Problem(str(path), i, "claim_id", f"{r.get('claim_id')!r}: a draft of {source_id!r} "
                                            "may only link claims of that source"))
            elif r.get("source_id") != source_id:
                problems.append(Problem(str(path), i, "source_id", f"{r.get('source_id')!r}: a draft of {source_id!r} "
                                        "may only add rows of that source"))
        drafts[name] = rows
    if problems:
        return Trial(problems, {}, drafts)
    # the tables as they would be, checked in a scratch copy of the package
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "data"
        shutil.copytree(data_dir, scratch, ignore=shutil.ignore_patterns("drafts", "README.md"))
        new: dict[str, bytes] = {}
        counts: dict[str, int] = {}
        for name in DRAFT_TABLES:
            res = next(r for r in descriptor["resources"] if r["name"] == name)
            target = data_dir / res["path"]
            counts[name] = sum(1 for _ in csv.reader(io.StringIO(target.read_text(encoding="utf-8")))) - 1
            new[name] = append_rows(target, drafts[name])
            (scratch / res["path"]).write_bytes(new[name])
        try:
            merged = read_package(scratch)
            problems = check(merged)
            left = awaiting_review(merged).get(source_id)
        except DataError as err:
            problems, left = err.problems, None
        if left:  # a draft emptied of every row: the source would still wait
            problems.append(Problem(str(from_dir / "claims.csv"), None, None,
                                    f"the draft has no row: {left} numeric mentions of {source_id} would be accounted "
                                    f"for by none; run python -m claimtrace draft {source_id} again"))
    # refused: any problem the draft brings, and any problem left in its own source (a mention not
    # accounted for); problems the package had already are not this draft's
    try:
        before = {(p.file, p.row, p.column, p.message) for p in check(read_package(data_dir))}
    except DataError as err:
        before = {(p.file, p.row, p.column, p.message) for p in err.problems}
    own_text = f"sources/{source_id}.txt"
    problems = [p for p in problems
                if own_text in p.file or (p.file.replace(str(scratch), str(data_dir)), p.row, p.column, p.message) not in before]
    return Trial([_to_draft(p, descriptor, counts, from_dir, scratch, data_dir) for p in problems], new, drafts)


def _to_draft(p: Problem, descriptor: dict, counts: dict[str, int], from_dir: Path, scratch: Path,
              data_dir: Path) -> Problem:
    """A problem of the merged tables, told where the analyst can fix it: the draft's file and row
    (and the package's own paths, not the scratch copy's, in its words)."""
    file = p.file.replace(str(scratch), str(data_dir))
    message = p.message.replace(str(scratch), str(data_dir))
    for name in DRAFT_TABLES:
        res = next(r for r in descriptor["resources"] if r["name"] == name)
        if file.endswith(res["path"]) and p.row is not None and p.row > counts[name] + 1:
            return Problem(str(from_dir / f"{name}.csv"), p.row - counts[name], p.column, message)
    return Problem(file, p.row, p.column, message)
