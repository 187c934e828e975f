"""Chapter 04 (minerals roadmap, document 003): demand paths, chain, recycling, the scenario and the three steps.

Milestones are stated or projected values (2020, 2025, 2030, 2035). Between two milestones the path is a
compound-growth interpolation, marked derived. The scenario scales demand and splits it at the horizon into
secondary supply (recycled) and remaining primary demand.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from .. import data, labels as L
from ..pipeline.derive import cagr
from . import frames


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


def _names(lang: str) -> dict[str, str]:
    return data.load("glossary").set_index("key")[lang].to_dict()


def tonnes(value: float, lang: str) -> str:
    """A tonnage for text: 万吨 in Chinese, million tonnes in English (display only; data keep tonnes)."""
    zh = f"{value / 1e4:,.0f} 万吨" if value >= 1e6 else f"{value / 1e4:,.1f} 万吨"
    en = f"{value / 1e6:,.0f} Mt" if value >= 1e7 else f"{value / 1e6:,.2f} Mt"
    return L.pick(lang, zh, en)


def demand_paths(minerals: list[str], lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(milestones, yearly path) with demand as an index 2020 = 100, labelled in ``lang``."""
    facts = data.load("minerals_demand")
    pts = milestones(facts, minerals)
    pts = pts[pts.groupby("entity")["year"].transform("min") == 2020]  # the index needs a 2020 value
    p = path(pts)
    names = _names(lang)
    base = pts[pts["year"] == 2020].set_index("entity")["value"]
    for df in (pts, p):
        df["mineral"] = df["entity"].map(names)
        df["index"] = df["value"] / df["entity"].map(base) * 100
        df["tonnes"] = [tonnes(v, lang) for v in df["value"]]
    pts["kind_label"] = [L.kind(k, lang) for k in pts["kind"]]
    facts_rows = facts[facts["id"].isin(pts["id"])]
    pts["source"], pts["section"] = "003", facts_rows.set_index("id").loc[pts["id"], "section"].to_numpy()
    return pts, p


def demand_chart(pts: pd.DataFrame, p: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    title = alt.Title(L.pick(lang, "关键矿产需求路径（2020 年 = 100）", "Demand paths of critical minerals (2020 = 100)"),
                      subtitle=L.pick(lang, "实心点为文献数值（2020 年为现状，其余为预测）；虚线为两点间按年均增长率插值的推算值，并非数据",
                                      "Dots: document values (2020 stated, later years projected); dashed: CAGR interpolation between them, derived, not data"))
    color = alt.Color("mineral:N", title=L.pick(lang, "矿产", "mineral"), sort=sorted(pts["mineral"].unique()))
    x = alt.X("year:O", title=L.pick(lang, "年份", "year"))
    y = alt.Y("index:Q", title=L.pick(lang, "需求指数（2020 年 = 100）", "demand index (2020 = 100)"))
    lines = alt.Chart(p).mark_line(strokeDash=[5, 4], strokeWidth=1.5).encode(x=x, y=y, color=color, tooltip=[
        alt.Tooltip("mineral:N", title=L.pick(lang, "矿产", "mineral")), alt.Tooltip("year:O", title=L.pick(lang, "年份", "year")),
        alt.Tooltip("tonnes:N", title=L.pick(lang, "推算需求", "derived demand"))])
    dots = alt.Chart(pts).mark_point(filled=True, size=70).encode(x=x, y=y, color=color, shape=alt.Shape(
        "kind_label:N", title=L.pick(lang, "类型", "kind")), tooltip=[
        alt.Tooltip("mineral:N", title=L.pick(lang, "矿产", "mineral")), alt.Tooltip("year:O", title=L.pick(lang, "年份", "year")),
        alt.Tooltip("value_as_written:N", title=L.pick(lang, "原文数值", "as written")),
        alt.Tooltip("kind_label:N", title=L.pick(lang, "类型", "kind")), alt.Tooltip("id:N", title="id")])
    chart = (lines + dots).properties(title=title, width="container", height=320)
    end = pts[pts["year"] == pts["year"].max()].sort_values("index", ascending=False)
    alt_text = frames.extremes_sentence(end["mineral"].tolist(), [f"{i:.0f}" for i in end["index"]],
                                        L.pick(lang, f"折线图：{end['year'].max()} 年需求指数（2020 年 = 100）", f"Line chart: demand index in {end['year'].max()} (2020 = 100)"), lang)
    return frames.finish(chart, source=frames.source_line(pts, lang), alt_text=alt_text, lang=lang)


def scenario_frame(minerals: list[str], demand_scale: float, share_pct: float, base_year: int, horizon: int, lang: str) -> pd.DataFrame:
    facts = data.load("minerals_demand")
    pts = milestones(facts, minerals)
    s = scenario(pts, demand_scale=demand_scale, recycling_share=share_pct / 100, base_year=base_year, horizon=horizon)
    s["mineral"] = s["entity"].map(_names(lang))
    return s.sort_values("scenario_horizon", ascending=False).reset_index(drop=True)


def scenario_chart(s: pd.DataFrame, demand_scale: float, share_pct: float, horizon: int, lang: str) -> alt.TopLevelMixin:
    """Scenario against baseline at the horizon, as % of the documented (baseline) demand."""
    rows = []
    for r in s.itertuples():
        for part, value, label in (("baseline", r.baseline_horizon, L.pick(lang, "文献基线需求", "documented demand")),
                                   ("secondary", r.secondary, L.pick(lang, "情景：二次资源供给", "scenario: secondary supply")),
                                   ("primary", r.primary, L.pick(lang, "情景：剩余原生需求", "scenario: remaining primary demand"))):
            rows.append({"mineral": r.mineral, "bar": L.pick(lang, "基线", "baseline") if part == "baseline" else L.pick(lang, "情景", "scenario"),
                         "part": label, "pct": value / r.baseline_horizon * 100, "tonnes": tonnes(value, lang),
                         "derived": L.pick(lang, "是（插值）", "yes (interpolated)") if r.horizon_derived else L.pick(lang, "否", "no")})
    df = pd.DataFrame(rows)
    title = alt.Title(L.pick(lang, f"{horizon} 年情景：需求 ×{L.plain_number(demand_scale)}，二次资源占 {L.plain_number(share_pct)}%",
                             f"{horizon} scenario: demand ×{L.plain_number(demand_scale)}, secondary supply {L.plain_number(share_pct)}%"),
                      subtitle=L.pick(lang, "以文献基线需求为 100%；吨数见提示框", "Documented demand = 100%; tonnes in the tooltip"))
    parts = [L.pick(lang, "文献基线需求", "documented demand"), L.pick(lang, "情景：二次资源供给", "scenario: secondary supply"),
             L.pick(lang, "情景：剩余原生需求", "scenario: remaining primary demand")]
    chart = alt.Chart(df).mark_bar().encode(
        y=alt.Y("mineral:N", title=None, sort=s["mineral"].tolist()),
        yOffset=alt.YOffset("bar:N", sort=[L.pick(lang, "基线", "baseline"), L.pick(lang, "情景", "scenario")]),
        x=alt.X("sum(pct):Q", title=L.pick(lang, "占文献基线需求（%）", "% of documented demand")),
        color=alt.Color("part:N", scale=alt.Scale(domain=parts, range=["#999999", "#009E73", "#0072B2"]), title=None, sort=parts),
        order=alt.Order("part:N"),
        tooltip=[alt.Tooltip("mineral:N", title=L.pick(lang, "矿产", "mineral")), alt.Tooltip("part:N", title=L.pick(lang, "部分", "part")),
                 alt.Tooltip("tonnes:N", title=L.pick(lang, "数量", "amount")), alt.Tooltip("pct:Q", format=".1f", title="%"),
                 alt.Tooltip("derived:N", title=L.pick(lang, "推算", "derived"))],
    ).properties(title=title, width="container", height=alt.Step(12))
    top = s.sort_values("secondary", ascending=False)
    alt_text = frames.extremes_sentence(top["mineral"].tolist(), [tonnes(v, lang) for v in top["secondary"]],
                                        L.pick(lang, f"堆叠条形图：{horizon} 年情景下各矿产的二次资源供给量", f"Stacked bars: secondary supply by mineral in {horizon} under the scenario"), lang)
    src = data.load("minerals_demand")
    return frames.finish(chart, source=frames.source_line(src[src["entity"].isin(s["entity"]) & (src["indicator"] == "demand")], lang), alt_text=alt_text, lang=lang)


def recycling_target() -> pd.Series:
    """The document's 2035 target for the recycled share of consumption (a data row)."""
    return data.load("minerals_recycling").set_index("id").loc["t003.recycled_share.2035"]


def scenario_intro(lang: str) -> str:
    t = recycling_target()
    quote = t["quote"] if lang == "zh" else L.mark_zh(f"“{t['quote']}”")
    return L.pick(lang, f"文献提出：“{quote}”。下面的情景把这一比例（参数 `recycling_share_2035`，默认 {L.plain_number(t['value'])}%）应用于所选矿产在目标年份的需求"
                        "（可用参数 `demand_scale` 放大或缩小），计算二次资源供给量与剩余的原生需求。",
                  f"The document proposes: {quote} (recycled metals at {L.plain_number(t['value'])}% of consumption by {t['year']}). The scenario applies this share "
                  "(parameter `recycling_share_2035`) to the demand of the selected minerals in the horizon year (scaled by `demand_scale`) "
                  "and computes secondary supply and the remaining primary demand.")


def scenario_sentence(s: pd.DataFrame, demand_scale: float, share_pct: float, base_year: int, horizon: int, lang: str) -> str:
    """What the scenario changes, in one paragraph."""
    if s.empty:
        return L.pick(lang, "所选矿产在所选年份之间没有文献数值，无法计算情景。", "The selected minerals have no documented values over the selected years.")
    big = s.sort_values("secondary", ascending=False).iloc[0]
    changed = []
    if demand_scale != 1.0:
        changed.append(L.pick(lang, f"需求按文献数值乘以 {L.plain_number(demand_scale)}", f"demand is the documented value times {L.plain_number(demand_scale)}"))
    target = L.plain_number(recycling_target()["value"])
    if share_pct != recycling_target()["value"]:
        changed.append(L.pick(lang, f"二次资源占比取 {L.plain_number(share_pct)}%（文献目标为 {target}%）", f"secondary supply is {L.plain_number(share_pct)}% (document target: {target}%)"))
    what = L.pick(lang, "；".join(changed) if changed else f"采用文献基线（需求不变，二次资源占比为文献目标 {target}%）",
                  "; ".join(changed) if changed else f"the documented baseline (demand unchanged, secondary share at the document's {target}% target)")
    interp = s[s["horizon_derived"]]["mineral"].tolist()
    note = (L.pick(lang, f"其中 {'、'.join(interp)} 在 {horizon} 年没有文献数值，基线需求为插值推算。", f" For {', '.join(interp)} the {horizon} demand is interpolated (derived).")
            if interp else "")
    return L.pick(lang,
                  f"本情景：{what}。{base_year}—{horizon} 年间，{len(s)} 种矿产中二次资源供给量最大的是{big['mineral']}（{tonnes(big['secondary'], lang)}），"
                  f"其剩余原生需求为 {tonnes(big['primary'], lang)}。{note}",
                  f"This scenario uses {what}. Over {base_year}–{horizon}, of {len(s)} minerals the largest secondary supply is {big['mineral']} "
                  f"({tonnes(big['secondary'], lang)}), leaving primary demand of {tonnes(big['primary'], lang)}.{note}")


LINKS = {"resource": ("资源端", "resource end"), "smelting": ("冶炼端", "smelting end"), "materials": ("材料端", "materials end"),
         "recycling": ("循环利用", "recycling"), "chain": ("整个产业链", "whole chain")}


def chain_frame(lang: str) -> pd.DataFrame:
    """The stated links and total of the chain, each link with its derived share of the stated total."""
    df = data.load("minerals_chain")
    derived = df[df["indicator"] == "derived_share"]
    share = pd.Series(derived["value"].to_numpy(), index=derived["inputs"].str.split(";").str[1])  # inputs: whole;part
    df = df[df["kind"] == "stated"].copy()
    df["share"] = [L.pick(lang, f"{share[i]:.1f}%（推算值）", f"{share[i]:.1f}% (derived)") if i in share.index else "" for i in df["id"]]
    df["link"] = df[f"entity_{lang}"]
    df["order"] = df["group"].str.split(".").str[1].astype(int)
    df["is_total"] = df["order"] == 0
    df["amount"] = df["value"] / 1e12
    return df.sort_values("order").reset_index(drop=True)


def chain_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    parts = df[~df["is_total"]]
    total = df[df["is_total"]].iloc[0]
    title = alt.Title(L.pick(lang, "产业链各环节产值（2020 年估算）", "Output value by link of the chain (2020 estimate)"),
                      subtitle=L.pick(lang, f"四个环节合计：{total['value_as_written']}（原文）", f"Four links together: {total['value_as_written']} (as stated)"))
    base = alt.Chart(parts).encode(y=alt.Y("link:N", sort=parts["link"].tolist(), title=None),
                                   tooltip=[alt.Tooltip("link:N", title=L.pick(lang, "环节", "link")), alt.Tooltip("value_as_written:N", title=L.pick(lang, "原文数值", "as written")),
                                            alt.Tooltip("share:N", title=L.pick(lang, "占合计", "share of the total"))])
    bars = base.mark_bar(height=18, color="#76b7b2").encode(x=alt.X("amount:Q", title=L.pick(lang, "产值（万亿元）", "output value (trillion yuan)")))
    labels = base.mark_text(align="left", dx=4).encode(x="amount:Q", text="value_as_written:N")
    chart = (bars + labels).properties(title=title, width="container", height=alt.Step(32))
    o = parts.sort_values("value", ascending=False)
    alt_text = frames.extremes_sentence(o["link"].tolist(), o["value_as_written"].tolist(), L.pick(lang, "条形图：产业链各环节产值", "Bar chart of output value by link"), lang)
    return frames.finish(chart, source=frames.source_line(df, lang), alt_text=alt_text, lang=lang)


REGION_NAMES = {"CN": ("中国", "China"), "US": ("美国", "United States"), "EU": ("欧盟", "EU"), "KR": ("韩国", "Korea"), "JP": ("日本", "Japan"),
                "WORLD": ("国际水平", "international")}


def recycling_frame(lang: str) -> pd.DataFrame:
    df = data.load("minerals_recycling")
    df = df[df["kind"] == "stated"].copy()
    df["who"] = [L.pick(lang, *REGION_NAMES[r]) for r in df["region"]]
    df["row"] = df[f"entity_{lang}"] + " · " + df["who"]
    df["low"] = df["value_low"].fillna(df["value"])
    df["high"] = df["value_high"].fillna(df["value"])
    df["measure"] = df[f"indicator_{lang}"]
    df["qualifier_label"] = [L.qualifier(q, lang) or "—" for q in df["qualifier"]]
    return df.sort_values(["group", "value"], ascending=[False, False]).reset_index(drop=True)


def recycling_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    title = alt.Title(L.pick(lang, "循环利用：中国与发达经济体", "Recycling: China and developed economies"),
                      subtitle=L.pick(lang, "点为单一数值（形状表示“以上/超过”等限定），线段为区间；标签为原文写法",
                                      "Points: single values (shape shows qualifiers such as more than); segments: ranges; labels as written"))
    y = alt.Y("row:N", sort=df["row"].tolist(), title=None, axis=alt.Axis(labelLimit=220))
    color = alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom", direction="vertical"))
    base = alt.Chart(df).encode(y=y, tooltip=[alt.Tooltip("row:N", title=L.pick(lang, "对象", "item")), alt.Tooltip("measure:N", title=L.pick(lang, "指标", "indicator")),
                                              alt.Tooltip("value_as_written:N", title=L.pick(lang, "原文数值", "as written")),
                                              alt.Tooltip("qualifier_label:N", title=L.pick(lang, "限定", "qualifier"))])
    shape = alt.Shape("qualifier_label:N", title=L.pick(lang, "限定", "qualifier"))
    chart = frames.dot_range(base, "%", "value_as_written:N", color=color, shape=shape).properties(title=title, width="container", height=alt.Step(28))
    o = df.sort_values("value", ascending=False)
    alt_text = frames.extremes_sentence(o["row"].tolist(), o["value_as_written"].tolist(), L.pick(lang, "点与区间图：废钢比与二次资源供应比例", "Dot-and-range chart of scrap ratios and secondary supply shares"), lang)
    return frames.finish(chart, source=frames.source_line(df, lang), alt_text=alt_text, lang=lang)


def goals_frame(lang: str) -> pd.DataFrame:
    g = data.load("roadmap_goals_2035")
    g["link_label"] = [L.pick(lang, *LINKS[k]) for k in g["link"]]
    g["goal"] = g[f"goal_{lang}"]
    return g.sort_values(["step_year", "order"]).reset_index(drop=True)


def goals_chart(g: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    links = [L.pick(lang, *LINKS[k]) for k in LINKS]
    title = alt.Title(L.pick(lang, "“三步走”目标：哪些环节在哪一年有目标", "The three steps: which link has a goal in which year"),
                      subtitle=L.pick(lang, "每个点为一条目标，悬停查看原文；全文见下表", "Each dot is one goal; hover for the text; full list in the table below"))
    chart = alt.Chart(g).mark_circle(size=260, color="#f28e2b").encode(
        x=alt.X("step_year:O", title=L.pick(lang, "目标年份", "target year"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("link_label:N", sort=links, title=None),
        tooltip=[alt.Tooltip("step_year:O", title=L.pick(lang, "年份", "year")), alt.Tooltip("link_label:N", title=L.pick(lang, "环节", "link")),
                 alt.Tooltip("goal:N", title=L.pick(lang, "目标", "goal")), alt.Tooltip("quote:N", title=L.pick(lang, "原文", "quote"))],
    ).properties(title=title, width="container", height=alt.Step(36))
    counts = g.groupby("step_year").size()
    alt_text = L.pick(lang, "点图：" + "，".join(f"{y} 年 {n} 条目标" for y, n in counts.items()) + "。",
                      "Dot chart: " + ", ".join(f"{n} goals for {y}" for y, n in counts.items()) + ".")
    return frames.finish(chart, source=frames.source_line(g, lang), alt_text=alt_text, lang=lang)


def goals_table(g: pd.DataFrame, lang: str) -> str:
    head = L.pick(lang, "| 年份 | 环节 | 目标（原文） |\n|---|---|---|", "| year | link | goal |\n|---|---|---|")
    rows = [f"| {r.step_year} | {r.link_label} | {r.goal if lang == 'zh' else r.goal + ' — ' + L.mark_zh('“' + r.quote + '”')} |" for r in g.itertuples()]
    return "\n".join([head] + rows)


def shares_frame(lang: str) -> pd.DataFrame:
    """China's 2020 world shares of smelter output and of mineral consumption, with the quantity as written."""
    df = data.load("minerals_supply_2020")
    qty = df[df["indicator"].isin(("production", "consumption"))].set_index("entity")["value_as_written"]
    s = df[df["indicator"].isin(("world_output_share", "world_consumption_share"))].copy()
    s["label"] = s[f"entity_{lang}"]
    s["measure"] = s[f"indicator_{lang}"]
    s["quantity"] = s["entity"].map(qty)
    return s.sort_values(["indicator", "value"], ascending=[False, False]).reset_index(drop=True)


def shares_chart(s: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    title = alt.Title(L.pick(lang, "2020 年中国占世界的比重：冶炼产量与矿产消费量", "China's share of the world in 2020: smelter output and mineral consumption"),
                      subtitle=L.pick(lang, "标签为原文写法；提示框中为产量或消费量", "Labels as written; the quantity is in the tooltip"))
    base = alt.Chart(s).encode(y=alt.Y("label:N", sort=s["label"].tolist(), title=None),
                               tooltip=[alt.Tooltip("label:N", title=L.pick(lang, "对象", "item")), alt.Tooltip("measure:N", title=L.pick(lang, "指标", "indicator")),
                                        alt.Tooltip("value_as_written:N", title=L.pick(lang, "原文数值", "as written")),
                                        alt.Tooltip("quantity:N", title=L.pick(lang, "数量（原文）", "quantity (as written)"))])
    bars = base.mark_bar(height=14).encode(x=alt.X("value:Q", title=L.pick(lang, "占世界比重（%）", "share of world (%)"), scale=alt.Scale(domain=[0, 100])),
                                           color=alt.Color("measure:N", title=None, scale=alt.Scale(range=["#4e79a7", "#f28e2b"])))
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(x="value:Q", text="value_as_written:N")
    chart = (bars + labels).properties(title=title, width="container", height=alt.Step(22))
    o = s.sort_values("value", ascending=False)
    alt_text = frames.extremes_sentence((o["label"] + " · " + o["measure"]).tolist(), o["value_as_written"].tolist(),
                                        L.pick(lang, "条形图：2020 年中国占世界的比重", "Bar chart of China's world shares in 2020"), lang)
    return frames.finish(chart, source=frames.source_line(s, lang), alt_text=alt_text, lang=lang)
