"""Chart theme and the offline deterministic renderer.

Charts draw with the vega bundle in ``_static/vega-bundle.js`` (no CDN). The HTML id of each chart is a hash
of its spec, so the same data and parameters give byte-identical notebook outputs. Each chart output carries a
manifest entry in its metadata (``materials_book.chart``: id and the rows it draws), which the site generator
turns into the chart's CSV download.
"""
from __future__ import annotations

import hashlib
import html
import json
import re

import altair as alt

from ..labels import pick

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


def drawn_rows(spec: dict) -> list[dict]:
    """The rows a chart draws: its largest inline dataset."""
    datasets = spec.get("datasets", {})
    return max(datasets.values(), key=len) if datasets else spec.get("data", {}).get("values", [])


def render(spec: dict, **_) -> tuple[dict, dict]:
    """Altair renderer: a figure with the chart, its alt text and source line, no random id, no CDN; the chart's
    manifest entry goes into the output metadata."""
    spec = dict(spec)
    usermeta = spec.pop("usermeta", {}) or {}
    lang = usermeta.get("lang", "zh")
    text = _spec_json(spec)
    uid = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    alt_text = html.escape(usermeta.get("alt", ""), quote=True)
    source = html.escape(usermeta.get("source", ""))
    options = _spec_json(EMBED_OPTIONS)
    word = pick(lang, "原句", "sentences")
    sentences = "".join(f' · <a class="mb-quotes" href="../generated/quotes.html#doc-{d}">{word} [{d}]</a>'
                        for d in dict.fromkeys(re.findall(r"\[(\d{3})\]", source)))
    safe = text.replace("</", "<\\/")
    data_link = (f'<a class="mb-data" href="../_static/downloads/charts/{uid}.csv" download>'
                 f'{pick(lang, "数据 CSV", "data (CSV)")}</a>')
    markup = (
        f'<figure class="mb-chart" id="fig-{uid}">\n'
        f'<div id="vis-{uid}" class="mb-vega" role="img" aria-label="{alt_text}"></div>\n'
        f'<figcaption class="mb-source">{source} · {data_link}{sentences}</figcaption>\n'
        f'<script type="application/json" id="spec-{uid}">{safe}</script>\n'
        "<script>(function(){"
        f'var el=document.getElementById("vis-{uid}");'
        f'var spec=JSON.parse(document.getElementById("spec-{uid}").textContent);'
        'if(!window.vegaEmbed){el.textContent="This chart needs _static/vega-bundle.js (build the book with make book).";'
        "return;}"
        f"window.vegaEmbed(el,spec,{options})"
        ".catch(function(e){el.textContent=String(e);console.error(e);});"
        "})();</script>\n</figure>"
    )
    return {"text/html": markup}, {"materials_book": {"chart": uid, "rows": drawn_rows(spec)}}


alt.renderers.register("materials_book", render)
alt.renderers.enable("materials_book")


