"""The ``materials-book`` command."""
from __future__ import annotations

import argparse
import sys

from . import paths, sources


def _data_check(args) -> int:
    files = [paths.SOURCES / f for f in args.files] if args.files else sources.source_files()
    problems = []
    for path in files:
        problems += sources.check_file(path)
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(files)} source files, {len(problems)} problems")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="materials-book", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    data = sub.add_parser("data", help="check or build the datasets").add_subparsers(dest="action", required=True)
    check = data.add_parser("check", help="check source files against their documents")
    check.add_argument("files", nargs="*", help="file names under data/sources/ (default: all)")
    check.set_defaults(func=_data_check)
    args = parser.parse_args(argv)
    sys.exit(args.func(args))
