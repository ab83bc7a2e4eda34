"""Command line: ``python -m claimtrace validate [DATA_DIR]``, ``python -m claimtrace dictionary``."""
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
    p_dict = sub.add_parser("dictionary", help="write the data dictionary (Markdown) generated from the schema")
    p_dict.add_argument("data_dir", nargs="?", default="data", type=Path)
    p_dict.add_argument("--splice", type=Path, metavar="FILE",
                        help="rewrite the dictionary between its markers in FILE (default: print it)")
    args = parser.parse_args(argv)

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
        counts = ", ".join(f"{len(rows)} {name}" for name, rows in pkg.rows.items())
        print(f"{args.data_dir}: valid ({counts}); every quote found verbatim, every value read back, "
              "every numeric mention accounted for.")
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
