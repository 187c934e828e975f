"""Chart theme and the offline deterministic renderer.

A chart is a figure holding its spec as JSON, a data table with the numbers it draws, and its caption (source,
CSV download, the sentences on the quotes page, a link to its stable anchor ``#chart-<name>``). Nothing runs inline:
``_static/charts.js``, loaded deferred with the vega bundle only on pages with charts, draws every figure. The HTML
id of each chart's drawing is a hash of its spec, so the same data and parameters give byte-identical outputs. Each
chart output carries a manifest entry in its metadata (``materials_book``: id, name and the rows it draws), which the
site generator turns into the chart's CSV download.
"""

from __future__ import annotations

import hashlib
import json
import re

import altair as alt

from .. import data, escape
from ..errors import DataError
from ..labels import mark_zh, pick
from ..quantities import plain

FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, sans-serif"
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
WORDS = {
    "table": ("数据表", "Data table"),
    "csv": ("数据 CSV", "data (CSV)"),
    "sentences": ("原句", "sentences"),
    "anchor": ("本图链接", "link to this chart"),
    "missing": (
        "此图需要 _static/vega-bundle.js（用 make book 构建本书）。",
        "This chart needs _static/vega-bundle.js (build the book with make book).",
    ),
}


@alt.theme.register("materials_book", enable=True)
def theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            # Titles and subtitles come broken into lines that fit a phone (frames.title); labels are never cut
            # short by a limit: they are wrapped or shortened where they are made.
            "title": {
                "fontSize": 15,
                "anchor": "start",
                "subtitleColor": "#444",
                "subtitleFontSize": 12,
                "subtitlePadding": 4,
                "offset": 14,
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelLimit": 330,
                "labelColor": "#333",
                "titleColor": "#222",
            },
            # Legends under the chart, one above the other (side by side they would not fit a phone).
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom",
                "labelLimit": 300,
                "labelColor": "#222",
                "layout": {"bottom": {"anchor": "start", "direction": "vertical"}},
            },
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


def _columns(spec) -> list[tuple[str, str]]:
    """(field, title) of what a reader reads in the chart: its tooltips, else its encoded fields, in order."""
    found: dict[str, str] = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            tips = node.get("encoding", {}).get("tooltip") if isinstance(node.get("encoding"), dict) else None
            for tip in tips if isinstance(tips, list) else []:
                if isinstance(tip, dict) and "field" in tip:
                    found.setdefault(tip["field"], str(tip.get("title", tip["field"])))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return list(found.items())


def _cell(value) -> str:
    if isinstance(value, float):
        return plain(value) if value == value else ""
    return "" if value is None else str(value)


def profile_pages() -> dict[str, str]:
    """Glossary key of an entity -> the page of the material profile that gathers its rows (none without data)."""

    try:
        tax = data.load("taxonomy")
    except DataError:
        return {}
    return {
        e: f"../generated/material_{p}.html"
        for p, entities in zip(tax["profile"], tax["entities"])
        if re.fullmatch(r"[a-z0-9_]+", str(p))
        for e in str(entities).split(";")
    }


def data_table(spec: dict, rows: list[dict], lang: str) -> str:
    """The chart's numbers without a mouse: a table of the fields its tooltips show, one row per drawn row; the first
    cell of a row about a material with a profile page links to it (a tooltip cannot hold a link)."""
    columns = [(f, t) for f, t in _columns(spec) if any(f in r for r in rows)]
    if not columns:
        return ""

    def cell(value) -> str:  # on English pages the documents' own writing is marked as Chinese
        text = escape.html_text(_cell(value))
        return mark_zh(text) if lang == "en" else text

    pages = profile_pages()

    def first(row: dict, field: str) -> str:
        href = pages.get(str(row.get("entity")))
        text = cell(row.get(field))
        return f'<a href="{escape.html_attribute(href)}">{text}</a>' if href and text else text

    # Cells are separated by whitespace: the search index strips tags and would glue "lithium</td><td>2020".
    head = " ".join(f'<th scope="col">{cell(t)}</th>' for _, t in columns)
    body = "\n".join(
        "<tr>"
        + " ".join(f"<td>{first(r, f) if i == 0 else cell(r.get(f))}</td>" for i, (f, _) in enumerate(columns))
        + "</tr>"
        for r in rows
    )
    return (
        f'<details class="mb-table"><summary>{pick(lang, *WORDS["table"])}</summary>'
        f'<div class="mb-table-scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
        "</details>\n"
    )


def render(spec: dict, **_) -> tuple[dict, dict]:
    """Altair renderer: the chart's figure (no script, no random id, no CDN) and its manifest entry."""
    spec = dict(spec)
    usermeta = spec.pop("usermeta", {}) or {}
    lang = usermeta.get("lang", "zh")
    text = _spec_json(spec)
    uid = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    name = usermeta.get("name") or uid
    rows = drawn_rows(spec)
    alt_text = escape.html_attribute(usermeta.get("alt", ""))
    source = escape.html_text(usermeta.get("source", ""))
    if lang == "en":  # authors, titles and sections of the documents stay Chinese: marked as such
        source = mark_zh(source)
    word = pick(lang, *WORDS["sentences"])
    sentences = "".join(
        f' · <a class="mb-quotes" href="../generated/quotes.html#doc-{d}">{word} [{d}]</a>'
        for d in dict.fromkeys(re.findall(r"\[(\d{3})\]", source))
    )
    csv = pick(lang, *WORDS["csv"])
    data_link = f'<a class="mb-data" href="../_static/downloads/charts/{uid}.csv" download>{csv}</a>'
    anchor = f'<a class="mb-anchor" href="#chart-{name}" aria-label="{pick(lang, *WORDS["anchor"])}">#</a>'
    missing = escape.html_attribute(pick(lang, *WORDS["missing"]))
    markup = (
        f'<figure class="mb-chart" id="chart-{name}">\n'
        f'<div id="vis-{uid}" class="mb-vega" role="img" aria-label="{alt_text}" data-missing="{missing}"></div>\n'
        f"{data_table(spec, rows, lang)}"
        f'<figcaption class="mb-source">{source} · {data_link}{sentences} {anchor}</figcaption>\n'
        f'<script type="application/json" class="mb-spec">{escape.script_json(text)}</script>\n</figure>'
    )
    return {"text/html": markup}, {"materials_book": {"chart": uid, "name": name, "rows": rows}}


alt.renderers.register("materials_book", render)
alt.renderers.enable("materials_book")
