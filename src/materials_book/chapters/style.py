"""One colour and one shape per thing a mark stands for, keyed by glossary key, kind or qualifier (never by a
translated label or by order), so the same thing looks the same in every chart of both editions."""

from __future__ import annotations

import altair as alt

from .. import labels as L
from .frames import names

TEXT = L.Texts.beside(__file__)


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


def _keyed(keys: list[str], lang: str, table: dict[str, str]) -> dict:
    """The sort and scale of an encoding by style name: each of ``keys`` (once, in order) mapped to its entry."""
    keys = list(dict.fromkeys(keys))
    names = [style_name(k, lang) for k in keys]
    return {"sort": names, "scale": alt.Scale(domain=names, range=[table[k] for k in keys])}


def color(field: str, keys: list[str], lang: str, legend: bool = True) -> alt.Color:
    """Colour by ``field`` (holding style_name of a key): the fixed colour of each of ``keys``."""
    legend_ = alt.Legend(orient="bottom", direction="vertical") if legend else None
    return alt.Color(field, title=None, legend=legend_, **_keyed(keys, lang, COLORS))


def shape(field: str, keys: list[str], lang: str, title: str | None = None) -> alt.Shape:
    """Shape by ``field`` (holding style_name of a key): the fixed shape of each of ``keys``."""
    legend = alt.Legend(orient="bottom", direction="vertical")
    return alt.Shape(field, title=title, legend=legend, **_keyed(keys, lang, SHAPES))
