"""`make book`'s last step: a folder of the built site made to mirror what the build produced (changed files copied
atomically, nothing of an earlier build left), except what ``keep`` names (the PDFs `make pdf` writes later)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..files import atomic_write_bytes


def mirror(source: Path, dest: Path, keep: tuple[str, ...] = ()) -> tuple[int, int]:
    """Make ``dest`` hold exactly the files of ``source`` (besides the top-level entries named in ``keep``); returns
    (files written, files removed)."""
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    written = removed = 0
    for rel in sorted(wanted):
        data = (source / rel).read_bytes()
        target = dest / rel
        if not target.is_file() or target.read_bytes() != data:
            atomic_write_bytes(target, data)
            written += 1
    if dest.is_dir():
        for path in sorted(dest.rglob("*"), reverse=True):  # files before the folders that held them
            rel = path.relative_to(dest)
            if rel.parts[0] in keep:
                continue
            if path.is_file() and rel not in wanted:
                path.unlink()
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written, removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m materials_book.publish.mirror", description=__doc__.split(".")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--keep", action="append", default=[], help="a top-level entry of dest to leave alone")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        print(f"materials-book: {args.source} is not a folder (build the book first)", file=sys.stderr)
        return 2
    mirror(args.source, args.dest, tuple(args.keep))
    return 0


if __name__ == "__main__":
    sys.exit(main())
