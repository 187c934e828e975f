"""Derived rows: values computed from stated or projected rows, each with its formula and input ids (kind ``derived``).

For every series (same entity, indicator, region and unit) with values in two or more years, the growth between
consecutive years is derived: compound annual growth rate and total change, both in percent.
"""
from __future__ import annotations

import pandas as pd

from . import lang, sources

GROWTH_INDICATORS = {"minerals_demand": ("demand",), "industry_figures": ("output_value",)}
CAGR = "(v1 / v0) ** (1 / (y1 - y0)) - 1"
CHANGE = "v1 / v0 - 1"


def has_rules(dataset: str) -> bool:
    return dataset in GROWTH_INDICATORS


def cagr(v0: float, v1: float, years: int) -> float:
    """Compound annual growth rate (a fraction) from ``v0`` to ``v1`` over ``years``."""
    if years <= 0 or v0 <= 0:
        raise ValueError(f"CAGR needs a positive start value and span, got v0={v0}, years={years}")
    return (v1 / v0) ** (1 / years) - 1


def _row(a: pd.Series, b: pd.Series, indicator: str, value: float, formula: str) -> dict:
    gl = sources.glossary()
    y0, y1 = int(a["year"]), int(b["year"])
    if a["qualifier"] == b["qualifier"] == "exact":
        approx = "exact"
    elif a["qualifier"] == "exact" and b["qualifier"] in ("more_than", "less_than"):
        approx = b["qualifier"]  # a growth to "more than v1" is itself "more than"
    else:
        approx = "about"
    return {
        "id": f"{b['id']}.{indicator}_from_{y0}", "entity": a["entity"], "entity_zh": a["entity_zh"], "entity_en": a["entity_en"],
        "entity_type": a["entity_type"], "indicator": indicator, "indicator_zh": gl[indicator]["zh"], "indicator_en": gl[indicator]["en"],
        "region": a["region"], "group": a["group"], "year": y1, "period": f"{y0}-{y1}", "value": value * 100,
        "value_low": None, "value_high": None, "value_as_written": None, "unit_as_written": None, "unit": "%",
        "qualifier": approx, "kind": "derived", "formula": f"100 * ({formula}) with v0 = {a['id']} ({lang.number(a['value'])} {a['unit']}, {y0}), "
        f"v1 = {b['id']} ({lang.number(b['value'])} {b['unit']}, {y1})", "inputs": [a["id"], b["id"]],
        "source": a["source"], "section": a["section"], "quote": None,
        "note": "derived from inputs with qualifiers " + f"{a['qualifier']}/{b['qualifier']}",
    }


def derived(dataset: str, facts: pd.DataFrame) -> pd.DataFrame:
    """Derived growth rows of ``dataset`` computed from its rows."""
    from .build import facts_dataframe

    rows = []
    series = facts[facts["indicator"].isin(GROWTH_INDICATORS[dataset]) & facts["year"].notna()]
    for _, g in series.groupby(["entity", "indicator", "region", "unit"], dropna=False, sort=True):
        g = g.sort_values("year")
        for (_, a), (_, b) in zip(g.iloc[:-1].iterrows(), g.iloc[1:].iterrows()):
            years = int(b["year"]) - int(a["year"])
            if years <= 0 or a["value"] <= 0:
                continue
            rows.append(_row(a, b, "cagr", cagr(a["value"], b["value"], years), CAGR))
            rows.append(_row(a, b, "total_change", b["value"] / a["value"] - 1, CHANGE))
    return facts_dataframe(rows)
