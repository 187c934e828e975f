"""Read the hand-entered source files under data/sources/ and check every row against its document.

A source file is YAML: ``dataset``, ``kind`` (facts | table), ``meta`` and ``rows``.
``check_file`` returns a list of problems, each naming the file, the row id and the field.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

import yaml

from .. import paths
from . import values

QUALIFIERS = ("exact", "about", "more_than", "at_least", "less_than", "at_most", "nearly", "range", "target")
ROW_KINDS = ("stated", "derived", "target", "projection")
ENTITY_TYPES = ("material", "material_class", "mineral", "country", "industry", "technology", "sector", "company", "other")
META_TEXT = ("title", "description", "processing")
FACT_FIELDS = {
    "id": str, "entity": str, "entity_type": str, "indicator": str, "region": (str, type(None)),
    "group": (str, type(None)), "year": (int, type(None)), "period": (str, type(None)),
    "value": (int, float), "value_low": (int, float, type(None)), "value_high": (int, float, type(None)),
    "value_as_written": str, "unit_as_written": str, "qualifier": str, "kind": str,
    "formula": (str, type(None)), "inputs": (list, type(None)), "source": str, "section": str,
    "quote": str, "note": (str, type(None)),
}
# Words in value_as_written and the qualifiers they allow (range and target are always allowed).
WORD_QUALIFIERS = {
    "约": ("about",), "左右": ("about",), "上下": ("about",), "前后": ("about",), "以上": ("more_than", "at_least"),
    "超过": ("more_than",), "超": ("more_than",), "多": ("more_than",), "余": ("more_than",), "逾": ("more_than",),
    "近": ("nearly",), "不足": ("less_than",), "不到": ("less_than",), "以下": ("less_than", "at_most"), "以内": ("at_most", "less_than"),
    "不低于": ("at_least",), "至少": ("at_least",), "不超过": ("at_most",), "最高": ("at_most",), "突破": ("more_than", "at_least"), "年前": ("less_than",),
}
# Qualifier words that may stand just outside value_as_written in the quote (约 80%, 30%以上): an "exact" row there is wrong.
BEFORE_WORDS = ("约", "近", "超过", "超", "逾", "突破", "最高", "不足", "不到", "至少", "不低于", "不超过")
AFTER_WORDS = ("以上", "左右", "多", "余", "以下", "以内", "前后")
FACT_REQUIRED = ("id", "entity", "entity_type", "indicator", "value", "value_as_written", "unit_as_written", "qualifier", "kind", "source", "section", "quote")
TABLE_REQUIRED = ("id", "source", "section", "quote")


class SourceError(ValueError):
    """A source file that cannot be read or whose rows break the contract."""


def squash(text: str) -> str:
    """Text with all whitespace removed, for whitespace-insensitive quote matching."""
    return re.sub(r"\s+", "", text)


@lru_cache(maxsize=None)
def document_text(doc_id: str) -> str:
    return squash(paths.raw_document(doc_id).read_text(encoding="utf-8"))


def read(path: Path) -> dict:
    """Parse one source file; SourceError names the file on bad YAML or a missing top-level key."""
    try:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(f"{path}: cannot read YAML: {exc}") from exc
    for key in ("dataset", "kind", "meta", "rows"):
        if not isinstance(doc, dict) or key not in doc:
            raise SourceError(f"{path}: missing top-level key {key!r} (need dataset, kind, meta, rows)")
    if doc["kind"] not in ("facts", "table"):
        raise SourceError(f"{path}: kind {doc['kind']!r} not allowed; use 'facts' or 'table'")
    return doc


def source_files() -> list[Path]:
    """The dataset files under data/sources/ (not units, documents, differences or the glossary)."""
    return sorted(p for p in paths.SOURCES.glob("*.yaml") if p not in (paths.UNITS, paths.DOCUMENTS_FILE, paths.DIFFERENCES, paths.GLOSSARY))


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a mapping with the same key twice (plain YAML keeps the last silently)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        dup = sorted({k for k in keys if keys.count(k) > 1})
        if dup:
            raise SourceError(f"line {node.start_mark.line + 1}: key(s) defined twice: {', '.join(map(str, dup))}")
        return super().construct_mapping(node, deep=deep)


@lru_cache(maxsize=1)
def glossary() -> dict:
    """Glossary key -> {zh, en, definition}, from data/sources/glossary.yaml."""
    try:
        with open(paths.GLOSSARY, encoding="utf-8") as fh:
            entries = yaml.load(fh, Loader=_UniqueKeyLoader) or {}
    except (OSError, yaml.YAMLError, SourceError) as exc:
        raise SourceError(f"{paths.GLOSSARY.name}: {exc}") from exc
    for key, entry in entries.items():
        if not isinstance(entry, dict) or not entry.get("zh") or not entry.get("en") or not entry.get("definition"):
            raise SourceError(f"{paths.GLOSSARY.name}: glossary key {key!r} needs zh, en and definition")
    return entries


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _check_meta(where: str, meta) -> list[str]:
    problems = []
    for key in META_TEXT:
        entry = meta.get(key) if isinstance(meta, dict) else None
        if not isinstance(entry, dict) or not entry.get("zh") or not entry.get("en"):
            problems.append(f"{where}: meta.{key} needs zh and en")
    return problems


def _check_quote(where: str, row: dict) -> list[str]:
    try:
        text = document_text(str(row["source"]))
    except FileNotFoundError as exc:
        return [f"{where}: source {row['source']!r}: {exc}"]
    if squash(str(row["quote"])) not in text:
        return [f"{where}: quote does not occur in document {row['source']} (whitespace-insensitive): {row['quote'][:40]}…"]
    return []


def check_fact(where: str, row: dict) -> list[str]:
    """Problems with one numeric row (empty list when it keeps the contract)."""
    problems = [f"{where}: missing field {f!r}" for f in FACT_REQUIRED if row.get(f) is None or (row.get(f) == "" and f != "unit_as_written")]
    problems += [f"{where}: unknown field {f!r}" for f in row if f not in FACT_FIELDS]
    if problems:
        return problems
    for field, types in FACT_FIELDS.items():
        if field in row and not isinstance(row[field], types):
            problems.append(f"{where}: field {field!r} has type {type(row[field]).__name__}")
    for field, allowed in (("qualifier", QUALIFIERS), ("kind", ROW_KINDS), ("entity_type", ENTITY_TYPES)):
        if row[field] not in allowed:
            problems.append(f"{where}: {field} {row[field]!r} not allowed; use one of {', '.join(allowed)}")
    gl = glossary()
    for field in ("entity", "indicator"):
        if row[field] not in gl:
            problems.append(f"{where}: {field} {row[field]!r} is not a key of the glossary (data/sources/glossary.yaml)")
    if row["kind"] == "derived":
        return problems + [f"{where}: derived rows are computed by code (materials_book.derive), never entered by hand"]
    problems += _check_quote(where, row)
    words = [w for w in WORD_QUALIFIERS if w in row["value_as_written"] and not (w == "年前" and "前后" in row["value_as_written"])]
    allowed = {q for w in words for q in WORD_QUALIFIERS[w]} | {"range", "target"}
    if words and row["qualifier"] not in allowed:
        problems.append(f"{where}: value_as_written {row['value_as_written']!r} says {'/'.join(words)}: qualifier must be one of {', '.join(sorted(allowed))}")
    quote, written = squash(row["quote"]), squash(row["value_as_written"])
    if written not in quote:
        problems.append(f"{where}: value_as_written {row['value_as_written']!r} does not occur in the quote")
    elif row["qualifier"] == "exact":
        at = quote.find(written)
        near = [w for w in BEFORE_WORDS if quote[:at].endswith(w)] + [w for w in AFTER_WORDS if quote[at + len(written):].startswith(w)]
        if near:
            problems.append(f"{where}: the quote has {'/'.join(near)} next to {row['value_as_written']!r}: include it in value_as_written and set the qualifier")
    try:
        parsed = values.parse(row["value_as_written"])
        unit, factor = values.normalize_unit(row["unit_as_written"])
    except (values.ValueParseError, KeyError) as exc:
        return problems + [f"{where}: {exc}"]
    implied = parsed.unit_as_written == "" and squash(row["unit_as_written"]) in squash(row["quote"])
    if squash(parsed.unit_as_written) != squash(row["unit_as_written"]) and not implied:
        problems.append(f"{where}: unit in value_as_written is {parsed.unit_as_written!r}, unit_as_written says {row['unit_as_written']!r}")
    if parsed.high is None:
        if not _close(parsed.low * factor, row["value"]):
            problems.append(f"{where}: value {row['value']} != {row['value_as_written']!r} read as {parsed.low * factor}")
        if row.get("value_low") is not None or row.get("value_high") is not None:
            problems.append(f"{where}: value_low/value_high only for ranges")
        if row["qualifier"] == "range":
            problems.append(f"{where}: qualifier 'range' but value_as_written is a single number")
    else:
        low, high = parsed.low * factor, parsed.high * factor
        if row.get("value_low") is None or row.get("value_high") is None or not (_close(low, row["value_low"]) and _close(high, row["value_high"])):
            problems.append(f"{where}: range {row['value_as_written']!r} needs value_low={low} value_high={high}")
        if not _close(row["value"], (low + high) / 2):
            problems.append(f"{where}: value of a range is its midpoint {(low + high) / 2}")
        if row["qualifier"] not in ("range", "about", "target"):
            problems.append(f"{where}: a range needs qualifier 'range' (or about/target)")
    return problems


def check_table_row(where: str, row: dict) -> list[str]:
    problems = [f"{where}: missing field {f!r}" for f in TABLE_REQUIRED if row.get(f) in (None, "")]
    return problems or _check_quote(where, row)


def check_file(path: Path) -> list[str]:
    """All problems in one source file."""
    doc = read(path)
    problems = _check_meta(f"{path.name}", doc["meta"])
    if doc["dataset"] != path.stem:
        problems.append(f"{path.name}: dataset {doc['dataset']!r} must equal the file name stem {path.stem!r}")
    seen: set[str] = set()
    check = check_fact if doc["kind"] == "facts" else check_table_row
    for i, row in enumerate(doc["rows"] or []):
        where = f"{path.name} row {i + 1} (id {row.get('id')!r})" if isinstance(row, dict) else f"{path.name} row {i + 1}"
        if not isinstance(row, dict):
            problems.append(f"{where}: not a mapping")
            continue
        if row.get("id") in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(row.get("id"))
        problems += check(where, row)
    return problems
