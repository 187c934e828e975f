"""``load(name)``: the only way chapters read data. Errors name the file, the column and the row.

The built data set (data/built/) is whole or not at all: ``materials-book data build`` writes every dataset and a
``manifest.json`` into a new folder and switches it in one step. The manifest lists each dataset with the SHA-256 of
its Parquet and metadata files, and the SHA-256 of the source files it was built from. ``names()`` reads the
manifest (a dataset whose file is missing is named, never dropped). Whether the set is whole and follows from today's
sources is pipeline.manifest's to check (before any page is generated): kernels never import the pipeline.
"""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import paths, schemas
from .errors import DataError

REBUILD = "rebuild it with `materials-book data build` (or `make data`)"


MANIFEST = "manifest.json"


def manifest() -> dict:
    """The manifest of the built set: {"datasets": {name: {"parquet": sha256, "meta": sha256}}, "inputs": {source
    file: sha256}}. DataError when it is missing or unreadable."""
    path = paths.DATA / MANIFEST
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{paths.shown(path)}: manifest of the built data missing; {REBUILD}") from None
    except (OSError, ValueError) as exc:
        raise DataError(f"{paths.shown(path)}: cannot read the manifest of the built data ({exc}); {REBUILD}") from None
    if (
        not isinstance(found, dict)
        or not isinstance(found.get("datasets"), dict)
        or not isinstance(found.get("inputs"), dict)
    ):
        raise DataError(f"{paths.shown(path)}: not a manifest (needs datasets and inputs); {REBUILD}")
    return found


def names() -> list[str]:
    """Names of the built datasets, from the manifest: a dataset whose files are missing is still named (loading
    it fails with a message), never silently left out."""
    return sorted(manifest()["datasets"])


def meta(name: str) -> dict:
    """Metadata of a dataset (title, description, processing, sources, columns)."""
    path = paths.metadata(name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{paths.shown(path)}: metadata file missing; {REBUILD}") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{paths.shown(path)}: corrupt metadata ({exc}); {REBUILD}") from None


def _schema_failures(name: str, df: pd.DataFrame) -> str:
    """What in ``df`` breaks the schema of dataset ``name`` (file, column, row), or "". Imports pandera: run only when
    a file differs from the one the build checked."""
    m = meta(name)
    if m["kind"] == "facts":
        schema = schemas.facts_schema()
    elif m["kind"] == "table":
        schema = schemas.table_schema(m["columns"], m.get("int_columns", []), m.get("list_columns", []))
    else:
        return ""
    return schemas.validation_failures(schema, df) or ""


@paths.cached
def _load(name: str, mtime_ns: int) -> pd.DataFrame:
    """The dataset as the build wrote and checked it: its bytes must have the SHA-256 the manifest records (cheaper
    than checking the schema again, and it catches any change). A file that differs is checked against its schema,
    so the error names the column and row, or else says the file changed since the build."""
    path = paths.parquet(name)
    raw = path.read_bytes()
    try:
        df = pq.read_table(pa.BufferReader(raw)).to_pandas()
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise DataError(f"{paths.shown(path)}: cannot read Parquet ({type(exc).__name__}: {exc}); {REBUILD}") from None
    recorded = manifest()["datasets"].get(name, {}).get("parquet")
    if hashlib.sha256(raw).hexdigest() != recorded:
        if failures := _schema_failures(name, df):
            raise DataError(f"{paths.shown(path)} breaks its schema; {REBUILD}\n{failures}")
        raise DataError(
            f"{paths.shown(path)} changed since it was built and checked (its SHA-256 is not the manifest's); {REBUILD}"
        )
    return df


_LOADED: set[str] = set()


def load(name: str, /, **where) -> pd.DataFrame:
    """The validated dataset ``name`` (a copy: callers may change it freely); with ``where``, only the rows whose
    column equals each value given (any of them, for a tuple)."""
    path = paths.parquet(name)
    if not path.exists():
        try:
            known = ", ".join(names()) or "none"
        except DataError:
            known = "none (no manifest)"
        raise DataError(f"{paths.shown(path)}: dataset {name!r} not found (built datasets: {known}); {REBUILD}")
    _LOADED.add(name)
    df = _load(name, path.stat().st_mtime_ns)
    for column, value in where.items():
        df = df[df[column].isin(value) if isinstance(value, tuple) else df[column] == value]
    return df.copy()


def all_facts() -> pd.DataFrame:
    """Every numeric row of every facts dataset, with the dataset name in a column ``dataset``."""
    frames = [load(n).assign(dataset=n) for n in names() if meta(n)["kind"] == "facts"]
    return pd.concat(frames, ignore_index=True)


class Provenance:
    """Displayed in a chapter's last (hidden) cell: the datasets the chapter read, each with a content hash."""

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        sets = {n: hashlib.sha256(paths.parquet(n).read_bytes()).hexdigest()[:16] for n in sorted(_LOADED)}
        return {"application/json": {"datasets": sets}, "text/plain": ", ".join(sets)}


def provenance() -> Provenance:
    return Provenance()


def documents() -> dict:
    """Document id -> title, title_en, authors, publication, date, file, sha256, from the metadata of the built
    datasets (the same facts as data/sources/documents.yaml, without reading the sources)."""
    found: dict[str, dict] = {}
    for name in names():
        for src in meta(name)["sources"]:
            found.setdefault(src["id"], {k: v for k, v in src.items() if k != "sections"})
    return found
