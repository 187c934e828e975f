"""The data as a chapter's reader sees it: datasets with the document's writing restored, glossary and region
names, source lines, value labels and ranges, and the escaping each piece of data text gets where it lands in
Markdown."""

from __future__ import annotations

import re

import pandas as pd

from .. import data, escape
from .. import labels as L
from ..quantities import derived_digits, restored, shown

TEXT = L.Texts.beside(__file__)


REGIONS = ("CN", "US", "EU", "JP", "KR", "WORLD")  # the region codes of the data


def names(lang: str) -> dict[str, str]:
    """Glossary key -> name in ``lang``."""
    return data.load("glossary").set_index("key")[lang].to_dict()


def region_names(lang: str, **variants: str) -> dict[str, str]:
    """Region code -> name in ``lang``: the glossary label ``region_<code>``, or for a code given in ``variants`` the
    label named there (e.g. ``JP="region_jp_firms"``)."""
    gl = names(lang)
    return {code: gl[variants.get(code, f"region_{code.lower()}")] for code in REGIONS}


def source_line(df: pd.DataFrame, lang: str) -> str:
    """'来源：…' naming each document and section of the rows drawn, in order of first appearance."""
    docs = data.documents()
    parts: dict[str, list[str]] = {}
    for src, section in df[["source", "section"]].drop_duplicates().itertuples(index=False):
        parts.setdefault(src, [])
        if section not in parts[src]:
            parts[src].append(section)
    items = []
    for src, sections in parts.items():
        authors = docs[src]["authors"].split(" (")[0]
        authors = authors.replace(", ", TEXT("list", lang))  # 、 between Chinese names
        authors = "" if authors.startswith("not stated") else TEXT("source.authors", lang, authors=authors)
        title_ = docs[src]["title" if lang == "zh" else "title_en"]
        items.append(
            TEXT(
                "source.document",
                lang,
                src=src,
                authors=authors,
                title=title_,
                sections=TEXT("source.sections", lang).join(sections),
            )
        )
    return TEXT("source", lang, items=TEXT("semicolon", lang).join(items))


def load(name: str, /, **where) -> pd.DataFrame:
    """Dataset ``name`` as a reader sees it (see :func:`data.load` for ``where``): the document's writing with its
    superscripts restored (``value_as_written``, ``quote``), and ``digits``, the significant digits a derived row
    may show (those of its least precise input, at least two)."""
    df = data.load(name)
    for col in ("value_as_written", "quote"):
        if col in df:
            df[col] = df[col].map(restored)
    if "inputs" in df:
        written = df.set_index("id")["value_as_written"].to_dict()
        df["digits"] = [
            derived_digits([written.get(i.split("=", 1)[1]) for i in inputs.split(";")])
            if k == "derived" and isinstance(inputs, str)
            else None
            for k, inputs in zip(df["kind"], df["inputs"])
        ]
    for column, value in where.items():
        df = df[df[column].isin(value) if isinstance(value, tuple) else df[column] == value]
    return df.copy()


def written_label(row: pd.Series) -> str:
    """How a value reads in a label or tooltip: the document's own writing plus the year if any."""
    year = f" ({int(row['year'])})" if pd.notna(row.get("year")) else ""
    return f"{restored(row['value_as_written'])}{year}"


# The display rule (quantities.shown) under the name the chapters use.
value_text = shown


def value_md(row, lang: str) -> str:
    """A value in a Markdown table cell or sentence: :func:`value_text`, and on English pages the document's own
    writing beside it (marked as Chinese), so that a reader can find it in the sentence."""
    text = value_text(row, lang)
    get = row.get if hasattr(row, "get") else lambda k, d=None: getattr(row, k, d)
    written = get("value_as_written")
    if lang == "zh" or not isinstance(written, str) or restored(written) == text.replace("\xa0", " "):
        return cell_md(text, lang)
    return TEXT("aside", lang, text=cell_md(text, lang), aside=cell_md(restored(written), lang))


def value_texts(df: pd.DataFrame, lang: str) -> list[str]:
    return [value_text(r, lang) for _, r in df.iterrows()]


def marked(text: str, lang: str) -> str:
    """``text`` (Markdown already escaped) for a page in ``lang``: on an English page its Chinese runs are marked as
    Chinese (HTML)."""
    return text if lang == "zh" else L.mark_zh(text)


# Text from the data in the chapters' Markdown: each piece goes through exactly one of these, chosen by where it
# lands, before it is put into a TEXT template (the templates are trusted Markdown); on English pages its Chinese
# runs are then marked lang="zh".
def text_md(value: object, lang: str) -> str:
    """Data text in running Markdown (a sentence, a list item, inside ``**…**``)."""
    return marked(escape.markdown(value), lang)


def cell_md(value: object, lang: str) -> str:
    """Data text in one cell of a Markdown pipe table."""
    return marked(escape.table_cell(value), lang)


def entity_md(row, lang: str, *, in_table: bool = False) -> str:
    """A row's entity name as Markdown, linked to its material profile page where it has one."""
    get = row.get if hasattr(row, "get") else lambda k, d=None: getattr(row, k, d)
    name = (cell_md if in_table else text_md)(get(f"entity_{lang}"), lang)
    tax = data.load("taxonomy")
    profile = next((p for p, e in zip(tax["profile"], tax["entities"]) if get("entity") in e.split(";")), None)
    # a profile key becomes part of a link: only a slug does (the build checks keys; this keeps any other out)
    return f"[{name}](../generated/material_{profile}.md)" if profile and re.fullmatch(r"[a-z0-9_]+", profile) else name


def code_md(value: object, *, in_table: bool = False) -> str:
    """An id from the data as an inline code span (in a pipe-table cell with ``in_table``)."""
    return escape.code(value, in_table=in_table)


def qualifier_label(q: str, lang: str) -> str:
    """A qualifier as a chart or table shows it: 约 / about, …, and — for an exact value."""
    return L.qualifier(q, lang) or "—"


def with_range(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with ``low`` and ``high``: the stated range, or the single value at both ends."""
    return df.assign(low=df["value_low"].fillna(df["value"]), high=df["value_high"].fillna(df["value"]))
