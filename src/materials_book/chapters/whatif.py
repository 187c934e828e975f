"""Charts the reader can change in the page, without a kernel: Vega-Lite parameters bound to sliders and selects,
the arithmetic as Vega expressions over the chart's data. The committed outputs show the chapter's parameters; the
same numbers in Python are ``status.domestic_shares`` (threshold) and ``minerals_roadmap.scenario`` (scenario), and
a browser test moves every control and compares what is drawn with them."""
from __future__ import annotations

import json

import altair as alt
import pandas as pd

from .. import labels as L
from . import frames, minerals_roadmap, status

ORANGE, BLUE, GREEN, GREY = "#D55E00", "#0072B2", "#009E73", "#333333"
HORIZONS = (2025, 2030, 2035)
TEXT = L.Texts.beside(__file__)


def vega_text(text: str) -> str:
    """``text`` as a Vega string expression, each part between NUL characters an expression spliced in: the words
    are quoted as JSON strings, so an apostrophe or a quote in a translation cannot end the string."""
    pieces = text.split("\0")
    return " + ".join(json.dumps(p, ensure_ascii=False) if i % 2 == 0 else f"({p})"
                      for i, p in enumerate(pieces) if p or i % 2)


def threshold_chart(df: pd.DataFrame, threshold: float, lang: str) -> alt.TopLevelMixin:
    """Domestic shares by material (``status.domestic_shares``) with the threshold as a slider: bars below it are
    orange, and the title's last line counts them."""
    slider = alt.param(name="threshold", value=threshold,
                       bind=alt.binding_range(min=0, max=100, step=1, name=TEXT("threshold.control", lang)))
    below = " + ".join(f"({v!r} < threshold ? 1 : 0)" for v in df["value"])  # the count, as Python counts it
    count = TEXT("threshold.count", lang).replace("datum.n", f"({below})")
    narrow, wide = (json.dumps(frames.wrap(status.TEXT("domestic.title", lang), px, 15, bold=True),
                               ensure_ascii=False)[:-1] + f", {count}]" for px in (frames.PHONE, frames.WIDE))
    title = alt.Title(alt.ExprRef(expr=f"containerSize()[0] < {frames.NARROW_BELOW} ? {narrow} : {wide}"),
                      subtitle=frames.wrap(TEXT("threshold.subtitle", lang)))
    colour = alt.condition("datum.value < threshold", alt.value(ORANGE), alt.value(BLUE))
    chart, height = frames.bars(df, "label", lang, status.TEXT("share", lang), color_=colour,
                                tips=frames.tooltips(status.TEXT, lang, status.TIPS))
    rule = (alt.Chart(pd.DataFrame({"t": [0]})).transform_calculate(t="threshold")
            .mark_rule(strokeDash=[4, 3], color=GREY).encode(x=alt.X("t:Q", scale=alt.Scale(domain=[0, 100]))))
    return frames.framed((chart + rule).add_params(slider), title=title, height=height, items=df, by_value=True,
                         what=status.TEXT("domestic.alt", lang), name="status-shares", lang=lang)


def scenario_frame(minerals: list[str], base_year: int, lang: str) -> pd.DataFrame:
    """Documented demand of each selected mineral at every horizon after ``base_year`` (``minerals_roadmap.scenario``
    with no change), from which the chart computes the scenario in the page."""
    pts = minerals_roadmap.milestones(frames.load("minerals_demand"), minerals)
    names = frames.names(lang)
    rows = []
    for horizon in (h for h in HORIZONS if h > base_year):
        places = minerals_roadmap.digits_at(pts, horizon)
        s = minerals_roadmap.scenario(pts, demand_scale=1.0, recycling_share=0.0, base_year=base_year,
                                      horizon=horizon)
        for r in s.itertuples():
            rows.append({"entity": r.entity, "mineral": names[r.entity], "year": horizon,
                         "baseline": r.baseline_horizon, "derived": TEXT("yes" if r.horizon_derived else "no", lang),
                         "digits": places[r.entity],
                         "documented": minerals_roadmap.tonnes(r.baseline_horizon, lang,
                                                               places[r.entity] if r.horizon_derived else None)})
    return pd.DataFrame(rows, columns=["entity", "mineral", "year", "baseline", "derived", "digits", "documented"])


def scenario_chart(frame: pd.DataFrame, *, demand_scale: float, share_pct: float, horizon: int,
                   lang: str) -> alt.TopLevelMixin:
    """The scenario with its four controls (demand multiplier, secondary share, horizon year, minerals): one row per
    mineral, its tonnes in a line above its bar (secondary and primary supply as % of the documented demand)."""
    entities = sorted(frame["entity"].unique(), key=lambda e: -frame.loc[frame["entity"] == e, "baseline"].max())
    names = dict(zip(frame["entity"], frame["mineral"]))
    scale = alt.param(name="scale", value=demand_scale,
                      bind=alt.binding_range(min=0.5, max=2, step=0.1, name=TEXT("scenario.scale", lang)))
    share = alt.param(name="share", value=share_pct,
                      bind=alt.binding_range(min=0, max=100, step=1, name=TEXT("scenario.share", lang)))
    years = sorted(frame["year"].unique().tolist())
    year = alt.param(name="year", value=horizon,
                     bind=alt.binding_select(options=years, name=TEXT("scenario.year", lang)))
    pick = alt.param(name="mineral", value="all",
                     bind=alt.binding_select(options=["all", *entities], name=TEXT("scenario.minerals", lang),
                                             labels=[TEXT("scenario.all", lang), *[names[e] for e in entities]]))
    tonnes = L.pick(lang, *TEXT["scenario.tonnes"])  # the Vega twin of minerals_roadmap.tonnes
    # the label as a Vega string expression: the text with its three values spliced in
    label = vega_text(TEXT("scenario.label", lang, mineral="\0datum.mineral\0",
                           **{k: f"\0{tonnes.format(v=f'datum.{part}')}\0" for k, part in
                              (("sec", "secondary"), ("prim", "primary"))}))
    row = frames.LINE + 2 + frames.BAR + frames.GAP
    height = row * len(entities) - frames.GAP
    parts = [TEXT("scenario.secondary", lang), TEXT("scenario.primary", lang)]
    base = (alt.Chart(frame)
            .transform_filter("datum.year == year && (mineral == 'all' || datum.entity == mineral)")
            .transform_window(n="row_number()", sort=[alt.SortField("baseline", order="descending")])
            .transform_calculate(secondary="datum.baseline * scale * (share / 100)",
                                 primary="datum.baseline * scale * (1 - share / 100)", text=label,
                                 top=f"(datum.n - 1) * {row}", mid=f"(datum.n - 1) * {row} + {frames.LINE + 2}"
                                                                   f" + {frames.BAR / 2}",
                                 full="100"))
    x = frames.x_axis("start:Q", TEXT("scenario.x", lang), domain=(0, 200))
    tips = [alt.Tooltip("mineral:N", title=minerals_roadmap.TEXT("mineral", lang)),
            alt.Tooltip("documented:N", title=minerals_roadmap.TEXT("part.baseline", lang)),
            alt.Tooltip("derived:N", title=TEXT("derived", lang))]
    bars = (base.transform_calculate(secondary_end="scale * share", primary_end="scale * 100")
            .transform_fold(["secondary_end", "primary_end"], as_=["part", "end"])
            .transform_calculate(start="datum.part == 'secondary_end' ? 0 : scale * share",
                                 part_label=f"datum.part == 'secondary_end' ? {vega_text(parts[0])} : "
                                            f"{vega_text(parts[1])}")
            .mark_rect(height=frames.BAR)
            .encode(x=x, x2="end:Q", y=frames.row_y(height),
                    color=alt.Color("part_label:N", title=None, sort=parts,
                                    scale=alt.Scale(domain=parts, range=[GREEN, BLUE]),
                                    legend=alt.Legend(orient="bottom", direction="vertical")),
                    tooltip=tips))
    tick = base.mark_tick(thickness=2, size=frames.BAR + 6, color=GREY).encode(
        x=alt.X("full:Q", scale=alt.Scale(domain=[0, 200])), y=frames.row_y(height), tooltip=tips)
    text = base.mark_text(align="left", baseline="top", fontSize=12, color="#222").encode(
        x=alt.value(0), y=frames.row_y(height, "top"), text="text:N")
    chart = (bars + tick + text).add_params(scale, share, year, pick).properties(
        title=frames.title(TEXT("scenario.title", lang), TEXT("scenario.subtitle", lang)),
        width="container", height=height)
    alt_text = TEXT("scenario.alt", lang, horizon=horizon)
    src = frames.load("minerals_demand")
    src = src[src["entity"].isin(frame["entity"]) & (src["indicator"] == "demand")]
    return frames.finish(chart, name="roadmap-scenario", source=frames.source_line(src, lang), alt_text=alt_text,
                         lang=lang, right=frames.PAD)


def scenario_labels(minerals: list[str], *, demand_scale: float, share_pct: float, base_year: int, horizon: int,
                    lang: str, mineral: str = "all") -> list[str]:
    """The label lines the scenario chart draws for one setting, computed in Python (for the browser test)."""
    pts = minerals_roadmap.milestones(frames.load("minerals_demand"), minerals)
    s = minerals_roadmap.scenario(pts, demand_scale=demand_scale, recycling_share=share_pct / 100,
                                  base_year=base_year, horizon=horizon)
    if mineral != "all":
        s = s[s["entity"] == mineral]
    names, places = frames.names(lang), minerals_roadmap.digits_at(pts, horizon)
    return sorted(TEXT("scenario.label", lang, mineral=names[r.entity],
                       sec=minerals_roadmap.tonnes(r.secondary, lang, places[r.entity]),
                       prim=minerals_roadmap.tonnes(r.primary, lang, places[r.entity]))
                  for r in s.itertuples())
