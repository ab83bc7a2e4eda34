"""Command line: ``python -m claimtrace validate [DATA_DIR]``, ``dictionary``, and the three steps of
adding a source (claimtrace.intake): ``add-source``, ``draft``, ``accept``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimtrace")
    parser.add_argument("--debug", action="store_true", help="show a traceback on an unexpected error")
    sub = parser.add_subparsers(dest="command", required=True)
    p_val = sub.add_parser("validate", help="check the data package; exit 1 and list every problem if invalid")
    p_val.add_argument("data_dir", nargs="?", default="data", type=Path)
    p_val.add_argument("--accepted-digest", type=Path, metavar="FILE",
                       help="write the SHA-256 of what the notebooks read (the package less the sources awaiting "
                            "review) to FILE, only when it changed: make runs the notebooks when it does")
    p_dict = sub.add_parser("dictionary", help="write the data dictionary (Markdown) generated from the schema")
    p_dict.add_argument("data_dir", nargs="?", default="data", type=Path)
    p_dict.add_argument("--splice", type=Path, metavar="FILE",
                        help="rewrite the dictionary between its markers in FILE (default: print it)")
    p_add = sub.add_parser("add-source", help="archive a .txt or .html document and add its sources.csv row")
    p_add.add_argument("path", type=Path, metavar="PATH")
    p_add.add_argument("--id", required=True, dest="source_id", help="the new source's id (lowercase, digits, _)")
    p_add.add_argument("--title")
    p_add.add_argument("--publisher")
    p_add.add_argument("--published", help="YYYY, YYYY-MM or YYYY-MM-DD")
    p_add.add_argument("--url")
    p_add.add_argument("--data", type=Path, default=Path("data"), help=argparse.SUPPRESS)
    p_draft = sub.add_parser("draft", help="draft claims, events and non-claims for a source's numeric mentions")
    p_draft.add_argument("source_id", metavar="ID")
    p_draft.add_argument("--out", type=Path, default=None, help="default: data/drafts/ID/")
    p_draft.add_argument("--data", type=Path, default=Path("data"), help=argparse.SUPPRESS)
    p_acc = sub.add_parser("accept", help="move a reviewed draft into the tables, if everything then validates")
    p_acc.add_argument("source_id", metavar="ID")
    p_acc.add_argument("--from", dest="from_dir", type=Path, default=None, help="default: data/drafts/ID/")
    p_acc.add_argument("--data", type=Path, default=Path("data"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.command in ("add-source", "draft", "accept"):
        return _intake(args)

    if args.command == "validate":
        from .package import read_package
        from .problems import DataError
        from .validate import check
        try:
            pkg = read_package(args.data_dir)
            problems = check(pkg)
        except DataError as err:
            problems = err.problems
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem(s) in {args.data_dir}; nothing was written.", file=sys.stderr)
            return 1
        from .validate import awaiting_review
        counts = ", ".join(f"{len(rows)} {name}" for name, rows in pkg.rows.items())
        waiting = awaiting_review(pkg)
        print(f"{args.data_dir}: valid ({counts}); every quote found verbatim, every value read back, "
              "every numeric mention accounted for" + (" in every reviewed source." if waiting else "."))
        if args.accepted_digest:
            from .files import write_atomic
            from .validate import accepted_digest
            digest = (accepted_digest(pkg, waiting) + "\n").encode()
            path = args.accepted_digest
            if not path.is_file() or path.read_bytes() != digest:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(path, digest)
        for source_id, mentions in waiting.items():
            print(f"{args.data_dir}: source {source_id!r} awaits review: {mentions} numeric mention"
                  f"{'' if mentions == 1 else 's'} not yet accounted for; the notebooks and the report leave it "
                  f"out until: python -m claimtrace draft {source_id}, review, python -m claimtrace accept {source_id}")
        return 0
    if args.command == "dictionary":
        from .dictionary import render, splice
        from .package import read_descriptor
        descriptor = read_descriptor(args.data_dir)
        if not args.splice:
            sys.stdout.write(render(descriptor))
            return 0
        from .files import write_atomic
        try:
            document = args.splice.read_text(encoding="utf-8")
            write_atomic(args.splice, splice(document, descriptor).encode("utf-8"))
        except (OSError, ValueError) as err:
            print(f"{args.splice}: {err}", file=sys.stderr)
            return 1
        return 0
    return 2


def _intake(args) -> int:
    from .intake import IntakeError
    from .problems import DataError
    try:
        if args.command == "add-source":
            from .intake import add_source, left_empty
            written = add_source(args.path, args.source_id, args.title, args.publisher, args.published, args.url,
                                 data_dir=args.data)
            print(f"Archived {args.path} as {args.source_id!r}: " + ", ".join(map(str, written))
                  + f". Next: python -m claimtrace draft {args.source_id}")
            row, empty = left_empty(args.source_id, args.data)
            if empty:
                print(f"Not known from the file, still empty in {args.data / 'sources.csv'}, row {row}: "
                      f"{', '.join(empty)}. Fill them (the options --title, --publisher, --published give them "
                      "when a source is added); until then validation, and so make, stops at this row.")
        elif args.command == "draft":
            from .draft import draft
            counts = draft(args.source_id, args.out, data_dir=args.data)
            where = args.out or args.data / "drafts" / args.source_id
            if not counts["mentions"]:
                print(f"{args.source_id}: no numeric mention left to account for; the draft in {where} is empty.")
            else:
                print(f"Drafted in {where}: {counts['claims']} claims, {counts['events']} events, "
                      f"{counts['non_claims']} non-claims for {counts['mentions']} numeric mentions; "
                      f"{counts['review']} rows need review (confidence low). Review them, then: "
                      f"python -m claimtrace accept {args.source_id}")
        else:
            from .intake import accept
            added = accept(args.source_id, args.from_dir, data_dir=args.data)
            print(f"Accepted {args.source_id}: " + ", ".join(f"{n} {t}" for t, n in added.items())
                  + " added; the data package is valid. Next: make")
    except IntakeError as err:
        print(f"{args.command}: {err}", file=sys.stderr)
        return 2
    except DataError as err:
        print(err, file=sys.stderr)
        print(f"{len(err.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as err:  # never a traceback for a user, unless asked for
        if "--debug" in sys.argv[1:2]:
            raise
        from .problems import DataError
        if isinstance(err, DataError):
            print(err, file=sys.stderr)
            sys.exit(1)
        print(f"claimtrace: unexpected error: {type(err).__name__}: {err} "
              "(python -m claimtrace --debug ... shows a traceback)", file=sys.stderr)
        sys.exit(3)
