"""``load(name)``: the only way chapters read data. Errors name the file, the column and the row."""
from __future__ import annotations

import json
from functools import lru_cache

import pandas as pd
import pandera.pandas as pa
import pyarrow.parquet as pq

from . import paths
from .pipeline import schemas

REBUILD = "rebuild it with `materials-book data build` (or `make data`)"


class DataError(RuntimeError):
    """A dataset that is missing, unreadable or breaks its schema."""


def names() -> list[str]:
    """Names of the built datasets."""
    return sorted(p.stem for p in paths.DATA.glob("*.parquet"))


def meta(name: str) -> dict:
    """Metadata of a dataset (title, description, processing, sources, columns)."""
    path = paths.metadata(name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{_rel(path)}: metadata file missing; {REBUILD}") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{_rel(path)}: corrupt metadata ({exc}); {REBUILD}") from None


def _rel(path) -> str:
    try:
        return str(path.relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def _schema(name: str, m: dict) -> pa.DataFrameSchema | None:
    if m["kind"] == "facts":
        return schemas.facts_schema()
    if m["kind"] == "table":
        return schemas.table_schema(m["columns"], m.get("int_columns", []), m.get("list_columns", []))
    return None


def _describe(exc: pa.errors.SchemaErrors, df: pd.DataFrame, limit: int = 5) -> str:
    lines = []
    for case in exc.failure_cases.head(limit).itertuples(index=False):
        index = getattr(case, "index", None)
        row = ""
        if index is not None and not pd.isna(index) and "id" in df.columns and int(index) < len(df):
            row = f" row {int(index)} (id {df['id'].iloc[int(index)]!r})"
        column = case.column if isinstance(case.column, str) else "(table)"
        lines.append(f"  column {column!r}{row}: {case.check} failed (value {case.failure_case!r})")
    more = len(exc.failure_cases) - limit
    return "\n".join(lines + ([f"  … and {more} more"] if more > 0 else []))


@lru_cache(maxsize=None)
def _load(name: str, mtime_ns: int) -> pd.DataFrame:
    path = paths.parquet(name)
    try:
        df = pq.read_table(path).to_pandas()
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise DataError(f"{_rel(path)}: cannot read Parquet ({type(exc).__name__}: {exc}); {REBUILD}") from None
    schema = _schema(name, meta(name))
    if schema is not None:
        try:
            schema.validate(df, lazy=True)
        except pa.errors.SchemaErrors as exc:
            raise DataError(f"{_rel(path)} breaks its schema; {REBUILD}\n{_describe(exc, df)}") from None
    return df


_LOADED: set[str] = set()


def load(name: str) -> pd.DataFrame:
    """The validated dataset ``name`` (a copy: callers may change it freely)."""
    path = paths.parquet(name)
    if not path.exists():
        known = ", ".join(names()) or "none"
        raise DataError(f"{_rel(path)}: dataset {name!r} not found (built datasets: {known}); {REBUILD}")
    _LOADED.add(name)
    return _load(name, path.stat().st_mtime_ns).copy()


def all_facts() -> pd.DataFrame:
    """Every numeric row of every facts dataset, with the dataset name in a column ``dataset``."""
    frames = [load(n).assign(dataset=n) for n in names() if meta(n)["kind"] == "facts"]
    return pd.concat(frames, ignore_index=True)


class Provenance:
    """Displayed in a chapter's last (hidden) cell: the datasets the chapter read, each with a content hash."""

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        import hashlib

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
