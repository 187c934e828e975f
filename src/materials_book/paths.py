"""Every path the project uses, below one project root (never the cwd): this checkout, the folder named by
MATERIALS_BOOK_ROOT, or one made current with ``use()``; constants and ``cached`` readers follow the current root."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ENV = "MATERIALS_BOOK_ROOT"

# Module constants -> the project attribute each one is.
_CONSTANTS = {
    "ROOT": "root",
    "RAW": "raw",
    "SOURCES": "sources",
    "DATA": "data",
    "GLOSSARY": "glossary",
    "TAXONOMY": "taxonomy",
    "UNITS": "units",
    "DOCUMENTS_FILE": "documents_file",
    "DIFFERENCES": "differences",
    "COVERAGE_DIR": "coverage_dir",
    "CHAPTERS": "chapters",
    "EN": "en",
    "EN_CHAPTERS": "en_chapters",
    "STATIC": "static",
    "BUILD": "build",
    "HTML": "html",
    "RERUNS": "reruns",
    "CACHE": "cache",
    "DOWNLOADS": "downloads",
    "FONTS": "fonts",
    "BUNDLE": "bundle",
    "PREVIEWS": "previews",
}


class Project:
    """One book's folders and files. ``overrides`` replace single folders or files by attribute name (``data``,
    ``sources``, ``glossary``, ``en_chapters``, …); what lives in an overridden folder follows it (the glossary in
    ``sources``) unless it is given too."""

    def __init__(self, root: Path | str, **overrides: Path | str):
        self.root = r = Path(root).resolve()
        self.overrides = dict(overrides)
        folders = {
            "raw": r / "data" / "raw",
            "sources": r / "data" / "sources",
            # the built data set: <name>.parquet, <name>.meta.json and manifest.json, written whole by
            # `materials-book data build` (a new folder switched in one step); read through materials_book.data
            "data": r / "data" / "built",
            "chapters": r / "chapters",
            "en": r / "en",  # the English edition: its _config.yml and _toc.yml, chapters executed with lang=en
            "static": r / "_static",
            "build": r / "_build",
            "reruns": r / "reruns",
            "cache": r / ".cache",  # what a clean build may reuse, keyed by content (segmentations, bundle)
            "fonts": r / "fonts",
        }
        unknown = sorted(set(overrides) - set(_CONSTANTS.values()) - {"root"})
        if unknown:
            raise TypeError(f"no such folder or file of a project: {', '.join(unknown)}")
        folders.update({k: Path(v) for k, v in overrides.items() if k in folders})
        self.raw, self.sources, self.data, self.chapters, self.en = (
            folders[k] for k in ("raw", "sources", "data", "chapters", "en")
        )
        self.static, self.build, self.reruns, self.cache, self.fonts = (
            folders[k] for k in ("static", "build", "reruns", "cache", "fonts")
        )
        self.en_chapters = self.en / "chapters"
        self.html = self.build / "html"
        self.downloads = self.static / "downloads"
        self.glossary = self.sources / "glossary.yaml"  # bilingual names of every entity and indicator
        self.taxonomy = self.sources / "taxonomy.yaml"  # which entities each material profile gathers
        self.units = self.sources / "units.yaml"
        self.documents_file = self.sources / "documents.yaml"  # the five documents: file, SHA-256, title, authors
        self.differences = self.sources / "differences.yaml"  # differences between and within the documents
        self.coverage_dir = self.sources / "coverage"  # per document: its numbers that are not data, with a reason
        self.bundle = self.static / "vega-bundle.js"
        self.previews = self.reruns / "preview"
        for k, v in overrides.items():  # a file or folder named after another one, given on its own
            if k not in folders:
                setattr(self, k, Path(v))
        self.memo: dict[tuple, Any] = {}  # what the cached readers read, for this project only

    def __repr__(self) -> str:
        return f"Project({str(self.root)!r})"


def _default_root() -> Path:
    return Path(os.environ.get(ENV) or Path(__file__).resolve().parents[2])


_current = Project(_default_root())


def __getattr__(name: str) -> Path:
    if name in _CONSTANTS:
        return getattr(_current, _CONSTANTS[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def project() -> Project:
    """The current project."""
    return _current


@contextmanager
def use(root: Path | str | Project | None = None, **overrides: Path | str) -> Iterator[Project]:
    """Make a project current for the block: ``root`` (default: the current one's) with ``overrides`` of single
    folders; the previous project is current again afterwards, with its cached readers intact."""
    global _current
    previous = _current
    if isinstance(root, Project):
        _current = root
    else:
        _current = Project(root or previous.root, **((previous.overrides if root is None else {}) | overrides))
    try:
        yield _current
    finally:
        _current = previous


def cached(fn: Callable) -> Any:
    """``fn``'s results kept per project and arguments (a file reader read once per project, not once per process).
    ``fn.cache_clear()`` forgets the current project's."""

    def reader(*args):
        key = (fn.__module__, fn.__qualname__, args)
        memo = _current.memo
        if key not in memo:
            memo[key] = fn(*args)
        return memo[key]

    def cache_clear() -> None:
        for key in [k for k in _current.memo if k[:2] == (fn.__module__, fn.__qualname__)]:
            del _current.memo[key]

    wrapper: Any = functools.wraps(fn)(reader)
    wrapper.cache_clear = cache_clear
    return wrapper


def shown(path) -> str:
    """A path as messages show it: relative to the project root when inside it, else in full."""
    try:
        return str(Path(path).relative_to(_current.root))
    except ValueError:
        return str(path)


def raw_document(doc_id: str) -> Path:
    """Path of the raw source document whose file name starts with ``doc_id``."""
    matches = sorted(_current.raw.glob(f"{doc_id}_*.txt"))
    if len(matches) != 1:
        raise FileNotFoundError(f"no single raw document {doc_id}_*.txt in {_current.raw}")
    return matches[0]


def generated(lang: str) -> Path:
    """The folder of the pages generated at build time for the ``lang`` edition (git-ignored)."""
    return (_current.root if lang == "zh" else _current.en) / "generated"


def parquet(name: str) -> Path:
    return _current.data / f"{name}.parquet"


def metadata(name: str) -> Path:
    return _current.data / f"{name}.meta.json"
