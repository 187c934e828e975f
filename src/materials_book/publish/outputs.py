"""Incremental outputs: ``materials-book outputs`` re-executes a chapter edition only when one of its inputs changed.

Each committed notebook keeps, in its metadata beside its parameters (``materials_book.inputs``), a hash of every
input its outputs follow from:

- ``notebook``: the source cells of the chapter notebook (type, source, metadata; not outputs, cell ids, nor the
  ``remove-cell`` tags each edition flips), so both editions follow from the same source;
- ``lang``: the edition. The other parameters are the defaults declared in the parameters cell, part of ``notebook``;
- ``modules``: every module of materials_book the notebook imports, transitively, read from its import statements
  (at module level and inside functions), with the package ``__init__`` files Python runs on the way and the texts
  a module keeps beside it (``<module>.texts.yaml``). The execution machinery (publish/notebooks.py, outputs.py,
  pool.py, sweep.py) is left out: what it writes is covered by ``version``;
- ``datasets``: the Parquet file and metadata of each dataset the chapter read, as its last cell lists them
  (``data.provenance()``; every dataset when a chapter has no such cell). ``catalogue``: the names of all datasets
  and the documents their metadata cite (captions name documents through ``data.documents()``);
- ``requirements``: the pins of requirements.txt (the pinned environment: its requirement lines, without comments,
  blank lines or their order, so pip-compile's "# via" notes re-execute nothing); ``python``: the Python version;
- ``version``: ``VERSION``, raised whenever what ``notebooks.strip`` writes changes.

Deciding reads and hashes files: no kernel, no papermill, no pandas. With nothing changed the command ends in a
fraction of a second. Hashes are of contents (never of times), so the record is deterministic, and an execution
writes the same bytes whether it ran alone or beside others in the pool.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import platform
import re
import sys
from collections.abc import Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import lock, paths
from ..labels import LANGS
from . import notebooks, params, pool

VERSION = 1
PACKAGE = "materials_book"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
MACHINERY = frozenset({f"{PACKAGE}.publish.{m}" for m in ("notebooks", "outputs", "pool", "sweep")})
LABELS = {"modules": "module", "datasets": "dataset"}


def requirements() -> Path:
    return paths.ROOT / "requirements.txt"


def pins(text: str) -> list[str]:
    """The requirement lines of a requirements file, each without its comment, whitespace collapsed, sorted."""
    found = (re.sub(r"(^|\s)#.*", "", line) for line in text.splitlines())  # pip's comments: # at a line's start or
    return sorted({" ".join(line.split()) for line in found if line.strip()})  # after whitespace (not in a URL)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _file_digest(path: Path, content=Path.read_bytes) -> str:
    """The digest of ``content(path)`` (the file's bytes by default), or "missing"."""
    try:
        return digest(content(path))
    except FileNotFoundError:
        return "missing"


def _pins_bytes(path: Path) -> bytes:
    return "\n".join(pins(path.read_text(encoding="utf-8"))).encode("utf-8")


# ---- the notebook -----------------------------------------------------------------------------------------------


def _source(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def source_digest(nb: dict) -> str:
    """Hash of the source cells of a chapter notebook, the same before and after ``notebooks.strip``."""
    cells = []
    for cell in nb["cells"]:
        meta = {k: v for k, v in cell.get("metadata", {}).items() if k not in ("execution", "papermill")}
        tags = meta.get("tags", [])
        if "injected-parameters" in tags:
            continue
        if {"lang-zh", "lang-en"} & set(tags):
            tags = [t for t in tags if t != "remove-cell"]
        meta["tags"] = sorted(tags)
        cells.append([cell["cell_type"], _source(cell), meta])
    return digest(json.dumps(cells, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def code(nb: dict) -> str:
    """The Python of the notebook's code cells (IPython magics and shell lines dropped)."""
    lines = [line for cell in nb["cells"] if cell["cell_type"] == "code" for line in _source(cell).splitlines()]
    return "\n".join(line for line in lines if not line.lstrip().startswith(("%", "!")))


# ---- the modules it imports ---------------------------------------------------------------------------------------


def module_file(name: str) -> Path | None:
    base = PACKAGE_DIR.joinpath(*name.split(".")[1:])
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


_IMPORT = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import\s+([\w\s,()]+)|import\s+([\w.,\s]+))", re.M)


def _parse(text: str) -> ast.Module:
    try:
        return ast.parse(text)
    except SyntaxError:  # not plain Python: keep its import lines, one by one
        kept = []
        for line in text.splitlines():
            with contextlib.suppress(SyntaxError):
                kept += ast.parse(line.strip()).body if _IMPORT.match(line) else []
        return ast.Module(body=kept, type_ignores=[])


def _statements(nodes: list) -> Iterator[ast.stmt]:
    """Every statement, also inside functions, classes and blocks (imports are statements: expressions are skipped)."""
    for node in nodes:
        yield node
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            yield from _statements(getattr(node, field, None) or [])


@lru_cache(maxsize=256)
def imports(text: str, module: str = "__main__", package: bool = False) -> frozenset[str]:
    """The materials_book modules (and module candidates) imported anywhere in ``text``, the source of ``module``."""
    found: set[str] = set()
    for node in _statements(_parse(text).body):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module if package else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)  # names that are not modules are dropped later
    return frozenset(n for n in found if n == PACKAGE or n.startswith(PACKAGE + "."))


def modules(text: str) -> dict[str, str]:
    """Path (from src/) -> hash of every materials_book module that the code ``text`` imports, transitively."""
    todo, seen = sorted(imports(text)), {}
    while todo:
        name = todo.pop()
        if name in seen or name in MACHINERY:
            continue
        seen[name] = path = module_file(name)
        if path is None:
            continue
        if "." in name:
            todo.append(name.rpartition(".")[0])  # Python runs the package's __init__ first
        todo += sorted(imports(path.read_text(encoding="utf-8"), name, path.name == "__init__.py"))
    files = [p for p in seen.values() if p is not None]
    files = sorted(files + [t for p in files if (t := p.with_suffix(".texts.yaml")).is_file()])
    return {p.relative_to(PACKAGE_DIR.parent).as_posix(): _file_digest(p) for p in files}


# ---- the data it reads --------------------------------------------------------------------------------------------


def dataset_names() -> list[str]:
    """Names of the built datasets (wherever paths.parquet puts them)."""
    return sorted(p.name.removesuffix(".parquet") for p in paths.parquet("_").parent.glob("*.parquet"))


def dataset_digest(name: str) -> str:
    return digest((_file_digest(paths.parquet(name)) + _file_digest(paths.metadata(name))).encode())


def catalogue() -> str:
    """Hash of the datasets' names and of the documents their metadata cite (minus the sections each uses)."""
    items = []
    for name in dataset_names():
        try:
            cited = [
                {k: v for k, v in s.items() if k != "sections"}
                for s in json.loads(paths.metadata(name).read_bytes())["sources"]
            ]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            cited = None
        items.append([name, cited])
    return digest(json.dumps(items, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def provenance(nb: dict) -> list[str] | None:
    """The datasets an executed notebook says it read (its ``data.provenance()`` output), or None. Only names of
    the catalogue are kept: a name is hashed as a file of data/built/, and a notebook's output must not choose it."""
    for cell in reversed(nb["cells"]):
        for out in cell.get("outputs", []):
            sets = out.get("data", {}).get("application/json", {})
            if isinstance(sets, dict) and isinstance(sets.get("datasets"), dict):
                return sorted(set(sets["datasets"]) & set(dataset_names()))
    return None


# ---- the record ---------------------------------------------------------------------------------------------------


def inputs(chapter_nb: dict, lang: str, datasets: list[str] | None) -> dict:
    """The record of inputs of one edition of a chapter (``chapter_nb``: its source notebook as JSON)."""
    names = dataset_names() if datasets is None else datasets
    return {
        "version": VERSION,
        "notebook": source_digest(chapter_nb),
        "lang": lang,
        "modules": modules(code(chapter_nb)),
        "datasets": {n: dataset_digest(n) for n in names},
        "catalogue": catalogue(),
        "requirements": _file_digest(requirements(), _pins_bytes),
        "python": platform.python_version(),
    }


def changes(recorded: dict | None, current: dict) -> list[str]:
    """What differs between a recorded and a current record, as short phrases ("dataset minerals_demand")."""
    if not recorded:
        return ["no record of inputs"]
    found = []
    for key in current.keys() | recorded.keys():
        before, now = recorded.get(key), current.get(key)
        if before == now:
            continue
        if isinstance(before, dict) and isinstance(now, dict):
            found += [
                f"{LABELS.get(key, key)} {k}" for k in sorted(before.keys() | now.keys()) if before.get(k) != now.get(k)
            ]
        else:
            found.append(key)
    return sorted(found)


def read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@dataclass(frozen=True)
class Edition:
    chapter: Path  # the source notebook, chapters/NN_name.ipynb
    lang: str

    @property
    def dest(self) -> Path:
        return notebooks.edition_path(self.chapter, self.lang)

    def __str__(self) -> str:
        return f"{self.chapter.stem} [{self.lang}]"


def editions() -> list[Edition]:
    return [Edition(nb, lang) for nb in notebooks.chapters() for lang in LANGS]


def stale(edition: Edition, chapter_nb: dict | None = None) -> list[str]:
    """Why ``edition`` must be re-executed (empty: its committed outputs follow from today's inputs)."""
    chapter_nb = chapter_nb if chapter_nb is not None else read(edition.chapter)
    if chapter_nb is None:
        return ["the chapter notebook cannot be read"]
    done = read(edition.dest) if edition.dest != edition.chapter else chapter_nb
    if done is None:
        return ["not executed yet"]
    recorded = done.get("metadata", {}).get("materials_book", {}).get("inputs")
    names = recorded.get("datasets") if isinstance(recorded, dict) else None
    now = inputs(chapter_nb, edition.lang, sorted(names) if isinstance(names, dict) else None)
    edited = []  # an edition's cells are those of the chapter it was executed from, as its record says
    if done is not chapter_nb and isinstance(recorded, dict) and source_digest(done) != recorded.get("notebook"):
        edited = [
            f"its cells differ from {edition.chapter.name}'s: edited by hand? (an edition's text lives in the "
            f"lang-{edition.lang} cells of chapters/{edition.chapter.name}; the next execution replaces it)"
        ]
    return edited + changes(recorded, now)


def plan(force: bool = False) -> list[tuple[Edition, list[str]]]:
    """The editions to execute, each with why, in book order."""
    todo, sources = [], {}
    for e in editions():
        if e.chapter not in sources:
            sources[e.chapter] = read(e.chapter)
        why = ["--all"] if force else stale(e, sources[e.chapter])
        if why:
            todo.append((e, why))
    return todo


# ---- execution ----------------------------------------------------------------------------------------------------


def execute(edition: Edition, dest: Path | None = None) -> None:
    """Execute one edition with its default parameters into ``dest`` (default: its committed notebook), recording
    the inputs it started from and the datasets it read."""

    chapter_nb = read(edition.chapter)
    if chapter_nb is None:
        raise FileNotFoundError(f"{edition.chapter}: cannot read the chapter notebook")
    before = inputs(chapter_nb, edition.lang, None)  # hashed before the run: a change during it is seen next time

    def record(nb: dict) -> dict:
        names = provenance(nb)
        return before | (
            {"datasets": {n: before["datasets"].get(n) or dataset_digest(n) for n in names}}
            if names is not None
            else {}
        )

    notebooks.execute(
        edition.chapter,
        dest or edition.dest,
        params.check(edition.chapter.stem, lang=edition.lang),
        inject=edition.lang != "zh",
        inputs=record,
    )


def _execute(edition: Edition, dest: Path | None = None) -> str | None:
    """``execute`` in a worker process: None, or the error as text with the failing cell's code."""
    try:
        execute(edition, dest)
    except Exception as exc:  # noqa: BLE001  reported with the edition, the other executions go on
        return notebooks.error_text(exc, source=True)
    return None


def main(force: bool = False, progress: bool = True, executor: Executor | None = None, jobs: int | None = None) -> int:
    """``materials-book outputs``: execute the stale editions (all with ``force``), ``jobs`` at a time (default: one
    per core); 1 when one failed. Holds the build lock: a data build cannot switch the set under a run."""
    with lock.one_build("outputs"):
        return _refresh(force, progress, executor, jobs)


def _refresh(force: bool, progress: bool, executor: Executor | None, jobs: int | None) -> int:
    todo = plan(force)
    total = len(editions())
    if not todo:
        print(f"outputs up to date: {total} notebooks follow from their inputs (--all re-executes them)")
        return 0
    for e, why in todo:
        more = f" and {len(why) - 3} more" if len(why) > 3 else ""
        print(f"{e}: {', '.join(why[:3])}{more}", file=sys.stderr)
    results = pool.run_all(
        [(e,) for e, _ in todo], executor, desc="outputs", progress=progress, fn=_execute, max_workers=jobs
    )
    failed = {e: err for (e, _), err in zip(todo, results) if err}
    for e, err in failed.items():
        print(f"{e}: nothing written; {err}", file=sys.stderr)
    print(
        f"executed {len(todo) - len(failed)} of {total} notebooks"
        + (f", {len(failed)} failed" if failed else f", {total - len(todo)} up to date")
    )
    return 1 if failed else 0


if __name__ == "__main__":  # make outputs
    sys.exit(main())
