"""Chart theme, the offline deterministic renderer, source lines and alt text.

Charts draw with the vega bundle in ``_static/vega-bundle.js`` (no CDN). The HTML id of each chart is a hash
of its spec, so the same data and parameters give byte-identical notebook outputs.
"""
from __future__ import annotations

import hashlib
import html
import json
import re

import altair as alt
import pandas as pd

from . import build, lang as L

FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, sans-serif"
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
EMBED_OPTIONS = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}


@alt.theme.register("materials_book", enable=True)
def theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "title": {"fontSize": 15, "anchor": "start", "subtitleColor": "#555", "subtitleFontSize": 12},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 260},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "labelLimit": 260},
            "range": {"category": PALETTE},
            "view": {"stroke": None},
        }
    }


def _spec_json(spec: dict) -> str:
    return json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def render(spec: dict, **_) -> dict:
    """Altair renderer: a figure with the chart, its alt text and source line, no random id, no CDN."""
    spec = dict(spec)
    usermeta = spec.pop("usermeta", {}) or {}
    text = _spec_json(spec)
    uid = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    alt_text = html.escape(usermeta.get("alt", ""), quote=True)
    source = html.escape(usermeta.get("source", ""))
    options = _spec_json(EMBED_OPTIONS)
    zh = source.startswith("来源")
    sentences = "".join(f' · <a class="mb-quotes" href="../quotes.html#doc-{d}">{"原句" if zh else "sentences"} [{d}]</a>'
                        for d in dict.fromkeys(re.findall(r"\[(\d{3})\]", source)))
    safe = text.replace("</", "<\\/")
    markup = (
        f'<figure class="mb-chart" id="fig-{uid}">\n'
        f'<div id="vis-{uid}" class="mb-vega" role="img" aria-label="{alt_text}"></div>\n'
        f'<figcaption class="mb-source">{source} · <a class="mb-data" href="../_static/downloads/charts/{uid}.csv" download>'
        f'{"数据 CSV" if zh else "data (CSV)"}</a>{sentences}</figcaption>\n'
        f'<script type="application/json" id="spec-{uid}">{safe}</script>\n'
        "<script>(function(){"
        f'var el=document.getElementById("vis-{uid}");'
        f'var spec=JSON.parse(document.getElementById("spec-{uid}").textContent);'
        'if(!window.vegaEmbed){el.textContent="This chart needs _static/vega-bundle.js (build the book with make book).";return;}'
        f"window.vegaEmbed(el,spec,{options}).catch(function(e){{el.textContent=String(e);console.error(e);}});"
        "})();</script>\n</figure>"
    )
    return {"text/html": markup}


alt.renderers.register("materials_book", render)
alt.renderers.enable("materials_book")


def source_line(df: pd.DataFrame, lang: str) -> str:
    """'来源：…' naming each document and section of the rows drawn, in order of first appearance."""
    docs = build.documents()
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


def finish(chart: alt.TopLevelMixin, *, source: str, alt_text: str) -> alt.TopLevelMixin:
    """Attach the source line and alt text that the renderer puts around the chart; room on the right for labels."""
    return chart.properties(usermeta={"source": source, "alt": alt_text}, padding={"left": 5, "top": 5, "bottom": 5, "right": 90},
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
