"""Shared by the chapter modules: source lines, alt text, value labels and the dot-and-range layer."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .. import data, labels as L


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
        title = docs[src]["title"] if lang == "zh" else docs[src]["title_en"]
        authors = docs[src]["authors"].split(" (")[0]
        authors = "" if authors.startswith("not stated") else authors + (" " if lang == "zh" else ", ")
        items.append(f"[{src}] {authors}《{title}》 §{'；§'.join(sections)}" if lang == "zh"
                     else f"[{src}] {authors}\u201c{title}\u201d, § {'; § '.join(sections)}")
    return L.pick(lang, "来源：", "Source: ") + L.pick(lang, "；", "; ").join(items)


def finish(chart: alt.TopLevelMixin, *, source: str, alt_text: str, lang: str) -> alt.TopLevelMixin:
    """Attach the source line, alt text and language that the renderer puts around the chart; room on the right for
    labels."""
    return chart.properties(usermeta={"source": source, "alt": alt_text, "lang": lang},
                            padding={"left": 5, "top": 5, "bottom": 5, "right": 90},
                            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


def written_label(row: pd.Series, lang: str) -> str:
    """How a value reads in a label or tooltip: the document's own writing plus the year if any."""
    year = f" ({int(row['year'])})" if pd.notna(row.get("year")) else ""
    return f"{row['value_as_written']}{year}"


def extremes_sentence(labels: list[str], texts: list[str], what: str, lang: str) -> str:
    """Alt text: what is compared and the two extremes (labels/texts sorted from highest to lowest)."""
    n = len(labels)
    if n == 0:
        return L.pick(lang, f"{what}：无数据。", f"{what}: no data.")
    if n == 1:
        return L.pick(lang, f"{what}：{labels[0]}为{texts[0]}。", f"{what}: {labels[0]} at {texts[0]}.")
    return L.pick(lang, f"{what}，共{n}项：最高为{labels[0]}（{texts[0]}），最低为{labels[-1]}（{texts[-1]}）。",
                  f"{what}, {n} items: highest {labels[0]} ({texts[0]}), lowest {labels[-1]} ({texts[-1]}).")


def dot_range(base: alt.Chart, x_title: str, label: str, color=None, shape=None) -> alt.LayerChart:
    """Ranges as segments (low–high, both ends as stated), single values as points, a label at the high end.

    ``base`` carries the y encoding and tooltips; its data needs ``low``, ``high`` and ``value`` (0–100 %).
    ``color`` is a fixed colour string or an encoding; ``shape`` an optional shape encoding (e.g. the qualifier).
    """
    fixed = {"color": color} if isinstance(color, str) else {}
    enc = {} if isinstance(color, str) or color is None else {"color": color}
    x = alt.X("low:Q", title=x_title, scale=alt.Scale(domain=[0, 100]))
    ranges = base.mark_rule(strokeWidth=6, **fixed).encode(x=x, x2="high:Q", **enc)
    points = base.mark_point(filled=True, size=90, **fixed).encode(x="value:Q", **enc, **({"shape": shape} if shape is not None else {}))
    labels = base.mark_text(align="left", dx=10, dy=-10, fontSize=11).encode(x="high:Q", text=label)
    return ranges + points + labels
