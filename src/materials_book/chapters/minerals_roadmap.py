"""Chapter 04 (minerals roadmap, document 003): demand paths, chain, recycling, the scenario and the three steps.

Milestones are stated or projected values (2020, 2025, 2030, 2035). Between two milestones the path is a
compound-growth interpolation, marked derived. The scenario scales demand and splits it at the horizon into
secondary supply (recycled) and remaining primary demand.
"""

from __future__ import annotations

import dataclasses
import math

import altair as alt
import pandas as pd

from .. import labels as L
from ..formulas import cagr, plain_number, roles
from ..quantities import derived_digits, plain, significant
from . import frames, kit, layout, style

YEARS = (2020, 2025, 2030, 2035)
LINKS = ("resource", "smelting", "materials", "recycling", "chain")  # glossary labels link_<link>, in chart order
TEXT = L.Texts.beside(__file__)
HORIZONS = (2025, 2030, 2035)  # the years the scenario's control offers


def milestones(facts: pd.DataFrame, minerals: list[str] | None = None) -> pd.DataFrame:
    """Demand milestones in tonnes: entity, year, value, id, kind, qualifier, value_as_written, section (one row per
    year)."""
    df = facts[
        (facts["indicator"] == "demand") & (facts["unit"] == "t") & (facts["kind"] != "derived") & facts["year"].notna()
    ]
    if minerals is not None:
        df = df[df["entity"].isin(minerals)]
    cols = ["entity", "year", "value", "id", "kind", "qualifier", "value_as_written", "section"]
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


def scenario(
    points: pd.DataFrame, *, demand_scale: float, recycling_share: float, base_year: int, horizon: int
) -> pd.DataFrame:
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
        rows.append(
            {
                "entity": entity,
                "base_year": base_year,
                "horizon": horizon,
                "baseline_start": start[0],
                "baseline_horizon": end[0],
                "horizon_derived": end[1] or start[1],
                "scenario_horizon": demand,
                "secondary": demand * recycling_share,
                "primary": demand * (1 - recycling_share),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "entity",
            "base_year",
            "horizon",
            "baseline_start",
            "baseline_horizon",
            "horizon_derived",
            "scenario_horizon",
            "secondary",
            "primary",
        ],
    )


def tonnes(value: float, lang: str, digits: int | None = None) -> str:
    """A tonnage for text: 万吨 in Chinese, million tonnes in English (display only; data keep tonnes): every digit
    of a stated value, ``digits`` significant digits of a computed one (see :func:`digits`)."""
    scaled = value / (1e4 if lang == "zh" else 1e6)
    return TEXT("tonnes", lang, number=plain(scaled) if digits is None else significant(scaled, digits))


def digits_at(points: pd.DataFrame, year: int) -> dict[str, int]:
    """Entity -> the significant digits a value computed at ``year`` from its milestones may show (the interpolated
    path, the scenario): those of the milestone of that year, else of the less precise of the two around it, at
    least two."""
    found = {}
    for entity, g in points.groupby("entity"):
        exact = g[g["year"] == year]
        around = exact if not exact.empty else pd.concat([g[g["year"] < year].tail(1), g[g["year"] > year].head(1)])
        found[entity] = derived_digits(around["value_as_written"].tolist())
    return found


def demand_index(points: pd.DataFrame, yearly: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(milestones, yearly path) of the minerals with a 2020 value, as an index 2020 = 100, labelled in ``lang``:
    tonnes as text with every digit of a stated value and no more digits than its inputs of a computed one."""
    has_2020 = points.groupby("entity")["year"].transform("min") == 2020  # the index needs a 2020 value
    pts = points[has_2020].copy()
    p = yearly[yearly["entity"].isin(pts["entity"])].reset_index(drop=True)
    names = frames.names(lang)
    base = pts[pts["year"] == 2020].set_index("entity")["value"]
    for df in (pts, p):
        df["mineral"] = df["entity"].map(names)
        df["index"] = df["value"] / df["entity"].map(base) * 100
    pts["tonnes"] = [tonnes(v, lang) for v in pts["value"]]
    places = {y: digits_at(pts, y) for y in p["year"].unique()}
    p["tonnes"] = [
        tonnes(v, lang, places[y][e] if d else None)
        for v, e, y, d in zip(p["value"], p["entity"], p["year"], p["derived"])
    ]
    pts["kind_label"] = [L.kind(k, lang) for k in pts["kind"]]
    pts["source"] = "003"
    return pts, p


def demand_paths(minerals: list[str], lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The chapter's steps in one call (for tests and profiles): milestones, their yearly path, the index."""
    points = milestones(frames.load("minerals_demand"), minerals)
    return demand_index(points, path(points), lang)


DEMAND_HEIGHT = 320  # px


def _end_labels(end: pd.DataFrame, top: float) -> list[float]:
    """Index values at which the end labels of ``end`` (sorted from highest) sit at least one line apart."""
    per_px = top / DEMAND_HEIGHT
    ys = [(top - v) / per_px for v in end["index"]]  # px from the top
    for i in range(1, len(ys)):
        ys[i] = max(ys[i], ys[i - 1] + layout.LINE)
    overflow = ys[-1] - (DEMAND_HEIGHT - 6) if ys else 0
    if overflow > 0:
        ys = [y - overflow for y in ys]
        for i in range(len(ys) - 2, -1, -1):
            ys[i] = min(ys[i], ys[i + 1] - layout.LINE)
    return [top - y * per_px for y in ys]


def demand_chart(pts: pd.DataFrame, p: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Each mineral's path in its own colour, named at its end (names moved apart where paths end close together);
    stated and projected values as dots of their kind's shape, interpolated years dashed."""
    title = layout.title(TEXT("demand.title", lang), TEXT("demand.subtitle", lang))
    entities = sorted(pts["entity"].unique())
    top = max(100.0, math.ceil(pts["index"].max() / 100) * 100)
    color = style.color("mineral:N", entities, lang, legend=False)
    years = sorted(pts["year"].unique())
    x = alt.X(
        "year:Q",
        title=TEXT("year", lang),
        scale=alt.Scale(domain=[min(years), max(years)], nice=False),
        axis=alt.Axis(values=years, format="d", labelFlush=True),
    )
    y = alt.Y("index:Q", title=TEXT("demand.y", lang), scale=alt.Scale(domain=[0, top], nice=False))
    line_tips = {"mineral:N": "mineral", "year:O": "year", "tonnes:N": "demand.derived"}
    dot_tips = {
        "mineral:N": "mineral",
        "year:O": "year",
        "value_as_written:N": "as_written",
        "kind_label:N": "kind",
        "id:N": "id",
    }
    lines = (
        alt.Chart(p)
        .mark_line(strokeDash=[5, 4], strokeWidth=2)
        .encode(x=x, y=y, color=color, detail="entity:N", tooltip=kit.tooltips(TEXT, lang, line_tips))
    )
    kinds = [k for k in L.KIND_LABELS if k in set(pts["kind"])]
    dots = (
        alt.Chart(pts)
        .mark_point(filled=True, size=80, opacity=1)
        .encode(
            x=x,
            y=y,
            color=color,
            shape=style.shape("kind_label:N", kinds, lang, title=TEXT("kind", lang)),
            tooltip=kit.tooltips(TEXT, lang, dot_tips),
        )
    )
    end = pts[pts["year"] == pts.groupby("entity")["year"].transform("max")].sort_values("index", ascending=False)
    end = end.assign(label_at=_end_labels(end, top))
    names = (
        alt.Chart(end)
        .mark_text(align="left", baseline="middle", dx=8, fontSize=12, fontWeight="bold")
        .encode(x=x, y=alt.Y("label_at:Q", scale=alt.Scale(domain=[0, top], nice=False)), text="mineral:N", color=color)
    )
    chart = (lines + dots + names).properties(title=title, width="container", height=DEMAND_HEIGHT)
    alt_text = kit.extremes_sentence(
        end["mineral"].tolist(),
        [f"{i:.0f}" for i in end["index"]],
        TEXT("demand.alt", lang, year=end["year"].max()),
        lang,
    )
    # Vega sizes the plot so that the names at the ends fit inside the chart
    return kit.finish(
        chart,
        name="roadmap-demand",
        source=frames.source_line(pts, lang),
        alt_text=alt_text,
        lang=lang,
        right=layout.PAD,
    )


def scenario_named(points: pd.DataFrame, split: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The scenario's split (:func:`scenario`) with each mineral's name and the digits its tonnages may show (those of
    the milestones around the horizon), largest demand first."""
    s = split.copy()
    s["mineral"] = s["entity"].map(frames.names(lang))
    horizon = int(s["horizon"].iloc[0]) if len(s) else YEARS[-1]
    s["digits"] = s["entity"].map(digits_at(points, horizon))
    return s.sort_values("scenario_horizon", ascending=False).reset_index(drop=True)


def scenario_frame(
    minerals: list[str], demand_scale: float, share_pct: float, base_year: int, horizon: int, lang: str
) -> pd.DataFrame:
    """The chapter's scenario steps in one call (for sweeps and tests): milestones, the split, the names."""
    points = milestones(frames.load("minerals_demand"), minerals)
    split = scenario(
        points, demand_scale=demand_scale, recycling_share=share_pct / 100, base_year=base_year, horizon=horizon
    )
    return scenario_named(points, split, lang)


def recycling_target() -> pd.Series:
    """The document's 2035 target for the recycled share of consumption (a data row)."""
    return frames.load("minerals_recycling").set_index("id").loc["t003.recycled_share.2035"]


def scenario_intro(lang: str) -> str:
    t = recycling_target()
    return TEXT(
        "scenario.intro",
        lang,
        quote=frames.text_md(f"“{t['quote']}”", lang),
        target=plain_number(t["value"]),
        year=t["year"],
    )


def scenario_sentence(
    s: pd.DataFrame, demand_scale: float, share_pct: float, base_year: int, horizon: int, lang: str
) -> str:
    """What the scenario changes, in one paragraph."""
    if s.empty:
        return TEXT("scenario.empty", lang)
    big = s.sort_values("secondary", ascending=False).iloc[0]
    changed = []
    if demand_scale != 1.0:
        changed.append(TEXT("scenario.scaled", lang, scale=plain_number(demand_scale)))
    target = plain_number(recycling_target()["value"])
    if share_pct != recycling_target()["value"]:
        changed.append(TEXT("scenario.share", lang, share=plain_number(share_pct), target=target))
    what = TEXT("semicolon", lang).join(changed) if changed else TEXT("scenario.baseline", lang, target=target)
    interp = [frames.text_md(m, lang) for m in s[s["horizon_derived"]]["mineral"]]
    note = (
        TEXT("scenario.interpolated", lang, minerals=TEXT("list", lang).join(interp), horizon=horizon) if interp else ""
    )
    return TEXT(
        "scenario.sentence",
        lang,
        what=what,
        base_year=base_year,
        horizon=horizon,
        n=len(s),
        mineral=frames.text_md(big["mineral"], lang),
        secondary=tonnes(big["secondary"], lang, big["digits"]),
        primary=tonnes(big["primary"], lang, big["digits"]),
        note=note,
    )


def chain_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The stated links and total of the chain (``minerals_chain``), each link with its derived share of the stated
    total."""
    derived = df[df["indicator"] == "derived_share"]
    share = pd.Series(frames.value_texts(derived, lang), index=[roles(i)["part"] for i in derived["inputs"]])
    df = df[df["kind"] == "stated"].copy()
    df["share"] = [TEXT("chain.share", lang, share=share[i]) if i in share.index else "" for i in df["id"]]
    df["link"] = df[f"entity_{lang}"]
    df["order"] = df["group"].str.split(".").str[1].astype(int)
    df["is_total"] = df["order"] == 0
    df["amount"] = df["value"] / 1e12
    return df.sort_values("order").reset_index(drop=True)


CHAIN_CHART = kit.Rows(
    "bars",
    label="link",
    key="chain",
    name="roadmap-chain",
    text=TEXT,
    tips={"link:N": "link", "value_as_written:N": "as_written", "share:N": "chain.share_of_total"},
    by_value=True,
)


def chain_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    parts = df[~df["is_total"]].assign(value=lambda d: d["amount"])  # bars in trillion yuan
    total = df[df["is_total"]].iloc[0]
    subtitle = TEXT(
        "chain.subtitle", lang, n=L.count_word(len(parts), lang).capitalize(), written=frames.value_text(total, lang)
    )
    texts = frames.value_texts(df[~df["is_total"]], lang)
    top = math.ceil(parts["value"].max() / 10) * 10
    spec = dataclasses.replace(CHAIN_CHART, domain=(0, top))  # the axis to the next ten above the longest bar
    return kit.row_chart(spec, parts.assign(value_text=texts), lang, source=df, subtitle=subtitle)


def recycling_frame(lang: str) -> pd.DataFrame:
    df = frames.load("minerals_recycling", kind="stated")
    df["who"] = df["region"].map(frames.region_names(lang, EU="region_eu_abbr", WORLD="region_world_level"))
    df["row"] = df[f"entity_{lang}"] + " · " + df["who"]
    df = frames.with_range(df)
    df["measure"] = df[f"indicator_{lang}"]
    df["qualifier_label"] = [frames.qualifier_label(q, lang) for q in df["qualifier"]]
    df["qualifier_legend"] = [style.style_name(q, lang) for q in df["qualifier"]]
    return df.sort_values(["group", "value"], ascending=[False, False]).reset_index(drop=True)


RECYCLING_CHART = kit.Rows(
    "ranges",
    label="row",
    key="recycling",
    name="roadmap-recycling",
    text=TEXT,
    tips={
        "row:N": "item",
        "measure:N": "indicator",
        "value_as_written:N": "as_written",
        "qualifier_label:N": "qualifier",
    },
    by_value=True,
)


def recycling_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    return kit.row_chart(
        RECYCLING_CHART,
        df,
        lang,
        color=style.color("measure:N", list(df["indicator"]), lang),
        shape=style.shape("qualifier_legend:N", list(df["qualifier"]), lang, title=TEXT("qualifier", lang)),
        x="%",
    )


def goals_frame(lang: str) -> pd.DataFrame:
    g = frames.load("roadmap_goals_2035")
    names = frames.names(lang)
    g["link_label"] = [names[f"link_{k}"] for k in g["link"]]
    g["goal"] = g[f"goal_{lang}"]
    return g.sort_values(["step_year", "order"]).reset_index(drop=True)


def goals_chart(g: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    """One dot per goal, in its year's column and its link's row; goals of the same link and year side by side."""
    names = frames.names(lang)
    title = layout.title(TEXT("goals.title", lang), TEXT("goals.subtitle", lang))
    tips = {"step_year:O": "year", "link_label:N": "link", "goal:N": "goal", "quote:N": "quote"}
    k = g.groupby(["step_year", "link"]).cumcount()
    n = g.groupby(["step_year", "link"])["link"].transform("size")
    slots = {1: ["c"], 2: ["l", "r"], 3: ["l", "c", "r"]}  # a goal's place in its year's column
    g = g.assign(slot=[slots[min(int(b), 3)][min(int(a), 2)] for a, b in zip(k, n)])
    chart = (
        alt.Chart(g)
        .mark_circle(size=200, color=style.COLORS["projection"], opacity=1)
        .encode(
            x=alt.X("step_year:O", title=TEXT("goals.x", lang), axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("slot:N", scale=alt.Scale(domain=["l", "c", "r"]), sort=["l", "c", "r"]),
            y=alt.Y(
                "link_label:N",
                sort=[names[f"link_{k}"] for k in LINKS],
                title=None,
                axis=alt.Axis(ticks=False, domain=False),
            ),
            tooltip=kit.tooltips(TEXT, lang, tips),
        )
        .properties(title=title, width="container", height=alt.Step(36))
    )
    items = [TEXT("goals.alt.item", lang, year=y, n=n) for y, n in g.groupby("step_year").size().items()]
    alt_text = TEXT("goals.alt", lang, items=TEXT("comma", lang).join(items))
    return kit.finish(
        chart, name="roadmap-goals", source=frames.source_line(g, lang), alt_text=alt_text, lang=lang, right=layout.PAD
    )


def goals_table(g: pd.DataFrame, lang: str) -> str:
    rows = [
        f"| {r.step_year} | {frames.cell_md(r.link_label, lang)} | "
        f"{TEXT('goals.goal', lang, goal=frames.cell_md(r.goal, lang), quote=frames.cell_md(f'“{r.quote}”', lang))}"
        " |"
        for r in g.itertuples()
    ]
    return "\n".join([TEXT("goals.head", lang)] + rows)


def shares_frame(lang: str) -> pd.DataFrame:
    """China's 2020 world shares of smelter output and of mineral consumption, with the quantity (as written in
    Chinese, in English notation in English)."""
    df = frames.load("minerals_supply_2020")
    qty = df[df["indicator"].isin(("production", "consumption"))].set_index("entity")
    qty = pd.Series(frames.value_texts(qty, lang), index=qty.index)
    s = df[df["indicator"].isin(("world_output_share", "world_consumption_share"))].copy()
    s["label"] = s[f"entity_{lang}"]
    s["measure"] = s[f"indicator_{lang}"]
    s["quantity"] = s["entity"].map(qty)
    # 003 gives coal the figure it gives elsewhere for China's total energy consumption (differences.yaml)
    coal = s["entity"] == "coal"
    s.loc[coal, "label"] = [TEXT("shares.coal", lang, label=label) for label in s.loc[coal, "label"]]
    return s.sort_values(["indicator", "value"], ascending=[False, False]).reset_index(drop=True)


SHARES_CHART = kit.Rows(
    "axis_bars",
    label="label",
    key="shares",
    name="roadmap-shares",
    text=TEXT,
    tips={
        "label:N": "item",
        "measure:N": "indicator",
        "value_as_written:N": "as_written",
        "quantity:N": "shares.quantity",
    },
    alt_label=("label", "measure"),
    by_value=True,
)


def shares_chart(s: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    return kit.row_chart(SHARES_CHART, s, lang, color=style.color("measure:N", list(s["indicator"]), lang))


def headline(P: dict) -> dict[str, float]:
    """The key numbers of a run, for ``materials-book sweep``: per mineral, the scenario's demand, secondary supply
    and remaining primary demand at the horizon, in tonnes (``demand_t.<mineral>``, ``secondary_t.<mineral>``,
    ``primary_t.<mineral>``)."""
    s = scenario_frame(
        P["minerals"], P["demand_scale"], P["recycling_share_2035"], P["base_year"], P["horizon"], P["lang"]
    ).sort_values("entity")
    return {
        f"{name}.{r['entity']}": float(r[col])
        for _, r in s.iterrows()
        for name, col in (("demand_t", "scenario_horizon"), ("secondary_t", "secondary"), ("primary_t", "primary"))
    }


def scenario_baselines(minerals: list[str], base_year: int, lang: str) -> pd.DataFrame:
    """Documented demand of each selected mineral at every horizon after ``base_year`` (``scenario`` with no
    change), from which scenario_chart computes the scenario in the page, without a kernel."""
    pts = milestones(frames.load("minerals_demand"), minerals)
    names = frames.names(lang)
    rows = []
    for horizon in (h for h in HORIZONS if h > base_year):
        places = digits_at(pts, horizon)
        s = scenario(pts, demand_scale=1.0, recycling_share=0.0, base_year=base_year, horizon=horizon)
        for r in s.itertuples():
            rows.append(
                {
                    "entity": r.entity,
                    "mineral": names[r.entity],
                    "year": horizon,
                    "baseline": r.baseline_horizon,
                    "derived": TEXT("yes" if r.horizon_derived else "no", lang),
                    "digits": places[r.entity],
                    "documented": tonnes(r.baseline_horizon, lang, places[r.entity] if r.horizon_derived else None),
                }
            )
    return pd.DataFrame(rows, columns=["entity", "mineral", "year", "baseline", "derived", "digits", "documented"])


def scenario_chart(
    frame: pd.DataFrame, *, demand_scale: float, share_pct: float, horizon: int, lang: str
) -> alt.TopLevelMixin:
    """The scenario with its four controls (demand multiplier, secondary share, horizon year, minerals): one row per
    mineral, its tonnes in a line above its bar (secondary and primary supply as % of the documented demand)."""
    entities = sorted(frame["entity"].unique(), key=lambda e: -frame.loc[frame["entity"] == e, "baseline"].max())
    names = dict(zip(frame["entity"], frame["mineral"]))
    scale = alt.param(
        name="scale",
        value=demand_scale,
        bind=alt.binding_range(min=0.5, max=2, step=0.1, name=TEXT("scenario.scale", lang)),
    )
    share = alt.param(
        name="share",
        value=share_pct,
        bind=alt.binding_range(min=0, max=100, step=1, name=TEXT("scenario.share_control", lang)),
    )
    years = sorted(frame["year"].unique().tolist())
    year = alt.param(
        name="year", value=horizon, bind=alt.binding_select(options=years, name=TEXT("scenario.year", lang))
    )
    pick = alt.param(
        name="mineral",
        value="all",
        bind=alt.binding_select(
            options=["all", *entities],
            name=TEXT("scenario.minerals", lang),
            labels=[TEXT("scenario.all", lang), *[names[e] for e in entities]],
        ),
    )
    tonnes = L.pick(lang, *TEXT["scenario.tonnes"])  # the Vega twin of tonnes
    # the label as a Vega string expression: the text with its three values spliced in
    label = kit.vega_text(
        TEXT(
            "scenario.label",
            lang,
            mineral="\0datum.mineral\0",
            **{k: f"\0{tonnes.format(v=f'datum.{part}')}\0" for k, part in (("sec", "secondary"), ("prim", "primary"))},
        )
    )
    row = layout.LINE + 2 + layout.BAR + layout.GAP
    height = row * len(entities) - layout.GAP
    parts = [TEXT("scenario.secondary", lang), TEXT("scenario.primary", lang)]
    base = (
        alt.Chart(frame)
        .transform_filter("datum.year == year && (mineral == 'all' || datum.entity == mineral)")
        .transform_window(n="row_number()", sort=[alt.SortField("baseline", order="descending")])
        .transform_calculate(
            secondary="datum.baseline * scale * (share / 100)",
            primary="datum.baseline * scale * (1 - share / 100)",
            text=label,
            top=f"(datum.n - 1) * {row}",
            mid=f"(datum.n - 1) * {row} + {layout.LINE + 2} + {layout.BAR / 2}",
            full="100",
        )
    )
    x = kit.x_axis("start:Q", TEXT("scenario.x", lang), domain=(0, 200))
    tips = [
        alt.Tooltip("mineral:N", title=TEXT("mineral", lang)),
        alt.Tooltip("documented:N", title=TEXT("part.baseline", lang)),
        alt.Tooltip("derived:N", title=TEXT("derived", lang)),
    ]
    bars = (
        base.transform_calculate(secondary_end="scale * share", primary_end="scale * 100")
        .transform_fold(["secondary_end", "primary_end"], as_=["part", "end"])
        .transform_calculate(
            start="datum.part == 'secondary_end' ? 0 : scale * share",
            part_label=f"datum.part == 'secondary_end' ? {kit.vega_text(parts[0])} : {kit.vega_text(parts[1])}",
        )
        .mark_rect(height=layout.BAR)
        .encode(
            x=x,
            x2="end:Q",
            y=kit.row_y(height),
            color=alt.Color(
                "part_label:N",
                title=None,
                sort=parts,
                scale=alt.Scale(domain=parts, range=[style.GREEN, style.BLUE]),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            tooltip=tips,
        )
    )
    tick = base.mark_tick(thickness=2, size=layout.BAR + 6, color=style.GREY).encode(
        x=alt.X("full:Q", scale=alt.Scale(domain=[0, 200])), y=kit.row_y(height), tooltip=tips
    )
    text = base.mark_text(align="left", baseline="top", fontSize=12, color="#222").encode(
        x=alt.value(0), y=kit.row_y(height, "top"), text="text:N"
    )
    chart = (
        (bars + tick + text)
        .add_params(scale, share, year, pick)
        .properties(
            title=layout.title(TEXT("scenario.title", lang), TEXT("scenario.subtitle", lang)),
            width="container",
            height=height,
        )
    )
    alt_text = TEXT("scenario.alt", lang, horizon=horizon)
    src = frames.load("minerals_demand")
    src = src[src["entity"].isin(frame["entity"]) & (src["indicator"] == "demand")]
    return kit.finish(
        chart,
        name="roadmap-scenario",
        source=frames.source_line(src, lang),
        alt_text=alt_text,
        lang=lang,
        right=layout.PAD,
    )


def scenario_labels(
    minerals: list[str],
    *,
    demand_scale: float,
    share_pct: float,
    base_year: int,
    horizon: int,
    lang: str,
    mineral: str = "all",
) -> list[str]:
    """The label lines the scenario chart draws for one setting, computed in Python (for the browser test)."""
    pts = milestones(frames.load("minerals_demand"), minerals)
    s = scenario(pts, demand_scale=demand_scale, recycling_share=share_pct / 100, base_year=base_year, horizon=horizon)
    if mineral != "all":
        s = s[s["entity"] == mineral]
    names, places = frames.names(lang), digits_at(pts, horizon)
    return sorted(
        TEXT(
            "scenario.label",
            lang,
            mineral=names[r.entity],
            sec=tonnes(r.secondary, lang, places[r.entity]),
            prim=tonnes(r.primary, lang, places[r.entity]),
        )
        for r in s.itertuples()
    )
