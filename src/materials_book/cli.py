"""materials-book: build the data, list chapter parameters, rerun chapters, refresh committed outputs."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths
from .pipeline import sources

EXIT_USAGE = 2


def _data_check(args) -> int:
    """Raw documents first (a changed one stops here, naming the file and both hashes), then what lies in
    data/sources/, every YAML file and every source file; each problem on a line of its own."""
    from .checks import coverage, reconcile
    from .pipeline import build

    files = [paths.SOURCES / f for f in args.files] if args.files else sources.source_files()
    try:
        problems = build.input_problems()
    except sources.SourceError as exc:
        print(f"materials-book: {exc}", file=sys.stderr)
        return 1
    for load in (reconcile.differences, coverage.listed):
        try:
            load()
        except sources.SourceError as exc:
            problems += str(exc).splitlines()
    for path in files:
        try:
            problems += sources.check_file(path)
        except sources.SourceError as exc:
            problems += str(exc).splitlines()
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(files)} source files, {len(problems)} problems")
    return 1 if problems else 0


def _data_build(args) -> int:
    from .pipeline import build

    try:
        names = build.build()
    except sources.SourceError as exc:
        print(f"data build failed, previous files left intact:\n{exc}", file=sys.stderr)
        return 1
    print(f"built {len(names)} datasets in data/: {', '.join(names)}")
    return 0


def _data_coverage(args) -> int:
    from .checks import coverage

    try:
        counts = coverage.report()
    except sources.SourceError as exc:
        print(exc, file=sys.stderr)
        return 1
    gaps = [line for doc in (args.docs or coverage.COVERED_DOCUMENTS) for line in coverage.missing(doc)]
    for line in gaps:
        print(line)
    for doc, c in counts.items():
        print(f"{doc}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())), file=sys.stderr)
    return 1 if gaps else 0


def _chapter_path(arg: str) -> Path:
    path = Path(arg)
    if not path.suffix:
        path = paths.CHAPTERS / f"{arg}.ipynb"
    if not path.exists() and (paths.ROOT / arg).exists():
        path = paths.ROOT / arg
    return path.resolve()


def _params(args) -> int:
    from .publish import params

    print(params.describe(_chapter_path(args.chapter).stem))
    return 0


def _rerun(args) -> int:
    from .publish import notebooks, params

    src = _chapter_path(args.chapter)
    if not src.exists():
        raise params.ParamError(f"chapter {args.chapter!r} not found; chapters: {', '.join(p.name for p in notebooks.chapters())}")
    chapter = src.stem
    raw = {}
    for name, value in args.param or []:
        if name in raw:
            raise params.ParamError(f"parameter {name!r} given twice")
        raw[name] = value
    values = params.check(chapter, **raw)
    if args.output:
        dest = Path(args.output).resolve()
    else:
        slug = "-".join(f"{k}={v}" for k, v in sorted(raw.items())) or "defaults"
        dest = paths.RERUNS / f"{chapter}.{slug}.ipynb"
    committed = dest == src or dest in [c.resolve() for c in notebooks.chapters()]
    if committed and not args.force:
        raise params.ParamError(f"{dest} is a committed chapter; add --force to overwrite it")
    if args.output and dest.exists() and not args.force:
        raise params.ParamError(f"{dest} exists; add --force to overwrite it")
    dest.parent.mkdir(parents=True, exist_ok=True)
    import papermill as pm

    try:
        notebooks.execute(src, dest, values, inject=True, progress=not args.quiet)
    except pm.PapermillExecutionError as exc:
        print(f"{chapter}: cell {exc.exec_count} failed, nothing written:\n{exc.source}\n{exc.ename}: {exc.evalue}", file=sys.stderr)
        return 1
    print(f"wrote {dest}")
    return 0


def _outputs(args) -> int:
    from .publish import outputs

    return outputs.main(force=args.all, progress=not args.quiet)


def _preview(args) -> int:
    from .publish import preview

    page = preview.write(Path(args.notebook).resolve())
    print(f"wrote {page} (open it in a browser; works offline)")
    return 0


def _site(args) -> int:
    from .publish import site

    return site.main(args.part)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="materials-book", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    data = sub.add_parser("data", help="check or build the datasets").add_subparsers(dest="action", required=True)
    check = data.add_parser("check", help="check source files against their documents")
    check.add_argument("files", nargs="*", help="file names under data/sources/ (default: all)")
    check.set_defaults(func=_data_check)
    data.add_parser("build", help="build data/*.parquet from data/sources/").set_defaults(func=_data_build)
    cov = data.add_parser("coverage", help="list the numbers of the documents that are neither entered nor listed as not data")
    cov.add_argument("docs", nargs="*", help="document ids (default: 000 002 003 004)")
    cov.set_defaults(func=_data_coverage)
    p = sub.add_parser("params", help="list a chapter's parameters")
    p.add_argument("chapter", help="chapters/01_status.ipynb or 01_status")
    p.set_defaults(func=_params)
    r = sub.add_parser("rerun", help="run a chapter with new parameters (output to reruns/ unless -o)")
    r.add_argument("chapter")
    r.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"))
    r.add_argument("-o", "--output", help="output notebook (existing files need --force)")
    r.add_argument("--force", action="store_true", help="allow overwriting the committed chapter or an existing -o file")
    r.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    r.set_defaults(func=_rerun)
    o = sub.add_parser("outputs", help="re-execute, in parallel, the chapter editions whose inputs changed")
    o.add_argument("--all", action="store_true", help="re-execute every chapter in both editions")
    o.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    o.set_defaults(func=_outputs)
    v = sub.add_parser("preview", help="render an executed rerun as an offline page under reruns/preview/")
    v.add_argument("notebook", help="an executed notebook, e.g. reruns/01_status.lang=en.ipynb")
    v.set_defaults(func=_preview)
    s = sub.add_parser("site", help="write the site's static assets (vega bundle, downloads, generated pages)")
    s.add_argument("part", nargs="?", default="all", choices=("bundle", "pages", "all"))
    s.set_defaults(func=_site)
    return ap


def main(argv: list[str] | None = None) -> None:
    from .publish.params import ParamError

    args = parser().parse_args(argv)
    try:
        code = args.func(args)
    except ParamError as exc:
        print(f"materials-book: error: {exc}", file=sys.stderr)
        code = EXIT_USAGE
    sys.exit(code)
