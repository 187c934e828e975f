"""``materials-book data build``: turn data/sources/*.yaml into the validated data set in data/built/: one Parquet
file and one metadata file per dataset, and ``manifest.json`` (the SHA-256 of every file of the set and of every
source file it was built from).

Whole or not at all. The raw documents are verified and every source file read and validated first; then the whole
new set is written into a new folder beside data/built/ (data/.built.new-XXXX) and switched in with one atomic
operation: Linux ``renameat2(RENAME_EXCHANGE)`` swaps the two folders, after which the old set is removed. Where the
file system cannot exchange, two renames do it (data/built -> data/.built.old, then the new folder -> data/built);
if the process dies between them, the next build (``recover``) puts the previous set back first. Any failure before
the switch leaves the previous complete set untouched, and an unknown file in data/sources/ stops the build instead
of dropping a dataset.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import facts, memo, paths, schemas, yamlfile
from ..files import read_regular, write_folder
from . import derive, documents, manifest, sources, taxonomy, values


def _facts_frame(doc: dict) -> pd.DataFrame:
    gl = sources.glossary()
    records = []
    for row in doc["rows"]:
        unit, _ = values.normalize_unit(row["unit_as_written"])
        rec = {c: row.get(c) for c in facts.FACT_COLUMNS}
        rec.update(
            entity_zh=gl[row["entity"]]["zh"],
            entity_en=gl[row["entity"]]["en"],
            indicator_zh=gl[row["indicator"]]["zh"],
            indicator_en=gl[row["indicator"]]["en"],
            unit=unit,
        )
        records.append(rec)
    return facts.frame(records)


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
            {
                "id": d,
                "title": docs[d]["title"],
                "title_en": docs[d]["title_en"],
                "authors": docs[d]["authors"],
                "publication": docs[d]["publication"],
                "date": docs[d]["date"],
                "file": f"data/raw/{docs[d]['file']}",
                "sha256": docs[d]["sha256"],
                "sections": sorted(df.loc[df["source"] == d, "section"].dropna().unique().tolist()),
            }
            for d in cited
        ],
    }
    if doc["kind"] == "facts":
        units = values.units()
        normalized = sorted(df["unit"].unique())
        meta["units"] = [
            {
                "unit": u,
                "zh": next(v["zh"] for v in units.values() if v["unit"] == u),
                "en": next(v["en"] for v in units.values() if v["unit"] == u),
            }
            for u in normalized
        ]
        meta["columns"] = facts.FACT_COLUMNS
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
    return sources.unknown_files() + sources.problems_of(
        documents.catalogue, sources.glossary, values.units, taxonomy.taxonomy
    )


def _shared_inputs() -> bytes:
    """What any dataset may read besides its own file, as one digest: the other files of data/sources/ and the raw
    documents, and the glossary, units, documents, taxonomy and coverage wherever a project puts them."""
    own = set(sources.source_files())
    named = [paths.GLOSSARY, paths.UNITS, paths.DOCUMENTS_FILE, paths.TAXONOMY, paths.DIFFERENCES]
    found = [*named, *paths.COVERAGE_DIR.rglob("*"), *paths.SOURCES.rglob("*"), *paths.RAW.rglob("*")]
    h = hashlib.sha256()
    for p in sorted(set(found)):
        if p not in own and p.is_file():
            h.update(str(p.resolve()).encode() + b"\0" + _bytes(p) + b"\0")
    return h.digest()


def _bytes(path: Path) -> bytes:
    """A file's bytes for a key; one that cannot be read is keyed as such (its own check says why)."""
    try:
        return read_regular(path, yamlfile.MAX_BYTES)
    except OSError as exc:
        return f"unreadable: {exc.__class__.__name__} {exc.errno}".encode()


def _inputs_key(path: Path, shared: bytes) -> str:
    """The key of one dataset's result: its file, the shared inputs, and the files of the datasets it may name in a
    ref or refs field (any ``ref:<name>`` in its text: more than it declares is safe), with the code that builds it."""
    text = _bytes(path)
    named = sorted(set(re.findall(rb"refs?:([A-Za-z0-9_]+)", text)))
    others = [n + b"\0" + (_bytes(o) if (o := paths.SOURCES / f"{n.decode()}.yaml").is_file() else b"") for n in named]
    return memo.key(shared, path.name, text, *others, code_of=("pipeline",))  # the pipeline imports only the base


def _checked(path: Path) -> tuple[dict | None, list[str]]:
    """One source file read and checked: (its document, or None when it cannot be read; its problems)."""
    try:
        doc = sources.read(path)
        return doc, sources.check_file(path)
    except yamlfile.SourceError as exc:
        return None, str(exc).splitlines()


def _framed(path: Path, doc: dict) -> tuple[tuple[pd.DataFrame, dict] | None, list[str]]:
    """A checked document as its table, validated: (its frame and metadata, or None; the schema's failures)."""
    if doc["kind"] == "facts":
        df = _facts_frame(doc)
        if derive.has_rules(path.stem):
            df = pd.concat([df, derive.derived(path.stem, df)], ignore_index=True)
        schema, extra = schemas.facts_schema(), {}
    else:
        df, int_cols, list_cols = _table_frame(doc)
        schema = schemas.table_schema(list(df.columns), int_cols, list_cols)
        extra = {"int_columns": int_cols, "list_columns": list_cols}
    if failures := schemas.validation_failures(schema, df):
        return None, [f"{yamlfile.name(path)}: the built table breaks its schema:\n{failures}"]
    return (df, _metadata(path.stem, doc, df, extra)), []


def prepare() -> dict[str, tuple[pd.DataFrame, dict]]:
    """Read, check and validate every source file; SourceError lists every problem found. A dataset whose inputs
    and code are those of an earlier build is taken from .cache/ (memo) instead of being read and validated again."""
    problems = input_problems()
    if problems:
        raise yamlfile.SourceError("\n".join(problems))
    prepared = {}
    shared = _shared_inputs()
    for path in sources.source_files():
        digest = _inputs_key(path, shared)
        if (kept := memo.load("datasets", path.stem, digest)) is not None:
            prepared[path.stem] = kept
            continue
        doc, found = _checked(path)
        problems += found
        if problems or doc is None:  # every file is checked, but none is built once a problem is found
            continue
        result, found = _framed(path, doc)
        problems += found
        if result is not None:
            prepared[path.stem] = result
            memo.store("datasets", path.stem, digest, result)
    if problems:
        raise yamlfile.SourceError("\n".join(problems))
    ids = pd.concat([df["id"] for df, meta in prepared.values() if meta["kind"] == "facts"])
    dup = ids[ids.duplicated()].tolist()
    if dup:
        raise yamlfile.SourceError(f"ids used in more than one dataset: {', '.join(dup)}")
    facts = [df for df, meta in prepared.values() if meta["kind"] == "facts"]
    if problems := taxonomy.coverage_problems(pd.concat(facts, ignore_index=True)):
        raise yamlfile.SourceError("\n".join(problems))
    prepared["glossary"] = _glossary(facts)
    prepared["taxonomy"] = taxonomy.frame()
    return prepared


def _factor(factor) -> str:
    f = float(factor)
    return f"{int(f):,}" if f.is_integer() else f"{f:g}"


def _glossary(facts: list[pd.DataFrame]) -> tuple[pd.DataFrame, dict]:
    """Every glossary term with its use (entity, indicator, both, or label: a name only charts use) and every unit as
    written, in Chinese and English."""
    used: dict[str, set[str]] = {}
    for df in facts:
        for role in ("entity", "indicator"):
            for key in df[role].unique():
                used.setdefault(key, set()).add(role)
    terms = [
        {
            "key": k,
            "type": ", ".join(sorted(used.get(k, {"label"}))),
            "zh": v["zh"],
            "en": v["en"],
            "definition": v.get("definition"),
        }
        for k, v in sorted(sources.glossary().items())
    ]
    units = [
        {
            "key": f"unit:{k}",
            "type": "unit",
            "zh": v["zh"],
            "en": v["en"],
            "definition": f"1 {k or '(no unit)'} = {_factor(v['factor'])} {v['unit']}",
        }
        for k, v in values.units().items()
    ]
    df = pd.DataFrame(terms + units, columns=["key", "type", "zh", "en", "definition"]).astype("str")
    meta = {
        "name": "glossary",
        "kind": "glossary",
        "row_count": int(len(df)),
        "built_from": "data/sources/glossary.yaml, data/sources/units.yaml",
        "title": {"zh": "术语表", "en": "Glossary"},
        "description": {
            "zh": "数据中所有实体、指标与单位的中英文名称及简短定义。",
            "en": "Chinese and English names and short definitions of every entity, indicator and unit in the data.",
        },
        "processing": {
            "zh": "由 glossary.yaml 与 units.yaml 合并而成；type 列说明术语在数据中用作实体、指标或单位。",
            "en": "Merged from glossary.yaml and units.yaml; the type column says whether a term is "
            "used as an entity, an indicator or a unit.",
        },
        "columns": list(df.columns),
        "sources": [],
    }
    return df, meta


def parquet_bytes(df: pd.DataFrame) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def meta_bytes(meta: dict) -> bytes:
    return (json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def manifest_bytes(prepared: dict, files: dict[str, bytes]) -> bytes:
    """The manifest of a set: each dataset's file hashes, and the hashes of the source files it follows from."""
    datasets = {
        n: {
            "parquet": hashlib.sha256(files[f"{n}.parquet"]).hexdigest(),
            "meta": hashlib.sha256(files[f"{n}.meta.json"]).hexdigest(),
        }
        for n in sorted(prepared)
    }
    return meta_bytes({"datasets": datasets, "inputs": manifest.input_hashes()})


def set_files(prepared: dict) -> dict[str, bytes]:
    """The files of the set: file name -> bytes, the manifest last."""
    files = {}
    for name, (df, meta) in sorted(prepared.items()):
        files[f"{name}.parquet"] = parquet_bytes(df)
        files[f"{name}.meta.json"] = meta_bytes(meta)
    files["manifest.json"] = manifest_bytes(prepared, files)
    return files


def build(out: Path | None = None) -> list[str]:
    """Build every dataset into the folder ``out`` (default data/built/) as one whole set; returns the names."""
    prepared = prepare()
    write_set(Path(out or paths.DATA), set_files(prepared))
    return sorted(prepared)


def _guard(out: Path) -> None:
    if (out / "sources").exists() or (out / "raw").exists() or out.resolve() in (paths.ROOT, paths.ROOT.parent):
        raise ValueError(f"{out} holds more than built data; the built set is switched as a whole folder")


def write_set(out: Path, files: dict[str, bytes]) -> None:
    """Make the built set's folder ``out`` hold exactly ``files``, switched in one step (files.write_folder)."""
    _guard(out)
    write_folder(out, files)
