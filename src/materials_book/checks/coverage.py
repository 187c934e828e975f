"""Coverage: is every number of a document entered as data, or listed in data/sources/coverage/ with a reason?

A number is a run of Arabic digits in the whitespace-free document text (``1.3×107`` gives ``1.3`` and ``107``),
or a Chinese numeral followed by a measure word (五倍, 十年, 两大, 百余种), a fraction (三分之一) or 一半; not 一
alone, which is mostly an article, nor 二次 ("secondary"). It is *entered* when a source row of that document quotes
the sentence it stands in and holds it: in ``value_as_written``, ``period`` or a year field, or (structured rows) in a
Chinese text field. Numbers that are not data (reference marks, headings, page numbers, event dates, names …) or
that cannot be encoded are listed in ``coverage/<doc>[_part].yaml``: each entry is a text snippet, a reason and a
note, and every number inside an occurrence of the snippet counts as listed. 001 is the reprint of 000: its numbers
are checked against 000 by materials_book.reconcile instead.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import yaml

from .. import paths
from ..pipeline import sources

COVERED_DOCUMENTS = ("000", "002", "003", "004")
# reason -> (Chinese label, English label, what it means)
REASONS = {
    "reference": ("参考文献", "references", "a reference mark or an entry of the reference list"),
    "heading": ("标题编号", "headings", "a section, figure or table number, or an item headline"),
    "metadata": ("出版信息", "metadata", "publication metadata: DOI, issue, pages, table of contents, postcodes"),
    "date": ("事件日期", "event dates", "the date of an event, not a quantity (the quantity it dates is entered)"),
    "name": ("名称", "names", "part of a name: a programme, law, product, formula, slogan or set phrase"),
    "ordinal": ("序号", "ordinals", "an ordinal or a list position"),
    "enumeration": ("列举计数", "enumerations", "a count of items the same passage lists by name (两大因素：国际和国内)"),
    "threshold": ("界限", "thresholds", "a bound that defines what an entered row counts (排名前五位 in 'minerals in the top five')"),
    "not_encodable": ("无法编码", "not encodable", "a number that cannot be stored as one value (see the note)"),
}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_ZH = "一二两三四五六七八九十百千"
_ZH_NUMBER = re.compile(
    rf"(?<![第{_ZH}万亿〇])(?:[{_ZH}]+分之[{_ZH}]+|一半"
    rf"|(?:[二两三四五六七八九十百千]|一[十百千])[{_ZH}]*(?=[种个大项家倍次位成年条类方层阶段批届期代亿万余多座名])(?!次(?:资源|金属|利用|供应|回收)))")
_ZH_HELD = re.compile(rf"[{_ZH}]+分之[{_ZH}]+|一半|[{_ZH}]+")  # Chinese numerals as a row writes them
_REFERENCE_MARK = re.compile(r"\[\d+(?:[-,–~]\d+)*\]")


@dataclass(frozen=True)
class Number:
    doc: str
    start: int
    text: str

    def context(self, text: str, width: int = 18) -> str:
        return text[max(0, self.start - width): self.start + len(self.text) + width]


def numbers(doc: str) -> list[Number]:
    """Every number of a document (digit runs and Chinese numerals), with its offset in the whitespace-free text."""
    text = sources.document_text(doc)
    found = [Number(doc, m.start(), m.group()) for pattern in (_NUMBER, _ZH_NUMBER) for m in pattern.finditer(text)]
    return sorted(found, key=lambda n: n.start)


def _spans(text: str, snippet: str) -> list[tuple[int, int]]:
    snippet = sources.squash(snippet)
    return [(m.start(), m.start() + len(snippet)) for m in re.finditer(re.escape(snippet), text)] if snippet else []


def _numbers_of(row: dict) -> set[str]:
    """The numbers a row holds, as written: value_as_written, period and year of a numeric row; the year fields
    (``*year``) and Chinese text fields (``*_zh``) of a structured row, which restate the quote. A month written
    06 in a period also holds 6."""
    held: list[str] = []
    for key, val in row.items():
        if isinstance(val, dict):
            key, val = f"{key}_zh", val.get("zh")
        if key in ("value_as_written", "period") or key.endswith("year") or key.endswith("_zh"):
            held += _NUMBER.findall(str(val or "")) + _ZH_HELD.findall(str(val or ""))
    return set(held) | {h.lstrip("0") or "0" for h in held}


@lru_cache(maxsize=1)
def _rows_by_doc() -> dict[str, list[dict]]:
    by_doc: dict[str, list[dict]] = {}
    for path in sources.source_files():
        for row in sources.read(path)["rows"] or []:
            by_doc.setdefault(str(row.get("source")), []).append(row)
    return by_doc


@lru_cache(maxsize=1)
def listed() -> dict[str, list[dict]]:
    """data/sources/coverage/<doc>[_part].yaml: document id -> entries {text, reason, note}; SourceError on a bad entry."""
    doc: dict[str, list] = {}
    for path in sorted(paths.COVERAGE_DIR.glob("*.yaml")):
        with open(path, encoding="utf-8") as fh:
            entries = yaml.safe_load(fh) or []
        doc_id = path.stem.split("_")[0]
        text = sources.document_text(doc_id)
        for i, e in enumerate(entries):
            where = f"coverage/{path.name} entry {i + 1}"
            if e.get("reason") not in REASONS:
                raise sources.SourceError(f"{where}: reason {e.get('reason')!r} not allowed; use one of {', '.join(REASONS)}")
            if not _spans(text, str(e.get("text", ""))):
                raise sources.SourceError(f"{where}: text {e.get('text')!r} does not occur in document {doc_id}")
            if e["reason"] == "not_encodable" and not e.get("note"):
                raise sources.SourceError(f"{where}: a not_encodable entry needs a note saying why")
        doc.setdefault(doc_id, []).extend(entries)
    return doc


def classify(doc: str) -> list[tuple[Number, str]]:
    """Each number of ``doc`` with its status: 'entered', a reason of REASONS, or 'missing'."""
    text = sources.document_text(doc)
    entered: list[tuple[int, int, set[str]]] = []
    for row in _rows_by_doc().get(doc, []):
        held = _numbers_of(row)
        entered += [(a, b, held) for a, b in _spans(text, str(row.get("quote", "")))]
    marks = [(m.start(), m.end()) for m in _REFERENCE_MARK.finditer(text)]
    lists = [(a, b, e["reason"]) for e in listed().get(doc, []) for a, b in _spans(text, str(e["text"]))]
    out = []
    for n in numbers(doc):
        end = n.start + len(n.text)
        if any(a <= n.start and end <= b and n.text in held for a, b, held in entered):
            status = "entered"
        elif any(a <= n.start and end <= b for a, b in marks):
            status = "reference"
        else:
            status = next((reason for a, b, reason in lists if a <= n.start and end <= b), "missing")
        out.append((n, status))
    return out


def report() -> dict[str, dict[str, int]]:
    """Counts per document and status."""
    return {doc: dict(Counter(status for _, status in classify(doc))) for doc in COVERED_DOCUMENTS}


def missing(doc: str) -> list[str]:
    """The numbers of ``doc`` neither entered nor listed, each in its context."""
    text = sources.document_text(doc)
    return [f"{doc} @{n.start}: {n.text!r} in …{n.context(text)}…" for n, status in classify(doc) if status == "missing"]
