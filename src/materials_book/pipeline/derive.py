"""Derived rows: values computed from stated or projected rows, each with its formula and its inputs named by role
(``whole=<id>;part=<id>`` for a share, ``v0=<id>;v1=<id>`` for growth; kind ``derived``).

For every series (same entity, indicator, region and unit) with values in two or more years, the growth between
consecutive years is derived: compound annual growth rate and total change, both in percent. Where a document
states a part and its whole, the share the part makes of the whole is derived too (SHARES), to set beside a
stated share.
"""

from __future__ import annotations

import pandas as pd

from ..facts import frame as facts_frame
from ..formulas import CAGR, CHANGE, SHARE, cagr, plain_number
from . import sources

GROWTH_INDICATORS = {"minerals_demand": ("demand",), "industry_figures": ("output_value",)}
# dataset -> (part id, whole id): both stated in the same unit
SHARES = {
    "bulletin_monitor": (
        ("b004.re.china_reserves", "b004.re.world_reserves"),
        ("b004.re.china_production.2020", "b004.re.world_production.2020"),
    ),
    "minerals_chain": tuple(
        (f"s003.chain.{link}.2020", "s003.chain.total.2020")
        for link in ("mining", "smelting", "new_materials", "recycling")
    ),
}
# columns a derived row takes from its later input (v1) or its part
CARRIED = ("entity", "entity_zh", "entity_en", "entity_type", "region", "group", "source", "section")


def has_rules(dataset: str) -> bool:
    return dataset in GROWTH_INDICATORS or dataset in SHARES


def _ref(r: pd.Series, year: int | None) -> str:
    """An input as the formula names it: id (value unit, year)."""
    return f"{r['id']} ({plain_number(r['value'])} {r['unit']}" + (f", {year})" if year is not None else ")")


def _row(a: pd.Series, b: pd.Series, indicator: str, value: float, formula: str, *, growth: bool = True) -> dict:
    """A derived row from inputs ``a`` and ``b``: (v0, v1) of a growth, (whole, part) of a share."""
    gl = sources.glossary()
    y0, y1 = (int(a["year"]), int(b["year"])) if growth else (None, None)
    if a["qualifier"] == b["qualifier"] == "exact":
        approx = "exact"
    elif a["qualifier"] == "exact" and b["qualifier"] in ("more_than", "less_than"):
        approx = b["qualifier"]  # a growth to "more than v1" is itself "more than"
    else:
        approx = "about"
    names = ("v0", "v1") if growth else ("whole", "part")
    return {
        "id": f"{b['id']}.{indicator}_from_{y0}" if growth else f"{b['id']}.{indicator}",
        **{k: b[k] for k in CARRIED},
        "indicator": indicator,
        "indicator_zh": gl[indicator]["zh"],
        "indicator_en": gl[indicator]["en"],
        "year": y1 if growth else b["year"],
        "period": f"{y0}-{y1}" if growth else b["period"],
        "value": value * 100,
        "value_low": None,
        "value_high": None,
        "value_as_written": None,
        "unit_as_written": None,
        "unit": "%",
        "qualifier": approx,
        "kind": "derived",
        "formula": f"100 * ({formula}) with {names[0]} = {_ref(a, y0)}, {names[1]} = {_ref(b, y1)}",
        "inputs": [f"{names[0]}={a['id']}", f"{names[1]}={b['id']}"],
        "quote": None,
        "note": "derived from inputs with qualifiers " + f"{a['qualifier']}/{b['qualifier']}",
    }


def derived(dataset: str, facts: pd.DataFrame) -> pd.DataFrame:
    """Derived share and growth rows of ``dataset`` computed from its rows."""
    rows = []
    by_id = facts.set_index("id", drop=False)
    for part, whole in SHARES.get(dataset, ()):
        p, w = by_id.loc[part], by_id.loc[whole]
        if p["unit"] != w["unit"]:
            raise ValueError(f"share {part} of {whole}: units differ ({p['unit']} vs {w['unit']})")
        rows.append(_row(w, p, "derived_share", p["value"] / w["value"], SHARE, growth=False))
    series = facts[facts["indicator"].isin(GROWTH_INDICATORS.get(dataset, ())) & facts["year"].notna()]
    for _, g in series.groupby(["entity", "indicator", "region", "unit"], dropna=False, sort=True):
        g = g.sort_values("year")
        for (_, a), (_, b) in zip(g.iloc[:-1].iterrows(), g.iloc[1:].iterrows()):
            years = int(b["year"]) - int(a["year"])
            if years <= 0 or a["value"] <= 0:
                continue
            rows.append(_row(a, b, "cagr", cagr(a["value"], b["value"], years), CAGR))
            rows.append(_row(a, b, "total_change", b["value"] / a["value"] - 1, CHANGE))
    return facts_frame(rows)
