"""Shared by the chapter modules: glossary names, source lines, alt text, value labels, ranges, tooltips; one colour
and shape per thing; and the layout that lets every chart take its column's width from a 390 px phone to a desktop
(labels wrapped deliberately, titles in lines, values placed where they fit)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import altair as alt
import pandas as pd

from .. import data, escape
from .. import labels as L
from ..quantities import derived_digits, restored, shown

TEXT = L.Texts.beside(__file__)
REGIONS = ("CN", "US", "EU", "JP", "KR", "WORLD")  # the region codes of the data

# --- one colour and shape per thing ----------------------------------------------------------------------------------
# Keyed by what a mark stands for (glossary key of an entity, indicator or region; kind or qualifier of a value), never
# by a translated label or by order, so the same thing looks the same in every chart of both editions.
COLORS = {
    # minerals
    "steel": "#5f6b7a",
    "iron_concentrate": "#8c564b",
    "manganese_ore": "#9467bd",
    "copper": "#d55e00",
    "aluminium": "#0072b2",
    "lithium": "#009e73",
    "cobalt": "#332288",
    "nickel": "#e69f00",
    "rare_earths": "#cc79a7",
    # regions
    "region_cn": "#c0392b",
    "region_world": "#7f8c8d",
    "region_us": "#1f4e8c",
    "region_eu": "#2e86c1",
    "region_jp": "#8e44ad",
    "region_kr": "#16a085",
    # kinds of value
    "stated": "#0072b2",
    "projection": "#e69f00",
    "derived": "#999999",
    "target": "#009e73",
    # indicators drawn side by side
    "world_output_share": "#4e79a7",
    "world_consumption_share": "#f28e2b",
    "secondary_supply_share": "#009e73",
    "scrap_share_of_steel_raw_material": "#5f6b7a",
    "recycling_rate": "#cc79a7",
}
SHAPES = {
    # kinds of value
    "stated": "circle",
    "projection": "diamond",
    "derived": "triangle-up",
    "target": "square",
    # qualifiers: a triangle points the way the true value may lie
    "exact": "circle",
    "about": "diamond",
    "nearly": "diamond",
    "more_than": "triangle-right",
    "at_least": "triangle-right",
    "less_than": "triangle-left",
    "at_most": "triangle-left",
    "range": "square",
}
ONE = "#4e79a7"  # the colour of a chart's only series
ORANGE, BLUE, GREEN, GREY = "#D55E00", "#0072B2", "#009E73", "#333333"  # of the charts with controls (Okabe-Ito)
FOCUS = "#c0392b"  # what a chart highlights

# --- layout ----------------------------------------------------------------------------------------------------------
PHONE = 330  # px: the plot a chart must fit on a 390 px phone (a 342 px drawing less its padding)
WIDE = 730  # px: the plot of a desktop column (a 768 px drawing)
NARROW_BELOW = 500  # px: containers narrower than this get the phone's line breaks in titles
LINE = 15  # px: one line of 12 px text
BAR = 14  # px: thickness of a bar or range
GAP = 12  # px: between two rows
PAD = 5  # px: padding around a chart
# Advance widths (1/100 em) of ASCII 32–126, the wider of the Latin and the CJK font; anything else counts 1 em.
_ASCII = (
    32,
    40,
    47,
    84,
    64,
    95,
    78,
    28,
    39,
    39,
    50,
    84,
    32,
    36,
    32,
    39,
    64,
    64,
    64,
    64,
    64,
    64,
    64,
    64,
    64,
    64,
    34,
    34,
    84,
    84,
    84,
    53,
    100,
    68,
    69,
    70,
    77,
    63,
    58,
    77,
    75,
    29,
    53,
    66,
    56,
    86,
    75,
    79,
    63,
    79,
    69,
    63,
    61,
    73,
    68,
    99,
    69,
    61,
    69,
    39,
    39,
    39,
    84,
    56,
    61,
    61,
    63,
    55,
    63,
    62,
    35,
    63,
    63,
    28,
    28,
    58,
    28,
    97,
    63,
    61,
    63,
    63,
    41,
    52,
    39,
    63,
    59,
    82,
    59,
    59,
    52,
    64,
    34,
    64,
    84,
)
_NARROW = {
    "\xa0": 32,
    "·": 38,
    "–": 54,
    "’": 38,
    "‘": 38,
    "×": 84,
    "°": 40,
    "μ": 64,
    "é": 62,
    **{c: 44 for c in "⁰¹²³⁴⁵⁶⁷⁸⁹"},
}
_TOKENS = re.compile(
    r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f《》“”]|[^ \t\n\u2e80-\u9fff\uf900-\ufaff"
    r"\uff00-\uffef\u3000-\u303f《》“”]+|[ \t\n]+"
)  # a no-break space (U+00A0) joins
_NO_LINE_START = set("，。、；：？！）》」』”%％")
_NO_LINE_END = set("（《「『“")


def text_width(text: str, font: float = 12, bold: bool = False) -> float:
    """Estimated width in px of ``text`` set at ``font`` px (bold about 8% wider)."""
    units = sum(_ASCII[ord(c) - 32] if 32 <= ord(c) < 127 else _NARROW.get(c, 100) for c in text)
    return units / 100 * font * (1.08 if bold else 1.0)


def wrap(text: str, px: float = PHONE, font: float = 12, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``px``: between words in English, between characters in Chinese
    (never before a closing or after an opening punctuation mark, after a comma where one is near); a word longer than
    a line keeps a line of its own. Lines are balanced: as narrow as they can be without needing one more line."""
    greedy = _wrap(text, px, font, bold)
    if len(greedy) < 2:
        return greedy
    lo, hi = px * 0.5, px
    while hi - lo > 2:
        mid = (lo + hi) / 2
        if len(_wrap(text, mid, font, bold)) > len(greedy):
            lo = mid
        else:
            hi = mid
    return _wrap(text, hi, font, bold)


def _wrap(text: str, px: float, font: float, bold: bool) -> list[str]:
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(str(text)):
        if not token.strip(" \t\n"):
            line += " " if line else ""
            continue
        candidate = line + token
        if (
            not line
            or text_width(candidate.rstrip(), font, bold) <= px
            or token[0] in _NO_LINE_START
            or (line[-1] in _NO_LINE_END)
        ):
            line = candidate
        else:
            # Chinese: break after the last comma-like mark in the second half of the line, if there is one
            cut = max(line.rfind(m) for m in "，；、：")
            if cut >= len(line) / 2 and cut < len(line) - 1:
                lines.append(line[: cut + 1])
                line = line[cut + 1 :] + token
            else:
                lines.append(line.rstrip())
                line = token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def lines(text: str, px: float = PHONE, font: float = 12, bold: bool = False) -> str:
    """:func:`wrap` joined by newlines, for a text mark with ``lineBreak="\\n"`` or an axis label split in Vega."""
    return "\n".join(wrap(text, px, font, bold))


def title(text: str, subtitle: str | None = None) -> alt.Title:
    """A chart title that fits its column: on one line where there is room, in the phone's lines in a narrow
    container; the subtitle in lines that fit a phone."""
    narrow, wide = wrap(text, PHONE, 15, bold=True), wrap(text, WIDE, 15, bold=True)
    head: str | list[str] | alt.ExprRef
    if narrow == wide:
        head = wide[0] if len(wide) == 1 else wide
    else:
        head = alt.ExprRef(
            expr=f"containerSize()[0] < {NARROW_BELOW} ? {json.dumps(narrow, ensure_ascii=False)} : "
            f"{json.dumps(wide if len(wide) > 1 else wide[0], ensure_ascii=False)}"
        )
    extra: dict[str, Any] = {"subtitle": wrap(subtitle, PHONE, 12)} if subtitle else {}
    return alt.Title(head, **extra)


def style_name(key: str, lang: str) -> str:
    """The name a legend shows for a style key: a kind or qualifier of value, else the glossary's name."""
    if key in L.KIND_LABELS:
        return L.kind(key, lang)
    if key in L.QUALIFIER_LABELS:
        return L.qualifier(key, lang) or TEXT("single_value", lang)
    return names(lang)[key]


def legend_keys(lang: str) -> dict[str, str]:
    """Legend label in ``lang`` -> style key, for every key that has a colour or shape (the inverse of style_name)."""
    return {style_name(k, lang): k for k in {**COLORS, **SHAPES}}


def color(field: str, keys: list[str], lang: str, legend: bool = True) -> alt.Color:
    """Colour by ``field`` (holding style_name of a key): the fixed colour of each of ``keys``."""
    keys = list(dict.fromkeys(keys))
    return alt.Color(
        field,
        title=None,
        sort=[style_name(k, lang) for k in keys],
        scale=alt.Scale(domain=[style_name(k, lang) for k in keys], range=[COLORS[k] for k in keys]),
        legend=alt.Legend(orient="bottom", direction="vertical") if legend else None,
    )


def shape(field: str, keys: list[str], lang: str, title: str | None = None) -> alt.Shape:
    """Shape by ``field`` (holding style_name of a key): the fixed shape of each of ``keys``."""
    keys = list(dict.fromkeys(keys))
    return alt.Shape(
        field,
        title=title,
        sort=[style_name(k, lang) for k in keys],
        scale=alt.Scale(domain=[style_name(k, lang) for k in keys], range=[SHAPES[k] for k in keys]),
        legend=alt.Legend(orient="bottom", direction="vertical"),
    )


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


def finish(
    chart: alt.TopLevelMixin, *, name: str, source: str, alt_text: str, lang: str, right: int = 90
) -> alt.TopLevelMixin:
    """Attach what the renderer puts around the chart: its name (the stable anchor ``#chart-<name>``, the same in
    both editions), source line, alt text and language; ``right`` px of room on the right for labels."""
    return chart.properties(
        usermeta={"name": name, "source": source, "alt": alt_text, "lang": lang},
        padding={"left": PAD, "top": PAD, "bottom": PAD, "right": right},
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )


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
    return TEXT(
        "extremes.many",
        lang,
        what=what,
        n=n,
        top=labels[0],
        top_text=texts[0],
        bottom=labels[-1],
        bottom_text=texts[-1],
    )


# --- rows: a label above each bar or range, its value where it fits ---------------------------------------------------
def _px(v: float, domain: tuple[float, float], width: float, log: bool) -> float:
    lo, hi = domain
    if log:
        return (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * width
    return (v - lo) / (hi - lo) * width


def place_values(
    df: pd.DataFrame,
    *,
    text: str = "value_text",
    low: str = "low",
    high: str = "high",
    domain: tuple[float, float] = (0, 100),
    log: bool = False,
    bars: bool = True,
    width: float = PHONE,
    font: float = 11,
) -> pd.Series:
    """Where each row's value text fits on a phone: ``after`` the high end, ``inside`` a bar's end, ``before`` a
    range's low end, else ``label`` (with the row's label)."""
    where = []
    for lo, hi, t in zip(df[low], df[high], df[text]):
        w = text_width(t, font)
        a, b = _px(lo, domain, width, log), _px(hi, domain, width, log)
        if b + 6 + w <= width:
            where.append("after")
        elif bars and b - a >= w + 10:
            where.append("inside")
        elif not bars and a - 10 >= w:
            where.append("before")
        else:
            where.append("label")
    return pd.Series(where, index=df.index)


def rows(
    df: pd.DataFrame, label: str, lang: str, *, value: str | None = "value_text", where: pd.Series | None = None
) -> tuple[pd.DataFrame, int]:
    """Lay out one row per record: its ``label`` wrapped for a phone (with its value when the value fits nowhere
    else), then its bar or range. Adds ``label_lines``, ``top`` (px of the label), ``mid``, ``bar_top`` and
    ``bar_bottom`` (px of the mark); returns the frame and the height of the rows in px."""
    out = df.copy()
    texts = out[label].tolist()
    if value is not None and where is not None:
        texts = [
            TEXT("value_in_label", lang, label=t, text=v) if w == "label" else t
            for t, v, w in zip(texts, out[value], where)
        ]
    wrapped = [wrap(t) for t in texts]
    y, tops, mids = 0.0, [], []
    for ls in wrapped:
        tops.append(y)
        y += len(ls) * LINE + 2 + BAR / 2
        mids.append(y)
        y += BAR / 2 + GAP
    out["label_lines"] = ["\n".join(ls) for ls in wrapped]
    out["top"], out["mid"] = tops, mids
    out["bar_top"], out["bar_bottom"] = out["mid"] - BAR / 2, out["mid"] + BAR / 2
    if where is not None:
        out["place"] = where.to_numpy()
    return out, int(math.ceil(y - GAP + 1))


def row_y(height: int, field: str = "mid") -> alt.Y:
    """The vertical position of a rows layout, in px from the top."""
    return alt.Y(f"{field}:Q", axis=None, scale=alt.Scale(domain=[0, height], reverse=True, nice=False, zero=False))


def row_labels(chart: alt.Chart, height: int) -> alt.Chart:
    """The label lines of a rows layout, from the left edge."""
    return chart.mark_text(
        align="left", baseline="top", lineBreak="\n", lineHeight=LINE, fontSize=12, color="#222"
    ).encode(x=alt.value(0), y=row_y(height, "top"), text="label_lines:N")


def row_values(
    chart: alt.Chart, height: int, *, low: str = "low:Q", high: str = "high:Q", text: str = "value_text:N"
) -> list[alt.Chart]:
    """Each value where :func:`place_values` put it: after the high end, inside a bar's end, before the low end."""
    y = row_y(height)
    common: dict[str, Any] = {"baseline": "middle", "fontSize": 11}
    return [
        chart.transform_filter(alt.datum.place == "after")
        .mark_text(align="left", dx=6, color="#222", **common)
        .encode(x=high, y=y, text=text),
        chart.transform_filter(alt.datum.place == "inside")
        .mark_text(align="right", dx=-5, color="white", fontWeight="bold", **common)
        .encode(x=high, y=y, text=text),
        chart.transform_filter(alt.datum.place == "before")
        .mark_text(align="right", dx=-9, color="#222", **common)
        .encode(x=low, y=y, text=text),
    ]


def x_axis(field: str, title_: str, domain=(0, 100), log: bool = False, values: list[float] | None = None) -> alt.X:
    """The value axis under a rows layout (every layer gives the same title, so Vega-Lite does not join them)."""
    scale = alt.Scale(domain=list(domain), nice=False, type="log" if log else alt.Undefined)
    ticks = {"values": values} if values else {"tickCount": 5}
    return alt.X(field, title=title_, scale=scale, axis=alt.Axis(labelFlush=True, **ticks))


def dot_range(
    df: pd.DataFrame, height: int, x_title: str, *, color_=None, shape_=None, tips: list[alt.Tooltip] | None = None
) -> alt.TopLevelMixin:
    """Ranges as segments (low–high, both ends as stated), single values as points, in a rows layout (see
    :func:`rows` and :func:`place_values` with ``bars=False``); the label above each row, the value beside it.

    ``color_`` is a fixed colour string or a colour encoding; ``shape_`` an optional shape encoding (the qualifier).
    """
    base = alt.Chart(df).encode(tooltip=tips or [])
    fixed: dict[str, Any] = {"color": color_} if isinstance(color_, str) else {}
    enc: dict[str, Any] = {} if isinstance(color_, str) or color_ is None else {"color": color_}
    y = row_y(height)
    ranges = (
        base.transform_filter(alt.datum.high > alt.datum.low)
        .mark_rule(strokeWidth=6, **fixed)
        .encode(x=x_axis("low:Q", x_title), x2="high:Q", y=y, **enc)
    )
    points = base.mark_point(filled=True, size=110, opacity=1, **fixed).encode(
        x=x_axis("value:Q", x_title), y=y, **enc, **({"shape": shape_} if shape_ is not None else {})
    )
    return alt.layer(ranges, points, row_labels(base, height), *row_values(base, height))


def bars(
    df: pd.DataFrame,
    label: str,
    lang: str,
    x_title: str,
    *,
    domain=(0, 100),
    log: bool = False,
    color_=ONE,
    tips: list[alt.Tooltip] | None = None,
    values: list[float] | None = None,
) -> tuple[alt.TopLevelMixin, int]:
    """Horizontal bars in a rows layout: each row's ``label`` above its bar (from 0, or from 1 on a log scale; a
    stated range from its low to its high end), its value (``value_text``, else :func:`value_text`) at the bar's end
    or inside it; returns the chart and its height in px."""
    df = df.assign(start=1.0 if log else 0.0)
    if "value_low" in df and "value_high" in df:  # a stated range is a bar from its low to its high end
        ranged = df["value_low"].notna() & df["value_high"].notna()
        df["start"] = df["value_low"].where(ranged, df["start"])
        df["value"] = df["value_high"].where(ranged, df["value"])
    if "value_text" not in df:
        df["value_text"] = value_texts(df, lang)
    where = place_values(df, low="start", high="value", domain=domain, log=log)
    df, height = rows(df, label, lang, where=where)
    base = alt.Chart(df).encode(tooltip=tips or [])
    fixed: dict[str, Any] = {"color": color_} if isinstance(color_, str) else {}
    enc: dict[str, Any] = {} if isinstance(color_, str) else {"color": color_}
    rect = base.mark_rect(**fixed).encode(
        x=x_axis("start:Q", x_title, domain, log, values),
        x2="value:Q",
        y=row_y(height, "bar_top"),
        y2="bar_bottom:Q",
        **enc,
    )
    return alt.layer(rect, row_labels(base, height), *row_values(base, height, low="start:Q", high="value:Q")), height


def axis_bars(
    df: pd.DataFrame,
    label: str,
    lang: str,
    x_title: str,
    *,
    domain=(0, 100),
    color_=ONE,
    tips: list[alt.Tooltip] | None = None,
    step: int = 24,
) -> alt.TopLevelMixin:
    """Horizontal bars for short labels (on the axis, never longer than a third of a phone's plot), the value at the
    bar's end or inside it; labels must be distinct."""
    df = df.assign(start=0.0)
    if "value_text" not in df:
        df["value_text"] = value_texts(df, lang)
    axis_px = max(text_width(t) for t in df[label]) + 10
    df["place"] = (
        place_values(df, low="start", high="value", domain=domain, width=PHONE - axis_px)
        .replace({"label": "after"})
        .to_numpy()
    )
    y = alt.Y(f"{label}:N", sort=df[label].tolist(), title=None, axis=alt.Axis(ticks=False, domain=False))
    base = alt.Chart(df).encode(y=y, tooltip=tips or [])
    fixed: dict[str, Any] = {"color": color_} if isinstance(color_, str) else {}
    enc: dict[str, Any] = {} if isinstance(color_, str) else {"color": color_}
    rect = base.mark_bar(height=BAR, **fixed).encode(x=x_axis("start:Q", x_title, domain), x2="value:Q", **enc)
    common: dict[str, Any] = {"baseline": "middle", "fontSize": 11}
    after = base.transform_filter(alt.datum.place == "after").mark_text(align="left", dx=6, color="#222", **common)
    inside = base.transform_filter(alt.datum.place == "inside").mark_text(
        align="right", dx=-5, color="white", fontWeight="bold", **common
    )
    return alt.layer(rect, *(m.encode(x="value:Q", text="value_text:N") for m in (after, inside))).properties(
        height=alt.Step(step)
    )


def framed(
    chart: alt.TopLevelMixin,
    *,
    title: alt.Title,
    items: pd.DataFrame,
    what: str,
    name: str,
    lang: str,
    label: str | tuple[str, ...] = "label",
    by_value: bool = False,
    height: int | None = None,
    source: pd.DataFrame | None = None,
) -> alt.TopLevelMixin:
    """``chart`` titled, as wide as its column (``height`` px high, else as the chart sets it) and finished (see
    :func:`finish`, no room on the right): its alt text names the extremes of ``items`` (already from highest to
    lowest, or sorted so with ``by_value``) by ``label`` (a column, or columns joined by " · ") and ``value_text``
    (else :func:`value_text`); its source line is that of ``source`` (default ``items``)."""
    chart = chart.properties(title=title, width="container", **({} if height is None else {"height": height}))
    o = items.sort_values("value", ascending=False) if by_value else items
    labels = o[label] if isinstance(label, str) else o[list(label)].agg(" · ".join, axis=1)
    texts = o["value_text"].tolist() if "value_text" in o else value_texts(o, lang)
    return finish(
        chart,
        name=name,
        source=source_line(items if source is None else source, lang),
        alt_text=extremes_sentence(labels.tolist(), texts, what, lang),
        lang=lang,
        right=PAD,
    )


def row_chart(
    kind: str,
    df: pd.DataFrame,
    label: str,
    lang: str,
    *,
    text: L.Texts,
    key: str,
    name: str,
    tips: dict[str, str],
    subtitle: str | None = None,
    x_title: str | None = None,
    what: str | None = None,
    alt_label: str | tuple[str, ...] | None = None,
    by_value: bool = False,
    source: pd.DataFrame | None = None,
    **draw,
) -> alt.TopLevelMixin:
    """A finished chart of one row per record of ``df`` labelled by ``label``: ``kind`` ``"ranges"`` (:func:`rows`
    and :func:`dot_range`; ``draw`` may give ``color_`` and ``shape_``), ``"bars"`` (:func:`bars`) or ``"axis_bars"``
    (:func:`axis_bars`), ``draw`` passed on; titled and with alt text and source line as :func:`framed` makes them
    (``alt_label`` defaults to ``label``). Its words are the module's texts ``key.title``, ``key.subtitle``, ``key.x``
    and ``key.alt`` unless given; ``tips`` maps fields to text keys (:func:`tooltips`)."""
    title_ = title(text(f"{key}.title", lang), text(f"{key}.subtitle", lang) if subtitle is None else subtitle)
    x_title = text(f"{key}.x", lang) if x_title is None else x_title
    what = text(f"{key}.alt", lang) if what is None else what
    tip_list = tooltips(text, lang, tips)
    height = None
    if kind == "ranges":
        if "value_text" not in df:
            df = df.assign(value_text=value_texts(df, lang))
        df, height = rows(df, label, lang, where=place_values(df, bars=False))
        chart = dot_range(df, height, x_title, **{"color_": ONE, **draw}, tips=tip_list)
    elif kind == "bars":
        chart, height = bars(df, label, lang, x_title, tips=tip_list, **draw)
    else:
        chart = axis_bars(df, label, lang, x_title, tips=tip_list, **draw)
    return framed(
        chart,
        title=title_,
        items=df,
        label=alt_label or label,
        what=what,
        name=name,
        lang=lang,
        by_value=by_value,
        height=height,
        source=source,
    )


def vega_text(text: str) -> str:
    """``text`` as a Vega string expression, each part between NUL characters an expression spliced in: the words
    are quoted as JSON strings, so an apostrophe or a quote in a translation cannot end the string."""
    pieces = text.split("\0")
    return " + ".join(
        json.dumps(p, ensure_ascii=False) if i % 2 == 0 else f"({p})" for i, p in enumerate(pieces) if p or i % 2
    )
