"""Shared by the chapter modules: glossary names, source lines, alt text, value labels, ranges, tooltips and the
dot-and-range layer."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .. import data
from .. import labels as L

TEXT = L.Texts({
    "source": ("来源：{items}", "Source: {items}"),
    "source.document": ("[{src}] {authors}《{title}》 §{sections}",
                        "[{src}] {authors}\u201c{title}\u201d, § {sections}"),
    "source.authors": ("{authors} ", "{authors}, "),
    "source.sections": ("；§", "; § "),
    "extremes.none": ("{what}：无数据。", "{what}: no data."),
    "extremes.one": ("{what}：{label}为{text}。", "{what}: {label} at {text}."),
    "extremes.many": ("{what}，共{n}项：最高为{top}（{top_text}），最低为{bottom}（{bottom_text}）。",
                      "{what}, {n} items: highest {top} ({top_text}), lowest {bottom} ({bottom_text})."),
})
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
        authors = "" if authors.startswith("not stated") else TEXT("source.authors", lang, authors=authors)
        title = docs[src]["title" if lang == "zh" else "title_en"]
        items.append(TEXT("source.document", lang, src=src, authors=authors, title=title,
                          sections=TEXT("source.sections", lang).join(sections)))
    return TEXT("source", lang, items=TEXT("semicolon", lang).join(items))


def finish(chart: alt.TopLevelMixin, *, name: str, source: str, alt_text: str, lang: str) -> alt.TopLevelMixin:
    """Attach what the renderer puts around the chart: its name (the stable anchor ``#chart-<name>``, the same in
    both editions), source line, alt text and language; room on the right for labels."""
    return chart.properties(usermeta={"name": name, "source": source, "alt": alt_text, "lang": lang},
                            padding={"left": 5, "top": 5, "bottom": 5, "right": 90},
                            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


def written_label(row: pd.Series) -> str:
    """How a value reads in a label or tooltip: the document's own writing plus the year if any."""
    year = f" ({int(row['year'])})" if pd.notna(row.get("year")) else ""
    return f"{row['value_as_written']}{year}"


def marked(text: str, lang: str) -> str:
    """``text`` for a page in ``lang``: on an English page its Chinese runs are marked as Chinese (HTML)."""
    return text if lang == "zh" else L.mark_zh(text)


def qualifier_label(q: str, lang: str) -> str:
    """A qualifier as a chart or table shows it: 约 / about, …, and — for an exact value."""
    return L.qualifier(q, lang) or "—"


def with_range(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with ``low`` and ``high``: the stated range, or the single value at both ends."""
    return df.assign(low=df["value_low"].fillna(df["value"]), high=df["value_high"].fillna(df["value"]))


def tooltips(text: L.Texts, lang: str, fields: dict[str, str]) -> list[alt.Tooltip]:
    """One tooltip per field (Altair shorthand such as ``label:N``), titled with the text of its key in ``lang``."""
    return [alt.Tooltip(field, title=text(key, lang)) for field, key in fields.items()]


def extremes_sentence(labels: list[str], texts: list[str], what: str, lang: str) -> str:
    """Alt text: what is compared and the two extremes (labels/texts sorted from highest to lowest)."""
    n = len(labels)
    if n == 0:
        return TEXT("extremes.none", lang, what=what)
    if n == 1:
        return TEXT("extremes.one", lang, what=what, label=labels[0], text=texts[0])
    return TEXT("extremes.many", lang, what=what, n=n, top=labels[0], top_text=texts[0], bottom=labels[-1],
                bottom_text=texts[-1])


def dot_range(base: alt.Chart, x_title: str, label: str, color=None, shape=None) -> alt.LayerChart:
    """Ranges as segments (low–high, both ends as stated), single values as points, a label at the high end.

    ``base`` carries the y encoding and tooltips; its data needs ``low``, ``high`` and ``value`` (0–100 %).
    ``color`` is a fixed colour string or an encoding; ``shape`` an optional shape encoding (e.g. the qualifier).
    """
    fixed = {"color": color} if isinstance(color, str) else {}
    enc = {} if isinstance(color, str) or color is None else {"color": color}
    x = alt.X("low:Q", title=x_title, scale=alt.Scale(domain=[0, 100]))
    ranges = base.mark_rule(strokeWidth=6, **fixed).encode(x=x, x2="high:Q", **enc)
    points = base.mark_point(filled=True, size=90, **fixed).encode(
        x="value:Q", **enc, **({"shape": shape} if shape is not None else {}))
    labels = base.mark_text(align="left", dx=10, dy=-10, fontSize=11).encode(x="high:Q", text=label)
    return ranges + points + labels
