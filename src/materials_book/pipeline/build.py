"""``materials-book data build``: turn data/sources/*.yaml into validated data/*.parquet plus metadata.

Everything is read and validated first; only then is each file written through a temporary file and
``os.replace``, so a failed build leaves the previous files intact.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pandera
import pyarrow as pa
import pyarrow.parquet as pq

from .. import paths
from ..files import atomic_write_bytes
from . import derive, documents, schemas, sources, values


def _facts_frame(doc: dict) -> pd.DataFrame:
    gl = sources.glossary()
    records = []
    for row in doc["rows"]:
        unit, _ = values.normalize_unit(row["unit_as_written"])
        rec = {c: row.get(c) for c in schemas.FACT_COLUMNS}
        rec.update(entity_zh=gl[row["entity"]]["zh"], entity_en=gl[row["entity"]]["en"],
                   indicator_zh=gl[row["indicator"]]["zh"], indicator_en=gl[row["indicator"]]["en"], unit=unit)
        records.append(rec)
    return schemas.facts_dataframe(records)


def _table_frame(doc: dict) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The rows of a table dataset with the columns its ``meta.fields`` declares, in that order: a bilingual field
    becomes ``<field>_zh`` and ``<field>_en``; int fields are Int64, refs fields lists of ids."""
    fields = sources.declared_fields(doc["meta"])
    columns = ["id"]
    for field, (kind, _) in fields.items():
        columns += [f"{field}_zh", f"{field}_en"] if kind == "bilingual" else [field]
    columns += ["source", "section", "quote"]
    int_cols = [f for f, (kind, _) in fields.items() if kind == "int"]
    list_cols = [f for f, (kind, _) in fields.items() if kind == "refs"]
    records = []
    for row in doc["rows"]:
        rec = {}
        for key, val in row.items():
            if key in fields and fields[key][0] == "bilingual":
                rec[f"{key}_zh"], rec[f"{key}_en"] = (val or {}).get("zh"), (val or {}).get("en")
            else:
                rec[key] = val
        records.append(rec)
    df = pd.DataFrame.from_records(records, columns=columns)
    for col in columns:
        if col in int_cols:
            df[col] = df[col].astype("Int64")
        elif col in list_cols:
            df[col] = df[col].map(lambda v: [str(x) for x in v] if isinstance(v, list) else [])
        else:
            df[col] = df[col].map(lambda v: None if v is None else str(v)).astype("str").where(df[col].notna(), None)
    return df, int_cols, list_cols


def _metadata(name: str, doc: dict, df: pd.DataFrame, extra: dict) -> dict:
    docs = documents.catalogue()
    cited = sorted(df["source"].dropna().unique())
    meta = {
        "name": name,
        "kind": doc["kind"],
        "title": doc["meta"]["title"],
        "description": doc["meta"]["description"],
        "processing": doc["meta"]["processing"],
        "row_count": int(len(df)),
        "built_from": f"data/sources/{name}.yaml",
        "sources": [
            {"id": d, "title": docs[d]["title"], "title_en": docs[d]["title_en"], "authors": docs[d]["authors"],
             "publication": docs[d]["publication"], "date": docs[d]["date"], "file": f"data/raw/{docs[d]['file']}",
             "sha256": docs[d]["sha256"],
             "sections": sorted(df.loc[df["source"] == d, "section"].dropna().unique().tolist())}
            for d in cited
        ],
    }
    if doc["kind"] == "facts":
        units = values.units()
        normalized = sorted(df["unit"].unique())
        meta["units"] = [{"unit": u, "zh": next(v["zh"] for v in units.values() if v["unit"] == u),
                          "en": next(v["en"] for v in units.values() if v["unit"] == u)} for u in normalized]
        meta["columns"] = schemas.FACT_COLUMNS
        meta["kinds"] = {k: int(n) for k, n in df["kind"].value_counts().sort_index().items()}
    else:
        meta["columns"] = list(df.columns)
        meta.update(extra)
    return meta


def input_problems() -> list[str]:
    """Everything the datasets are built from, checked before any row: the raw documents against their pinned
    SHA-256 (a mismatch raises RawDocumentError at once, naming the file and both hashes), then what lies in
    data/sources/, the document catalogue, the glossary and the unit table."""
    documents.verify_raw()
    problems = sources.unknown_files()
    for load in (documents.catalogue, sources.glossary, values.units):
        try:
            load()
        except sources.SourceError as exc:
            problems += str(exc).splitlines()
    return problems


def prepare() -> dict[str, tuple[pd.DataFrame, dict]]:
    """Read, check and validate every source file; SourceError lists every problem found."""
    problems = input_problems()
    if problems:
        raise sources.SourceError("\n".join(problems))
    prepared = {}
    for path in sources.source_files():
        try:
            doc = sources.read(path)
            problems += sources.check_file(path)
        except sources.SourceError as exc:
            problems += str(exc).splitlines()
        if problems:
            continue
        if doc["kind"] == "facts":
            df = _facts_frame(doc)
            if derive.has_rules(path.stem):
                df = pd.concat([df, derive.derived(path.stem, df)], ignore_index=True)
            schema, extra = schemas.facts_schema(), {}
        else:
            df, int_cols, list_cols = _table_frame(doc)
            schema = schemas.table_schema(list(df.columns), int_cols, list_cols)
            extra = {"int_columns": int_cols, "list_columns": list_cols}
        try:
            schema.validate(df, lazy=True)
        except pandera.errors.SchemaErrors as exc:
            problems.append(f"{sources.name(path)}: the built table breaks its schema:\n{_schema_failures(exc, df)}")
            continue
        prepared[path.stem] = (df, _metadata(path.stem, doc, df, extra))
    if problems:
        raise sources.SourceError("\n".join(problems))
    ids = pd.concat([df["id"] for df, meta in prepared.values() if meta["kind"] == "facts"])
    dup = ids[ids.duplicated()].tolist()
    if dup:
        raise sources.SourceError(f"ids used in more than one dataset: {', '.join(dup)}")
    prepared["glossary"] = _glossary([df for df, meta in prepared.values() if meta["kind"] == "facts"])
    return prepared


def _schema_failures(exc, df: pd.DataFrame, limit: int = 5) -> str:
    lines = []
    for case in exc.failure_cases.head(limit).itertuples(index=False):
        index = getattr(case, "index", None)
        row = ""
        if index is not None and not pd.isna(index) and "id" in df.columns and int(index) < len(df):
            row = f" row id {df['id'].iloc[int(index)]!r}"
        column = case.column if isinstance(case.column, str) else "(table)"
        lines.append(f"  column {column!r}{row}: {case.check} failed (value {case.failure_case!r})")
    return "\n".join(lines)


def _factor(factor) -> str:
    f = float(factor)
    return f"{int(f):,}" if f.is_integer() else f"{f:g}"


def _glossary(facts: list[pd.DataFrame]) -> tuple[pd.DataFrame, dict]:
    """Every glossary term with its use (entity, indicator, both, or label: a name only charts use) and every unit as
    written, in Chinese and English."""
    used = {}
    for df in facts:
        for role in ("entity", "indicator"):
            for key in df[role].unique():
                used.setdefault(key, set()).add(role)
    terms = [{"key": k, "type": ", ".join(sorted(used.get(k, {"label"}))), "zh": v["zh"], "en": v["en"],
              "definition": v.get("definition")} for k, v in sorted(sources.glossary().items())]
    units = [{"key": f"unit:{k}", "type": "unit", "zh": v["zh"], "en": v["en"],
              "definition": f"1 {k or '(no unit)'} = {_factor(v['factor'])} {v['unit']}"}
             for k, v in values.units().items()]
    df = pd.DataFrame(terms + units, columns=["key", "type", "zh", "en", "definition"]).astype("str")
    meta = {"name": "glossary", "kind": "glossary", "row_count": int(len(df)),
            "built_from": "data/sources/glossary.yaml, data/sources/units.yaml",
            "title": {"zh": "术语表", "en": "Glossary"},
            "description": {"zh": "数据中所有实体、指标与单位的中英文名称及简短定义。",
                            "en": "Chinese and English names and short definitions of every entity, indicator and "
                                  "unit in the data."},
            "processing": {"zh": "由 glossary.yaml 与 units.yaml 合并而成；"
                                 "type 列说明术语在数据中用作实体、指标或单位。",
                           "en": "Merged from glossary.yaml and units.yaml; the type column says whether a term is "
                                 "used as an entity, an indicator or a unit."},
            "columns": list(df.columns), "sources": []}
    return df, meta


def parquet_bytes(df: pd.DataFrame) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def meta_bytes(meta: dict) -> bytes:
    return (json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def build(out: Path = paths.DATA) -> list[str]:
    """Build every dataset into ``out``; returns the dataset names. Stale datasets are removed."""
    prepared = prepare()
    for name, (df, meta) in prepared.items():
        atomic_write_bytes(out / f"{name}.parquet", parquet_bytes(df))
        atomic_write_bytes(out / f"{name}.meta.json", meta_bytes(meta))
    for stale in out.glob("*.parquet"):
        if stale.stem not in prepared:
            stale.unlink()
            (out / f"{stale.stem}.meta.json").unlink(missing_ok=True)
    return sorted(prepared)
