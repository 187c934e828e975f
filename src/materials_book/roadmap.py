"""Minerals roadmap: demand paths between milestone years and the recycling scenario.

Milestones are stated or projected values (2020, 2025, 2030, 2035). Between two milestones the path is a
compound-growth interpolation, marked derived. The scenario scales demand and splits it at the horizon into
secondary supply (recycled) and remaining primary demand.
"""
from __future__ import annotations

import pandas as pd

from .derive import cagr

YEARS = (2020, 2025, 2030, 2035)


def milestones(facts: pd.DataFrame, minerals: list[str] | None = None) -> pd.DataFrame:
    """Demand milestones in tonnes: entity, year, value, id, kind, qualifier, value_as_written (one row per year)."""
    df = facts[(facts["indicator"] == "demand") & (facts["unit"] == "t") & (facts["kind"] != "derived") & facts["year"].notna()]
    if minerals is not None:
        df = df[df["entity"].isin(minerals)]
    cols = ["entity", "year", "value", "id", "kind", "qualifier", "value_as_written"]
    return df[cols].astype({"year": int}).sort_values(["entity", "year"]).reset_index(drop=True)


def value_at(points: pd.DataFrame, year: int) -> tuple[float, bool] | None:
    """(value, derived) of one entity's path in ``year``: the milestone itself, or a CAGR interpolation between the
    nearest milestones on both sides; None when ``year`` lies outside the milestones."""
    exact = points[points["year"] == year]
    if not exact.empty:
        return float(exact["value"].iloc[0]), False
    before, after = points[points["year"] < year], points[points["year"] > year]
    if before.empty or after.empty:
        return None
    a, b = before.iloc[-1], after.iloc[0]
    rate = cagr(a["value"], b["value"], int(b["year"] - a["year"]))
    return float(a["value"] * (1 + rate) ** (year - a["year"])), True


def path(points: pd.DataFrame, years=range(YEARS[0], YEARS[-1] + 1)) -> pd.DataFrame:
    """Yearly path of every entity: entity, year, value, derived."""
    rows = []
    for entity, g in points.groupby("entity", sort=True):
        for year in years:
            got = value_at(g, year)
            if got is not None:
                rows.append({"entity": entity, "year": year, "value": got[0], "derived": got[1]})
    return pd.DataFrame(rows, columns=["entity", "year", "value", "derived"])


def scenario(points: pd.DataFrame, *, demand_scale: float, recycling_share: float, base_year: int, horizon: int) -> pd.DataFrame:
    """Per entity: baseline and scenario demand at base year and horizon, secondary and primary supply at the horizon.

    ``recycling_share`` is a fraction (0–1) of scenario demand met by secondary supply at the horizon.
    Entities without a value at both years are left out (their milestones do not cover the span).
    """
    if not 0 <= recycling_share <= 1:
        raise ValueError(f"recycling_share must be between 0 and 1, got {recycling_share}")
    if horizon <= base_year:
        raise ValueError(f"horizon ({horizon}) must be after base_year ({base_year})")
    rows = []
    for entity, g in points.groupby("entity", sort=True):
        start, end = value_at(g, base_year), value_at(g, horizon)
        if start is None or end is None:
            continue
        demand = end[0] * demand_scale
        rows.append({"entity": entity, "base_year": base_year, "horizon": horizon,
                     "baseline_start": start[0], "baseline_horizon": end[0], "horizon_derived": end[1] or start[1],
                     "scenario_horizon": demand, "secondary": demand * recycling_share,
                     "primary": demand * (1 - recycling_share)})
    return pd.DataFrame(rows, columns=["entity", "base_year", "horizon", "baseline_start", "baseline_horizon", "horizon_derived",
                                       "scenario_horizon", "secondary", "primary"])
