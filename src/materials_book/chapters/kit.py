"""The chart kit: one row per record (a label above each bar or range, its value where it fits), the value axis,
tooltips, alt text and the finish every chart gets (name, source line, language); :class:`Rows` says what such a chart
shows and :func:`row_chart` draws it."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt
import pandas as pd

from .. import labels as L
from .frames import source_line, value_texts
from .layout import BAR, GAP, LINE, PAD, PHONE, text_width, title, wrap
from .style import ONE

TEXT = L.Texts.beside(__file__)


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


@dataclass(frozen=True)
class Rows:
    """What a chart of one row per record shows: ``kind`` ``"ranges"`` (:func:`dot_range`), ``"bars"``
    (:func:`bars`) or ``"axis_bars"`` (:func:`axis_bars`), each row labelled by the column ``label``; its words are the
    texts ``key.title``, ``key.subtitle``, ``key.x`` and ``key.alt`` of ``text``, its anchor ``#chart-<name>``;
    ``tips`` maps fields to text keys (:func:`tooltips`); the alt text names the extremes by ``alt_label`` (default
    ``label``), sorted first with ``by_value``; ``domain``, ``log`` and ``ticks`` make the value axis."""

    kind: Literal["ranges", "bars", "axis_bars"]
    label: str
    key: str
    name: str
    text: L.Texts
    tips: Mapping[str, str]
    alt_label: str | tuple[str, ...] | None = None
    by_value: bool = False
    domain: tuple[float, float] = (0, 100)
    log: bool = False
    ticks: tuple[float, ...] | None = None


def row_chart(
    spec: Rows,
    df: pd.DataFrame,
    lang: str,
    *,
    source: pd.DataFrame | None = None,
    color: Any = ONE,
    shape: alt.Shape | None = None,
    **words: str,
) -> alt.TopLevelMixin:
    """The finished chart ``spec`` describes, of the rows of ``df`` in ``lang``: titled, with alt text and a source
    line naming the documents of ``source`` (default ``df``), as :func:`framed` makes them. ``color`` is a fixed
    colour or a colour encoding, ``shape`` a shape encoding (ranges only); ``words`` (``subtitle``, ``x``, ``alt``)
    stand in for the texts of the same names."""
    unknown = set(words) - {"subtitle", "x", "alt"}
    if unknown:
        raise TypeError(f"row_chart: no words {sorted(unknown)} (subtitle, x, alt)")
    said = {w: words[w] if w in words else spec.text(f"{spec.key}.{w}", lang) for w in ("subtitle", "x", "alt")}
    tips = tooltips(spec.text, lang, dict(spec.tips))
    height = None
    if spec.kind == "ranges":
        if "value_text" not in df:
            df = df.assign(value_text=value_texts(df, lang))
        df, height = rows(df, spec.label, lang, where=place_values(df, bars=False))
        chart = dot_range(df, height, said["x"], color_=color, shape_=shape, tips=tips)
    elif spec.kind == "bars":
        values = list(spec.ticks) if spec.ticks else None
        chart, height = bars(
            df, spec.label, lang, said["x"], domain=spec.domain, log=spec.log, color_=color, tips=tips, values=values
        )
    else:
        chart = axis_bars(df, spec.label, lang, said["x"], domain=spec.domain, color_=color, tips=tips)
    return framed(
        chart,
        title=title(spec.text(f"{spec.key}.title", lang), said["subtitle"]),
        items=df,
        label=spec.alt_label or spec.label,
        what=said["alt"],
        name=spec.name,
        lang=lang,
        by_value=spec.by_value,
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
