"""materials-book: build the data, list chapter parameters, rerun chapters, refresh committed outputs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import lock, paths, signals, yamlfile
from .pipeline import sources

EXIT_USAGE = 2


def _data_check(args) -> int:
    """Raw documents first (a changed one stops here, naming the file and both hashes), then what lies in
    data/sources/, every YAML file and every source file; each problem on a line of its own."""
    from .checks import coverage, reconcile
    from .pipeline import build

    files = [paths.SOURCES / f for f in args.files] if args.files else sources.source_files()
    problems = build.input_problems()  # a changed raw document raises: main() prints it, status 1
    problems += sources.problems_of(reconcile.differences, coverage.listed)
    for path in files:
        try:
            problems += sources.check_file(path)
        except yamlfile.SourceError as exc:
            problems += str(exc).splitlines()
    for p in yamlfile.capped(problems):
        print(p, file=sys.stderr)
    print(f"{len(files)} source files, {len(problems)} problems")
    return 1 if problems else 0


def _data_build(args) -> int:
    from .pipeline import build

    try:
        with signals.terminable(), lock.one_build("data build"):
            names = build.build()
    except yamlfile.SourceError as exc:
        print(
            "data build failed, previous files left intact:",
            *yamlfile.capped(str(exc).splitlines()),
            sep="\n",
            file=sys.stderr,
        )
        return 1
    print(f"built {len(names)} datasets in data/built/: {', '.join(names)}")
    return 0


def _data_coverage(args) -> int:
    from .checks import coverage

    counts = coverage.report()  # a SourceError ends in main(), with its message and status 1
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
    from .publish import notebooks, params, reruns

    src = _chapter_path(args.chapter)
    if not src.is_file():
        chapters = ", ".join(p.name for p in notebooks.chapters())
        raise params.ParamError(f"chapter {args.chapter!r} not found; chapters: {chapters}")
    chapter = src.stem
    raw = {}
    for name, value in args.param or []:
        if name in raw:
            raise params.ParamError(f"parameter {name!r} given twice")
        raw[name] = value
    values = params.check(chapter, **raw)
    dest = Path(args.output).resolve() if args.output else paths.RERUNS / reruns.name(chapter, raw)
    reruns.check_destination(dest, output=bool(args.output), force=args.force)
    import papermill as pm

    with signals.terminable(), reruns.claim(dest, exclusive=bool(args.output) and not args.force, force=args.force):
        try:
            notebooks.execute(src, dest, values, inject=True, progress=not args.quiet)
        except pm.PapermillExecutionError as exc:
            print(
                f"{chapter}: cell {exc.exec_count} failed, nothing written:\n{exc.source}\n{exc.ename}: {exc.evalue}",
                file=sys.stderr,
            )
            return 1
    print(f"wrote {dest}")
    return 0


def _outputs(args) -> int:
    from .publish import outputs, params

    if args.jobs is not None and args.jobs < 1:
        raise params.ParamError(f"--jobs {args.jobs}: give 1 or more")
    return outputs.main(force=args.all, progress=not args.quiet, jobs=args.jobs)


def _sweep(args) -> int:
    from .publish import sweep

    return sweep.main(
        _chapter_path(args.chapter).stem,
        args.param or [],
        progress=not args.quiet,
        many=args.many,
        scheduler=args.scheduler,
    )


def _preview(args) -> int:
    from .publish import preview

    page = preview.write(Path(args.notebook).resolve())
    print(f"wrote {page} (open it in a browser; works offline)")
    return 0


def _site(args) -> int:
    from .publish import site

    with lock.one_build(f"site {args.part}"):
        return site.main(args.part)


def parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="materials-book", description=__doc__)
    chapter = _Parser(add_help=False)  # arguments shared by several commands
    chapter.add_argument("chapter", help="chapters/01_status.ipynb or 01_status")
    quiet = _Parser(add_help=False)
    quiet.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    sub = ap.add_subparsers(dest="command", required=True)
    data = sub.add_parser("data", help="check or build the datasets").add_subparsers(dest="action", required=True)
    check = data.add_parser("check", help="check source files against their documents")
    check.add_argument("files", nargs="*", help="file names under data/sources/ (default: all)")
    check.set_defaults(func=_data_check)
    data.add_parser("build", help="build the data set in data/built/ from data/sources/").set_defaults(func=_data_build)
    cov = data.add_parser(
        "coverage", help="list the numbers of the documents that are neither entered nor listed as not data"
    )
    cov.add_argument("docs", nargs="*", help="document ids (default: 000 002 003 004)")
    cov.set_defaults(func=_data_coverage)
    sub.add_parser("params", parents=[chapter], help="list a chapter's parameters").set_defaults(func=_params)
    r = sub.add_parser(
        "rerun", parents=[chapter, quiet], help="run a chapter with new parameters (output to reruns/ unless -o)"
    )
    r.add_argument(
        "-p",
        "--param",
        type=_param,
        action="append",
        metavar="NAME VALUE",
        help="a parameter: -p NAME VALUE or -p NAME=VALUE (repeatable)",
    )
    r.add_argument("-o", "--output", help="output notebook (existing files need --force)")
    r.add_argument(
        "--force", action="store_true", help="allow overwriting the committed chapter or an existing -o file"
    )
    r.set_defaults(func=_rerun)
    o = sub.add_parser(
        "outputs", parents=[quiet], help="re-execute, in parallel, the chapter editions whose inputs changed"
    )
    o.add_argument("--all", action="store_true", help="re-execute every chapter in both editions")
    o.add_argument("-j", "--jobs", type=int, help="executions at a time (default: one per core)")
    o.set_defaults(func=_outputs)
    w = sub.add_parser(
        "sweep",
        parents=[chapter, quiet],
        help="run a chapter for every combination of parameter "
        "values, in parallel, with a summary table of headline numbers (reruns/sweeps/<chapter>/)",
    )
    w.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUES"),
        help="comma-separated values; for a parameter whose value is a comma-separated subset, one subset "
        "per -p (repeat it)",
    )
    w.add_argument("--many", action="store_true", help="allow a sweep of more than 200 runs")
    w.add_argument(
        "--scheduler",
        metavar="local:N|tcp://HOST:PORT",
        help="run on dask.distributed (pip install '.[cluster]'): a local cluster of N worker processes, "
        "or a running cluster's scheduler (default: a process pool on this machine)",
    )
    w.set_defaults(func=_sweep)
    v = sub.add_parser("preview", help="render an executed rerun as an offline page under reruns/preview/")
    v.add_argument("notebook", help="an executed notebook, e.g. reruns/01_status.lang=en.ipynb")
    v.set_defaults(func=_preview)
    s = sub.add_parser("site", help="write the site's static assets (vega bundle, downloads, generated pages)")
    s.add_argument("part", nargs="?", default="all", choices=("bundle", "pages", "all"))
    s.set_defaults(func=_site)
    return ap


def _param_pairs(argv: list[str]) -> list[str]:
    """``rerun`` arguments with every ``-p NAME VALUE`` written ``-p NAME=VALUE``, so that a value beginning with
    a dash (``-p threshold -inf``) is read as a value, not as an option."""
    if not argv or argv[0] != "rerun":
        return argv
    out, i = [], 0
    while i < len(argv):
        token = argv[i]
        if token in ("-p", "--param") and i + 2 < len(argv) and "=" not in argv[i + 1]:
            out += [token, f"{argv[i + 1]}={argv[i + 2]}"]
            i += 3
        else:
            out.append(token)
            i += 1
    return out


def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"{text!r}: give NAME VALUE or NAME=VALUE")
    return name, value


class _Parser(argparse.ArgumentParser):
    """argparse with its errors on one line (and where to find the usage)."""

    def error(self, message):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    return " ".join(str(exc).split()) or type(exc).__name__


def main(argv: list[str] | None = None) -> None:
    """Run a command. Bad values, missing or unwritable files and other OS errors end with one line on stderr and
    exit status 2; problems in the data with their list and status 1."""
    from .errors import DataError
    from .files import UnsafeName
    from .publish.params import ParamError

    args = parser().parse_args(_param_pairs(list(sys.argv[1:] if argv is None else argv)))
    try:
        code = args.func(args)
    except (ParamError, UnsafeName, OSError) as exc:
        print(f"materials-book: error: {_one_line(exc)}", file=sys.stderr)
        code = EXIT_USAGE
    except (DataError, yamlfile.SourceError) as exc:
        lines = yamlfile.capped(str(exc).splitlines()) or [type(exc).__name__]
        print(f"materials-book: {lines[0]}", *lines[1:], sep="\n", file=sys.stderr)
        code = 1
    except KeyboardInterrupt:
        print("materials-book: interrupted", file=sys.stderr)
        code = 130
    sys.exit(code)
