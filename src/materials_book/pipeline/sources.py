"""Read the hand-entered source files under data/sources/ and check every row against its document.

A source file is YAML: ``dataset``, ``kind`` (facts | table), ``meta`` and ``rows``; a table dataset declares its
fields in ``meta.fields``. ``check_file`` returns a list of problems, each naming the file, the row id and the field.
Every YAML file of the project is read by ``load_yaml``, which refuses, at its line, a key defined twice, a key that
breaks the id rule, an anchor or alias and nesting too deep. Text fields are plain text: ``text_problem`` refuses
line breaks, control and invisible characters and markup, because these texts end up on web pages.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from .. import files, memo, paths
from ..facts import ENTITY_TYPES, QUALIFIERS, ROW_KINDS
from ..files import read_regular
from ..yamlfile import ID, MAX_BYTES, SourceError, describe, load_yaml, name
from . import documents, values
from .yamlio import (
    NONE,
    did_you_mean,
    entry_problems,
    name_problems,
    text_problems,
    type_problem,
)

META_TEXT = ("title", "description", "processing")
TEXT = str
FACT_FIELDS = {
    "id": TEXT,
    "entity": TEXT,
    "entity_type": TEXT,
    "indicator": TEXT,
    "region": (TEXT, NONE),
    "group": (TEXT, NONE),
    "year": (int, NONE),
    "period": (TEXT, NONE),
    "value": (int, float),
    "value_low": (int, float, NONE),
    "value_high": (int, float, NONE),
    "value_as_written": TEXT,
    "unit_as_written": TEXT,
    "qualifier": TEXT,
    "kind": TEXT,
    "formula": (TEXT, NONE),
    "inputs": (list, NONE),
    "source": TEXT,
    "section": TEXT,
    "quote": TEXT,
    "note": (TEXT, NONE),
}
# Words in value_as_written and the qualifiers they allow (range and target are always allowed).
WORD_QUALIFIERS = {
    "约": ("about",),
    "左右": ("about",),
    "上下": ("about",),
    "前后": ("about",),
    "以上": ("more_than", "at_least"),
    "超过": ("more_than",),
    "超": ("more_than",),
    "多": ("more_than",),
    "余": ("more_than",),
    "逾": ("more_than",),
    "近": ("nearly",),
    "不足": ("less_than",),
    "不到": ("less_than",),
    "以下": ("less_than", "at_most"),
    "以内": ("at_most", "less_than"),
    "不低于": ("at_least",),
    "至少": ("at_least",),
    "不超过": ("at_most",),
    "最高": ("at_most",),
    "突破": ("more_than", "at_least"),
    "年前": ("less_than",),
}
# Qualifier words that may stand just outside value_as_written in the quote (约 80%, 30%以上): an "exact" row there
# is wrong.
BEFORE_WORDS = ("约", "近", "超过", "超", "逾", "突破", "最高", "不足", "不到", "至少", "不低于", "不超过")
AFTER_WORDS = ("以上", "左右", "多", "余", "以下", "以内", "前后")
FACT_REQUIRED = (
    "id",
    "entity",
    "entity_type",
    "indicator",
    "value",
    "value_as_written",
    "unit_as_written",
    "qualifier",
    "kind",
    "source",
    "section",
    "quote",
)
TABLE_BASE = ("id", "source", "section", "quote")
# Field types a table dataset may declare in meta.fields; a trailing ? allows null.
FIELD_TYPES = {
    "text": "plain text",
    "key": "a short key: lowercase letters, digits, _ . -",
    "bilingual": "{zh: …, en: …}, both plain text",
    "int": "an integer",
    "ref": "the id of another row of the same dataset (ref:<dataset>: of a row of that dataset)",
    "refs": "a list of ids of rows of the same dataset (refs:<dataset>: of rows of that dataset)",
}
DATASET_NAME = re.compile(r"[a-z0-9_]+")
TOP_LEVEL = ("dataset", "kind", "meta", "rows")


def squash(text: str) -> str:
    """Text with all whitespace removed, for whitespace-insensitive quote matching."""
    return re.sub(r"\s+", "", text)


@paths.cached
def document_text(doc_id: str) -> str:
    return squash(paths.raw_document(doc_id).read_text(encoding="utf-8"))


def read(path: Path) -> dict:
    """Parse one source file; SourceError names the file on bad YAML or a bad top-level key. A file parsed before
    (the same bytes, the same code) is taken from .cache/ (memo): parsing is most of a source file's reading."""
    try:
        data = read_regular(path, MAX_BYTES)
    except OSError:
        data = None  # load_yaml says why, in its words
    # the place is part of the key: a file under the project's data/sources/ is held to the id rule
    place = f"{path.resolve()}\0{paths.SOURCES.resolve()}"
    digest = memo.key(place, data, code_of=("pipeline",)) if data is not None else None
    doc = memo.load("source-files", path.stem, digest) if digest else None
    if doc is None:
        doc = load_yaml(path, data=data)
        if digest:
            memo.store("source-files", path.stem, digest, doc)
    where = name(path)
    if not isinstance(doc, dict):
        raise SourceError(f"{where}: not a mapping with keys {', '.join(TOP_LEVEL)}")
    for key in TOP_LEVEL:
        if key not in doc:
            raise SourceError(f"{where}: missing top-level key {key!r} (need dataset, kind, meta, rows)")
    unknown = [k for k in doc if k not in TOP_LEVEL]
    if unknown:
        raise SourceError(
            f"{where}: unknown top-level key {unknown[0]!r}{did_you_mean(unknown[0], TOP_LEVEL)} "
            f"(need dataset, kind, meta, rows)"
        )
    if doc["kind"] not in ("facts", "table"):
        raise SourceError(f"{where}: kind {doc['kind']!r} not allowed; use 'facts' or 'table'")
    if not isinstance(doc["rows"], list) or not doc["rows"]:
        found = "an empty list" if doc["rows"] == [] else describe(doc["rows"])
        raise SourceError(f"{where}: rows must be a list of at least one row, not {found}")
    if not isinstance(doc["meta"], dict):
        raise SourceError(
            f"{where}: meta must be a mapping (title, description, processing), not {describe(doc['meta'])}"
        )
    return doc


SPECIAL_FILES = ("units.yaml", "documents.yaml", "differences.yaml", "glossary.yaml", "taxonomy.yaml")


def _ignored(path: Path) -> bool:
    """Hidden files and editor leftovers (.x.swp, x.yaml~) are neither data nor errors."""
    return path.name.startswith(".") or path.name.endswith("~")


def source_files() -> list[Path]:
    """The dataset files under data/sources/ (not units, documents, differences, the glossary or the taxonomy); a
    named pipe, device or folder named .yaml is left to ``unknown_files``, which names it."""
    return sorted(
        p for p in paths.SOURCES.glob("*.yaml") if p.name not in SPECIAL_FILES and not _ignored(p) and p.is_file()
    )


def datasets() -> list[str]:
    """The manifest of the data set, from the sources: one dataset per source file, the glossary and the taxonomy."""
    return sorted([p.stem for p in source_files()] + ["glossary", "taxonomy"])


def problems_of(*loaders) -> list[str]:
    """Run each loader; the lines of every SourceError they raise (an empty list when all load)."""
    problems: list[str] = []
    for load in loaders:
        try:
            load()
        except SourceError as exc:
            problems += str(exc).splitlines()
    return problems


def unknown_files() -> list[str]:
    """Problems with what lies in data/sources/: a file that is neither a dataset, a special file, a coverage list
    nor the README (a dataset renamed to .yml is refused, never dropped), and dataset names that cannot be file
    names of the built data."""
    problems = []
    for path in sorted(paths.SOURCES.iterdir()):
        if _ignored(path) or path.name == "README.md" or (path == paths.COVERAGE_DIR and path.is_dir()):
            continue
        if path.suffix == ".yaml" and path.exists() and not path.is_file():
            problems.append(
                f"{name(path)}: {files.kind(path.stat().st_mode)}, not a regular file; data/sources/ holds "
                "only files (refused unread)"
            )
        elif path.suffix != ".yaml" or not path.is_file():
            problems.append(
                f"{name(path)}: unknown file in data/sources/ (datasets are <name>.yaml; coverage lists "
                "go in coverage/); rename or remove it"
            )
        elif path.name not in SPECIAL_FILES and not DATASET_NAME.fullmatch(path.stem):
            problems.append(f"{name(path)}: a dataset name may hold only lowercase letters, digits and _")
    if paths.COVERAGE_DIR.is_dir():
        for path in sorted(paths.COVERAGE_DIR.iterdir()):
            if not _ignored(path) and not (path.is_file() and re.fullmatch(r"\d{3}(_[a-z0-9]+)?\.yaml", path.name)):
                problems.append(
                    f"{name(path)}: unknown file in data/sources/coverage/ (lists are <doc>[_part].yaml, "
                    "e.g. 004_a.yaml)"
                )
    return problems


GLOSSARY_FIELDS = dict.fromkeys(("zh", "en", "definition"), str)


@paths.cached
def glossary() -> dict:
    """Glossary key -> {zh, en, definition}, from data/sources/glossary.yaml."""
    entries = load_yaml(paths.GLOSSARY) or {}
    where = name(paths.GLOSSARY)
    if not isinstance(entries, dict):
        raise SourceError(f"{where}: must map each key to {{zh, en, definition}}, not {describe(entries)}")
    problems = entry_problems(
        where,
        entries,
        "key",
        GLOSSARY_FIELDS,
        check=lambda at, _, e: [f"{at}: field {f!r} is empty" for f, v in e.items() if not v],
    )
    if problems:
        raise SourceError("\n".join(problems))
    return entries


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _check_meta(where: str, meta: dict, kind: str) -> list[str]:
    problems = []
    for key in META_TEXT:
        entry = meta.get(key)
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("zh"), str)
            or not isinstance(entry.get("en"), str)
            or not entry["zh"]
            or not entry["en"]
            or set(entry) - {"zh", "en"}
        ):
            problems.append(f"{where}: meta.{key} needs zh and en, each text (and nothing else)")
        else:
            problems += text_problems(where, f"meta.{key}", entry)
    allowed = META_TEXT + (("fields",) if kind == "table" else ())
    problems += [f"{where}: unknown key meta.{k}{did_you_mean(k, allowed)}" for k in meta if k not in allowed]
    if kind == "table":
        problems += [f"{where}: meta.fields: {p}" for p in _declared_problems(meta.get("fields"))]
    return problems


def _declared_problems(fields) -> list[str]:
    if not isinstance(fields, dict) or not fields:
        return [
            "a table dataset declares its fields: meta.fields maps each field (besides id, source, section, "
            f"quote) to its type: {', '.join(FIELD_TYPES)} (a trailing ? allows null)"
        ]
    problems = []
    for field, spec in fields.items():
        kind, _, dataset = spec.rstrip("?").partition(":") if isinstance(spec, str) else ("", "", "")
        if field in TABLE_BASE:
            problems.append(f"{field!r} is a field of every row; declare only the dataset's own fields")
        elif not isinstance(field, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", field):
            problems.append(f"field name {field!r}: use lowercase letters, digits and _")
        elif kind not in FIELD_TYPES or (dataset and kind not in ("ref", "refs")):
            problems.append(
                f"field {field!r}: type {spec!r} unknown; use one of {', '.join(FIELD_TYPES)} "
                "(a trailing ? allows null)"
            )
        elif dataset and dataset not in datasets():
            problems.append(f"field {field!r}: {spec!r} names no dataset{did_you_mean(dataset, datasets())}")
    return problems


def declared_fields(meta: dict) -> dict[str, tuple[str, bool]]:
    """A table dataset's own fields in order: name -> (type, nullable); ref:<dataset> and refs:<dataset> are of
    type ref and refs (``referenced`` gives the dataset)."""
    return {f: (spec.rstrip("?").partition(":")[0], spec.endswith("?")) for f, spec in meta["fields"].items()}


def referenced(meta: dict) -> dict[str, str]:
    """Fields whose ids name rows of another dataset (declared ref:<dataset> or refs:<dataset>): field -> dataset."""
    return {f: spec.rstrip("?").partition(":")[2] for f, spec in meta["fields"].items() if ":" in spec}


def _row_ids(dataset: str) -> set[str] | None:
    """The row ids of another dataset's source file; None when it cannot be read (its own check says why)."""
    try:
        return {
            r["id"]
            for r in read(paths.SOURCES / f"{dataset}.yaml")["rows"]
            if isinstance(r, dict) and isinstance(r.get("id"), str)
        }
    except SourceError:
        return None


def _check_source(where: str, row: dict) -> list[str]:
    if row["source"] not in documents.catalogue():
        return [
            f"{where}: source {row['source']!r} is not a document of data/sources/documents.yaml "
            f"({', '.join(documents.catalogue())})"
        ]
    return []


def _check_quote(where: str, row: dict) -> list[str]:
    try:
        text = document_text(str(row["source"]))
    except FileNotFoundError as exc:
        return [f"{where}: source {row['source']!r}: {exc}"]
    if squash(str(row["quote"])) not in text:
        return [
            f"{where}: quote does not occur in document {row['source']} (whitespace-insensitive): {row['quote'][:40]}…"
        ]
    return []


def check_fact(where: str, row: dict) -> list[str]:
    """Problems with one numeric row (empty list when it keeps the contract). Fields are checked first, then types,
    then text, and only a row with the right fields and types is read further."""
    problems = _fact_shape_problems(where, row)
    if problems:
        return problems
    problems = _fact_vocabulary_problems(where, row)
    if row["kind"] == "derived":
        return problems + [f"{where}: derived rows are computed by code (materials_book.derive), never entered by hand"]
    source = _check_source(where, row)
    if source:
        return problems + source
    return problems + _check_quote(where, row) + _written_problems(where, row) + _number_problems(where, row)


def _fact_shape_problems(where: str, row: dict) -> list[str]:
    """The row's fields, their types and their text, each stage only when the one before passed."""
    problems = name_problems(where, row, FACT_REQUIRED, FACT_FIELDS)
    if problems:
        return problems
    problems = [p for f, types in FACT_FIELDS.items() if f in row and (p := type_problem(where, f, row[f], types))]
    if isinstance(row.get("inputs"), list):
        problems += [p for i, v in enumerate(row["inputs"]) if (p := type_problem(where, f"inputs[{i}]", v, TEXT))]
    if problems:
        return problems
    problems = [f"{where}: field {f!r} is empty" for f in FACT_REQUIRED if row[f] == "" and f != "unit_as_written"]
    return problems + [p for f, v in row.items() if isinstance(v, (str, list)) for p in text_problems(where, f, v)]


def _fact_vocabulary_problems(where: str, row: dict) -> list[str]:
    """The id rule, the words of the coded fields, and the glossary keys."""
    problems = (
        [] if ID.fullmatch(row["id"]) else [f"{where}: id {row['id']!r}: use lowercase letters, digits and _ . -"]
    )
    for field, allowed in (("qualifier", QUALIFIERS), ("kind", ROW_KINDS), ("entity_type", ENTITY_TYPES)):
        if row[field] not in allowed:
            problems.append(f"{where}: {field} {row[field]!r} not allowed; use one of {', '.join(allowed)}")
    gl = glossary()
    return problems + [
        f"{where}: {field} {row[field]!r} is not a key of the glossary (data/sources/glossary.yaml)"
        for field in ("entity", "indicator")
        if row[field] not in gl
    ]


def _written_problems(where: str, row: dict) -> list[str]:
    """The value as written: in the quote, with the qualifier its words (约, 以上, …) and the words beside it say."""
    problems = []
    written = row["value_as_written"]
    words = [w for w in WORD_QUALIFIERS if w in written and not (w == "年前" and "前后" in written)]
    allowed = {q for w in words for q in WORD_QUALIFIERS[w]} | {"range", "target"}
    if words and row["qualifier"] not in allowed:
        problems.append(
            f"{where}: value_as_written {written!r} says {'/'.join(words)}: qualifier must be one of "
            f"{', '.join(sorted(allowed))}"
        )
    quote, squashed = squash(row["quote"]), squash(written)
    if squashed not in quote:
        problems.append(f"{where}: value_as_written {written!r} does not occur in the quote")
    elif row["qualifier"] == "exact":
        at = quote.find(squashed)
        near = [w for w in BEFORE_WORDS if quote[:at].endswith(w)]
        near += [w for w in AFTER_WORDS if quote[at + len(squashed) :].startswith(w)]
        if near:
            problems.append(
                f"{where}: the quote has {'/'.join(near)} next to {written!r}: include it in "
                "value_as_written and set the qualifier"
            )
    return problems


def _number_problems(where: str, row: dict) -> list[str]:
    """The number read from the value as written, in the normalized unit, against value, value_low and value_high."""
    written = row["value_as_written"]
    try:
        parsed = values.parse(written)
        unit, factor = values.normalize_unit(row["unit_as_written"])
    except (values.ValueParseError, KeyError) as exc:
        return [f"{where}: {exc.args[0] if exc.args else exc}"]
    problems = []
    implied = parsed.unit_as_written == "" and squash(row["unit_as_written"]) in squash(row["quote"])
    if squash(parsed.unit_as_written) != squash(row["unit_as_written"]) and not implied:
        problems.append(
            f"{where}: unit in value_as_written is {parsed.unit_as_written!r}, unit_as_written says "
            f"{row['unit_as_written']!r}"
        )
    if parsed.high is None:
        if not _close(parsed.low * factor, row["value"]):
            problems.append(f"{where}: value {row['value']} != {written!r} read as {parsed.low * factor}")
        if row.get("value_low") is not None or row.get("value_high") is not None:
            problems.append(f"{where}: value_low/value_high only for ranges")
        if row["qualifier"] == "range":
            problems.append(f"{where}: qualifier 'range' but value_as_written is a single number")
    else:
        low, high = parsed.low * factor, parsed.high * factor
        if (
            row.get("value_low") is None
            or row.get("value_high") is None
            or not (_close(low, row["value_low"]) and _close(high, row["value_high"]))
        ):
            problems.append(f"{where}: range {written!r} needs value_low={low} value_high={high}")
        if not _close(row["value"], (low + high) / 2):
            problems.append(f"{where}: value of a range is its midpoint {(low + high) / 2}")
        if row["qualifier"] not in ("range", "about", "target"):
            problems.append(f"{where}: a range needs qualifier 'range' (or about/target)")
    return problems


_TABLE_TYPES = {"text": TEXT, "key": TEXT, "bilingual": dict, "int": int, "ref": TEXT, "refs": list}


def check_table_row(  # noqa: C901  one branch per field type
    where: str,
    row: dict,
    fields: dict[str, tuple[str, bool]] | None = None,
    ids: dict[str, tuple[str, set[str]]] | None = None,
) -> list[str]:
    """Problems with one structured row: exactly the declared ``fields`` (name -> (type, nullable)) besides id,
    source, section and quote, each of its type; a reference field (``ref``, ``refs``) names rows of what ``ids``
    gives for it: field -> (what it names rows of, their ids)."""
    fields = fields or {}
    problems = name_problems(where, row, TABLE_BASE + tuple(fields), TABLE_BASE + tuple(fields))
    if problems:
        return problems
    for f in TABLE_BASE:
        if (p := type_problem(where, f, row[f], TEXT)) or row[f] == "":
            problems.append(p or f"{where}: field {f!r} is empty")
    for f, (kind, nullable) in fields.items():
        value = row[f]
        if value is None:
            if not nullable:
                problems.append(
                    f"{where}: field {f!r} is null; its type {kind!r} does not allow null "
                    f"(declare it {kind}? to allow it)"
                )
            continue
        if p := type_problem(where, f, value, _TABLE_TYPES[kind]):
            problems.append(p)
        elif kind == "bilingual" and (
            set(value) != {"zh", "en"} or not all(isinstance(v, str) and v for v in value.values())
        ):
            problems.append(f"{where}: field {f!r} must be {{zh: …, en: …}}, both text, not {value!r:.60}")
        elif kind == "refs" and not all(isinstance(v, str) for v in value):
            problems.append(f"{where}: field {f!r} must be a list of row ids (text)")
        elif kind == "key" and not ID.fullmatch(value):
            problems.append(f"{where}: field {f!r} is a key: {value!r} may hold only lowercase letters, digits, _ . -")
        elif kind in ("ref", "refs") and ids and f in ids:
            what, known = ids[f]
            problems += [
                f"{where}: field {f!r} names row {v!r}, which is not a row of {what}"
                for v in ([value] if kind == "ref" else value)
                if v not in known
            ]
    if problems:
        return problems
    problems = [p for f, v in row.items() for p in text_problems(where, f, v)]
    if not ID.fullmatch(row["id"]):
        problems.append(f"{where}: id {row['id']!r}: use lowercase letters, digits and _ . -")
    return problems or _check_source(where, row) or _check_quote(where, row)


def check_file(path: Path) -> list[str]:
    """All problems in one source file (SourceError when it cannot be read as a source file at all)."""
    doc = read(path)
    where = name(path)
    problems = _check_meta(where, doc["meta"], doc["kind"])
    if doc["dataset"] != path.stem:
        problems.append(f"{where}: dataset {doc['dataset']!r} must equal the file name stem {path.stem!r}")
    if problems:
        return problems
    fields = declared_fields(doc["meta"]) if doc["kind"] == "table" else None
    own = {r.get("id") for r in doc["rows"] if isinstance(r, dict) and isinstance(r.get("id"), str)}
    other = referenced(doc["meta"]) if fields else {}
    found = {
        f: ("this dataset", own) if f not in other else (f"dataset {other[f]!r}", _row_ids(other[f]))
        for f, (kind, _) in (fields or {}).items()
        if kind in ("ref", "refs")
    }
    ids: dict[str, tuple[str, set[str]]] = {
        f: (what, {str(i) for i in named}) for f, (what, named) in found.items() if named is not None
    }
    seen: set = set()
    for i, row in enumerate(doc["rows"]):
        if not isinstance(row, dict):
            problems.append(f"{where} row {i + 1}: not a mapping of fields but {describe(row)}")
            continue
        at = f"{where} row {i + 1} (id {row.get('id')!r})"
        if isinstance(row.get("id"), str):
            if row["id"] in seen:
                problems.append(f"{at}: duplicate id")
            seen.add(row["id"])
        problems += check_fact(at, row) if doc["kind"] == "facts" else check_table_row(at, row, fields, ids)
    return problems
