"""000 against 001 (the same paper twice): does each number entered from 000 stand in 001 too, and does every
number of 001 stand in 000?

001 uses ASCII punctuation, drops the reference marks [13-15] and the PDF's line breaks, so both texts are
normalized before comparing: whitespace removed, full-width punctuation mapped to ASCII, reference marks removed.
"""

from __future__ import annotations

import re

import pandas as pd

from .. import data, paths, yamlfile
from ..pipeline import sources, yamlio

_PUNCT = str.maketrans({"，": ",", "（": "(", "）": ")", "：": ":", "；": ";", "％": "%", "～": "~", "⁃": "", "‐": ""})


def comparable(text: str) -> str:
    """Text as both copies of the paper can be compared: no whitespace or reference marks, ASCII punctuation."""
    text = re.sub(r"\[\d+(?:[-,–]\d+)*\]", "", text)
    return sources.squash(text).translate(_PUNCT)


def table() -> pd.DataFrame:
    """One row per stated number from 000: quote found in 001; number found in 001 with the words that follow it in
    the quote (up to four characters, so that 3大 of one sentence does not match 3大 of another); the verdict."""
    web = comparable(sources.document_text("001"))
    rows = []
    for name in data.names():
        if data.meta(name)["kind"] != "facts":
            continue
        df = data.load(name)
        for r in df[(df["source"] == "000") & (df["kind"] != "derived")].itertuples():
            quote_in = comparable(r.quote) in web
            quote, value = comparable(r.quote), comparable(r.value_as_written)
            at = quote.find(value)
            value_in = quote[at : at + len(value) + 4] in web if at >= 0 else value in web
            rows.append(
                {
                    "id": r.id,
                    "dataset": name,
                    "value_as_written": r.value_as_written,
                    "quote_in_001": quote_in,
                    "value_in_001": value_in,
                    "agrees": quote_in or value_in,
                }
            )
    return pd.DataFrame(rows, columns=["id", "dataset", "value_as_written", "quote_in_001", "value_in_001", "agrees"])


def numbers_of_001() -> pd.DataFrame:
    """Every digit run of 001 with a few characters either side, whether that context stands in 000, and whether
    it is a section, figure or table number (001 numbers its sections 1./1) where 000 has 1.1/3.2.1)."""
    web = comparable(sources.document_text("001"))
    paper = comparable(sources.document_text("000"))
    rows = []
    for m in re.finditer(r"\d+(?:\.\d+)?", web):
        a, b = m.start(), m.end()
        rows.append(
            {
                "number": m.group(),
                "context": web[max(0, a - 12) : b + 8],
                "in_000": web[max(0, a - 3) : b + 2] in paper,
                "heading": web[a - 1 : a] in ("图", "表") or bool(re.match(r"[.)]\D", web[b : b + 2])),
            }
        )
    return pd.DataFrame(rows, columns=["number", "context", "in_000", "heading"])


SAME_FIGURE_COLUMNS = [
    "a",
    "b",
    "a_source",
    "b_source",
    "entity_zh",
    "entity_en",
    "indicator_zh",
    "indicator_en",
    "year",
    "a_as_written",
    "b_as_written",
    "unit",
    "difference",
    "agrees",
]


def same_figures() -> pd.DataFrame:
    """Figures stated in more than one document: rows of different sources with the same entity, indicator, region
    and year. Each pair with both values as written and whether they agree within the looser document's rounding
    (the larger of the two values' last written digit, or the range of a qualified value)."""
    from types import SimpleNamespace

    facts = data.all_facts()
    facts = facts[facts["kind"] != "derived"]
    groups: dict[tuple, list] = {}
    for r in facts.astype(object).where(facts.notna(), None).to_dict("records"):  # plain records: fast to walk
        key = tuple(r[k] for k in ("entity", "indicator", "region", "year", "unit"))
        groups.setdefault(key, []).append(SimpleNamespace(**r))
    rows = []
    for key in sorted(groups, key=lambda k: tuple("" if v is None else str(v) for v in k)):
        found = sorted(groups[key], key=lambda r: r.source)
        for i, a in enumerate(found):
            for b in found[i + 1 :]:
                if a.source != b.source:
                    step = max(_last_digit(a.value_as_written, a.value), _last_digit(b.value_as_written, b.value))
                    rows.append(
                        {
                            "a": a.id,
                            "b": b.id,
                            "a_source": a.source,
                            "b_source": b.source,
                            "entity_zh": a.entity_zh,
                            "entity_en": a.entity_en,
                            "indicator_zh": a.indicator_zh,
                            "indicator_en": a.indicator_en,
                            "year": a.year,
                            "a_as_written": a.value_as_written,
                            "b_as_written": b.value_as_written,
                            "unit": a.unit,
                            "difference": b.value - a.value,
                            "agrees": abs(b.value - a.value) <= step / 2 + 1e-9,
                        }
                    )
    return pd.DataFrame(rows, columns=SAME_FIGURE_COLUMNS).astype({"year": "Int64"})


def _last_digit(written: str, value: float) -> float:
    """The size of one unit in the last written digit, in the normalized unit (5万亿元 -> 1e12, 58.3% -> 0.1)."""
    digits = re.findall(r"\d+(?:\.\d+)?", written.replace(",", ""))
    if not digits or float(digits[0]) == 0:
        return 0.0
    first = digits[0]
    places = len(first.split(".")[1]) if "." in first else 0
    return value / float(first) * 10**-places


DIFFERENCE_KINDS = {
    "reprint": ("000 与 001", "000 and 001"),
    "between_documents": ("不同文献之间", "between documents"),
    "within_document": ("同一文献内", "within a document"),
}


DIFFERENCE_FIELDS = ("kind", "rows", "zh", "en")


def differences() -> list[dict]:
    """data/sources/differences.yaml: the differences found, each with kind, row ids and a note in zh and en;
    SourceError names the entry and field of a bad one."""
    entries = yamlfile.load_yaml(paths.DIFFERENCES) or []
    where_file = yamlfile.name(paths.DIFFERENCES)
    if not isinstance(entries, list):
        raise yamlfile.SourceError(f"{where_file}: must be a list of entries {{kind, rows, zh, en}}")
    problems = []
    for i, e in enumerate(entries):
        where = f"{where_file} entry {i + 1}"
        if (
            not isinstance(e, dict)
            or e.get("kind") not in DIFFERENCE_KINDS
            or not isinstance(e.get("rows"), list)
            or not e["rows"]
            or not all(isinstance(r, str) for r in e["rows"])
            or not isinstance(e.get("zh"), str)
            or not isinstance(e.get("en"), str)
            or not e["zh"]
            or not e["en"]
        ):
            problems.append(
                f"{where}: needs kind ({', '.join(DIFFERENCE_KINDS)}), rows (a list of row ids), zh and en (text)"
            )
            continue
        problems += [f"{where}: unknown field {f!r}" for f in e if f not in DIFFERENCE_FIELDS]
        problems += [p for f in ("rows", "zh", "en") for p in yamlio.text_problems(where, f, e[f])]
    if problems:
        raise yamlfile.SourceError("\n".join(problems))
    return entries


def listed_rows(kind: str) -> set[str]:
    """Row ids named by the differences of ``kind``."""
    return {r for e in differences() if e["kind"] == kind for r in e["rows"]}
