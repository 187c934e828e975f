"""Coverage: is every number of a document entered as data, or listed in data/sources/coverage/ with a reason?

A number is a run of Arabic digits in the whitespace-free document text (``1.3×107`` gives ``1.3`` and ``107``),
or a Chinese numeral followed by a measure word (五倍, 十年, 两大, 百余种), a fraction (三分之一) or 一半; not 一
alone, which is mostly an article, nor 二次 ("secondary"). It is *entered* when a source row of that document quotes
the sentence it stands in and holds that very numeral, matched by its position in the sentence: the numerals inside
the place where the row's ``value_as_written`` (or, for structured rows, a Chinese text field) stands in the quote,
and then, one occurrence each, the numerals its ``period`` and year fields write. So a repeated "2" or "109" in one
sentence needs a row for each occurrence; another row's equal number does not cover it. Numbers that are not data
(reference marks, headings, page numbers, event dates, names …) or that cannot be encoded are listed in
``coverage/<doc>[_part].yaml``: each entry is a text snippet, a reason and a note, and every number inside an
occurrence of the snippet counts as listed. 001 is the reprint of 000: its numbers are checked against 000 by
materials_book.reconcile instead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .. import paths, yamlfile
from ..pipeline import sources, yamlio

COVERED_DOCUMENTS = ("000", "002", "003", "004")
# reason -> (Chinese label, English label, what it means)
REASONS = {
    "reference": ("参考文献", "references", "a reference mark or an entry of the reference list"),
    "heading": ("标题编号", "headings", "a section, figure or table number, or an item headline"),
    "metadata": ("出版信息", "metadata", "publication metadata: DOI, issue, pages, table of contents, postcodes"),
    "date": ("事件日期", "event dates", "the date of an event, not a quantity (the quantity it dates is entered)"),
    "name": ("名称", "names", "part of a name: a programme, law, product, formula, slogan or set phrase"),
    "ordinal": ("序号", "ordinals", "an ordinal or a list position"),
    "enumeration": (
        "列举计数",
        "enumerations",
        "a count of items the same passage lists by name (两大因素：国际和国内)",
    ),
    "threshold": (
        "界限",
        "thresholds",
        "a bound that defines what an entered row counts (排名前五位 in 'minerals in the top five')",
    ),
    "not_encodable": ("无法编码", "not encodable", "a number that cannot be stored as one value (see the note)"),
}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_ZH = "一二两三四五六七八九十百千"
_ZH_NUMBER = re.compile(
    rf"(?<![第{_ZH}万亿〇])(?:[{_ZH}]+分之[{_ZH}]+|一半"
    rf"|(?:[二两三四五六七八九十百千]|一[十百千])[{_ZH}]*(?=[种个大项家倍次位成年条类方层阶段批届期代亿万余多座名])(?!次(?:资源|金属|利用|供应|回收)))"
)
_ZH_HELD = re.compile(rf"[{_ZH}]+分之[{_ZH}]+|一半|[{_ZH}]+")  # Chinese numerals as a row writes them
_REFERENCE_MARK = re.compile(r"\[\d+(?:[-,–~]\d+)*\]")


@dataclass(frozen=True)
class Number:
    doc: str
    start: int
    text: str

    def context(self, text: str, width: int = 18) -> str:
        return text[max(0, self.start - width) : self.start + len(self.text) + width]


def numbers(doc: str) -> list[Number]:
    """Every number of a document (digit runs and Chinese numerals), with its offset in the whitespace-free text."""
    text = sources.document_text(doc)
    found = [Number(doc, m.start(), m.group()) for pattern in (_NUMBER, _ZH_NUMBER) for m in pattern.finditer(text)]
    return sorted(found, key=lambda n: n.start)


def _spans(text: str, snippet: str) -> list[tuple[int, int]]:
    """Where ``snippet`` (whitespace removed) stands in ``text``, left to right, not overlapping (found by str.find:
    a pattern per snippet overflowed re's cache of 512 and was a third of the coverage report's time)."""
    snippet = sources.squash(snippet)
    found, at = [], text.find(snippet) if snippet else -1
    while at != -1:
        found.append((at, at + len(snippet)))
        at = text.find(snippet, at + len(snippet))
    return found


def _held(row: dict) -> tuple[list[str], list[str]]:
    """What a row writes of its sentence: texts that stand in the quote as written (``value_as_written`` of a
    numeric row; Chinese text fields ``*_zh`` of a structured row, which restate the quote), and single numerals
    (its ``period`` and year fields, and the numerals of a Chinese text field that is not a snippet of the quote).
    A month written 06 in a period also holds 6."""
    texts, numerals = [], []
    for key, val in row.items():
        if isinstance(val, dict):
            key, val = f"{key}_zh", val.get("zh")
        if val is None:
            continue
        if key == "value_as_written" or key.endswith("_zh"):
            texts.append(str(val))
        elif key == "period" or key.endswith("year"):
            found = _NUMBER.findall(str(val)) + _ZH_HELD.findall(str(val))
            numerals += found + [h.lstrip("0") or "0" for h in found if h.lstrip("0") != h]
    return texts, numerals


@paths.cached
def _rows_by_doc() -> dict[str, list[dict]]:
    by_doc: dict[str, list[dict]] = {}
    for path in sources.source_files():
        for row in sources.read(path)["rows"] or []:
            by_doc.setdefault(str(row.get("source")), []).append(row)
    return by_doc


ENTRY_FIELDS = {"text": (str, yamlio.NONE), "reason": (str, yamlio.NONE), "note": (str, yamlio.NONE)}


@paths.cached
def listed() -> dict[str, list[dict]]:
    """data/sources/coverage/<doc>[_part].yaml: document id -> entries {text, reason, note}; SourceError on a bad
    entry, naming file, entry and field."""
    doc: dict[str, list] = {}
    for path in sorted(paths.COVERAGE_DIR.glob("*.yaml")):
        entries = yamlfile.load_yaml(path) or []
        where_file = f"coverage/{path.name}"
        if not isinstance(entries, list):
            raise yamlfile.SourceError(f"{where_file}: must be a list of entries {{text, reason, note}}")
        doc_id = path.stem.split("_")[0]
        if doc_id not in COVERED_DOCUMENTS:
            raise yamlfile.SourceError(
                f"{where_file}: {doc_id!r} is not a covered document ({', '.join(COVERED_DOCUMENTS)})"
            )
        problems = yamlio.entry_problems(
            where_file,
            entries,
            "entry",
            ENTRY_FIELDS,
            required=(),
            check=lambda at, _, e, doc_id=doc_id: _entry_problem(at, e, doc_id),
        )
        if problems:
            raise yamlfile.SourceError("\n".join(problems))
        doc.setdefault(doc_id, []).extend(entries)
    return doc


def _entry_problem(at: str, e: dict, doc_id: str) -> list[str]:
    """What is wrong with an entry of the right fields: its reason, where its text is, a missing note."""
    if e.get("reason") not in REASONS:
        return [f"{at}: reason {e.get('reason')!r} not allowed; use one of {', '.join(REASONS)}"]
    if not _spans(sources.document_text(doc_id), str(e.get("text") or "")):
        return [f"{at}: text {e.get('text')!r} does not occur in document {doc_id}"]
    if e["reason"] == "not_encodable" and not e.get("note"):
        return [f"{at}: a not_encodable entry needs a note saying why"]
    return []


def entered(doc: str) -> set[int]:
    """Offsets of the numbers of ``doc`` that rows hold, each matched by its position in the sentence.

    First every row's texts (value as written, Chinese text fields) are placed in its quote: at the first place where
    they stand that no other row's text has taken, and the numerals inside that place are entered. Then the
    numerals of periods and years (and of texts that are not snippets of the quote) each take the first numeral of
    the quote that is equal and still free."""
    text = sources.document_text(doc)
    found = numbers(doc)
    taken: set[int] = set()
    placed: set[tuple[int, int]] = set()
    loose: list[tuple[int, int, str]] = []
    for row in _rows_by_doc().get(doc, []):
        texts, numerals = _held(row)
        for a, b in _spans(text, str(row.get("quote", ""))):
            for written in texts:
                spots = [
                    (a + i, a + i + len(w)) for w in [sources.squash(written)] if w for i in _offsets(text[a:b], w)
                ]
                free = [spot for spot in spots if spot not in placed]
                if free:
                    placed.add(free[0])
                    taken |= {n.start for n in found if free[0][0] <= n.start and n.start + len(n.text) <= free[0][1]}
                elif not spots:
                    loose += [(a, b, h) for h in _NUMBER.findall(written) + _ZH_HELD.findall(written)]
            loose += [(a, b, h) for h in numerals]
    for a, b, h in loose:
        spot = next(
            (
                n.start
                for n in found
                if a <= n.start
                and n.start + len(n.text) <= b
                and n.start not in taken
                and (n.text == h or n.text.lstrip("0") == h)
            ),
            None,
        )
        if spot is not None:
            taken.add(spot)
    return taken


def _offsets(haystack: str, needle: str) -> list[int]:
    """Every place ``needle`` stands in ``haystack``, overlapping ones too, never cutting a numeral in two ("21" is
    not in "2021", "2" not in "2.5" nor "1.2")."""
    first, last, n = needle[0].isdigit(), needle[-1].isdigit(), len(needle)
    found, at = [], haystack.find(needle)
    while at != -1:
        before = haystack[at - 1] if at else ""
        after, next_after = haystack[at + n : at + n + 1], haystack[at + n + 1 : at + n + 2]
        cuts_before = first and (before.isdecimal() or before == ".")
        cuts_after = last and (after.isdecimal() or (after == "." and next_after.isdecimal()))
        if not (cuts_before or cuts_after):
            found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def classify(doc: str) -> list[tuple[Number, str]]:
    """Each number of ``doc`` with its status: 'entered', a reason of REASONS, or 'missing'."""
    text = sources.document_text(doc)
    held = entered(doc)
    marks = [(m.start(), m.end()) for m in _REFERENCE_MARK.finditer(text)]
    lists = [(a, b, e["reason"]) for e in listed().get(doc, []) for a, b in _spans(text, str(e["text"]))]
    out = []
    for n in numbers(doc):
        end = n.start + len(n.text)
        if n.start in held:
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
    return [
        f"{doc} @{n.start}: {n.text!r} in …{n.context(text)}…" for n, status in classify(doc) if status == "missing"
    ]
