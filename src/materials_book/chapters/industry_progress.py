"""Chapter 05 (new-materials industry progress, document 002): frames, charts and sentences."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .. import data, labels as L
from . import frames

MONEY = {"万亿元": (1e12, "trillion yuan"), "亿元": (1e8, "100 million yuan")}
SHARES = ("world_output_value_share", "world_output_share", "share_of_industrial_demand_met")
SCALE = ("firms_above_designated_size", "industry_standards_issued", "key_platforms", "firms_served",
         "application_verifications", "testing_evaluations")


def _facts() -> pd.DataFrame:
    df = data.load("industry_figures")
    return df


def money_label(money_unit: str, lang: str) -> str:
    return L.pick(lang, money_unit, MONEY[money_unit][1])


def output_value(money_unit: str, lang: str) -> pd.DataFrame:
    df = _facts()
    df = df[(df["indicator"] == "output_value") & (df["kind"] == "stated")].sort_values("year").copy()
    df["amount"] = df["value"] / MONEY[money_unit][0]
    df["year_label"] = df["year"].astype(str)
    df["written"] = df["value_as_written"]
    return df


def growth(lang: str) -> pd.DataFrame:
    df = _facts()
    return df[(df["kind"] == "derived") & (df["entity"] == "new_materials_industry")].sort_values("indicator")


def output_chart(df: pd.DataFrame, grow: pd.DataFrame, money_unit: str, show_derived: bool, lang: str) -> alt.TopLevelMixin:
    unit = money_label(money_unit, lang)
    sub = L.pick(lang, "柱为文献数值，标签为原文写法", "Bars: stated values; labels as written in the source")
    if show_derived and not grow.empty:
        cagr = grow[grow["indicator"] == "cagr"].iloc[0]
        sub += L.pick(lang, f"；推算年均增长率 {cagr['value']:.1f}%（{cagr['period']}，推算值）",
                      f"; derived CAGR {cagr['value']:.1f}% ({cagr['period']}, computed)")
    title = alt.Title(L.pick(lang, "新材料产业总产值", "Output value of the new-materials industry"), subtitle=sub)
    base = alt.Chart(df).encode(
        x=alt.X("year_label:O", title=L.pick(lang, "年份", "year"), axis=alt.Axis(labelAngle=0)),
        tooltip=[alt.Tooltip("year_label:O", title=L.pick(lang, "年份", "year")),
                 alt.Tooltip("written:N", title=L.pick(lang, "原文数值", "as written")),
                 alt.Tooltip("section:N", title=L.pick(lang, "出处", "section"))])
    bars = base.mark_bar(width=60, color="#4e79a7").encode(y=alt.Y("amount:Q", title=L.pick(lang, f"产值（{unit}）", f"output value ({unit})")))
    labels = base.mark_text(dy=-8, fontSize=12).encode(y="amount:Q", text="written:N")
    chart = (bars + labels).properties(title=title, width="container", height=260)
    alt_text = L.pick(lang, f"柱状图：新材料产业总产值由 {df['year'].min()} 年的{df['written'].iloc[0]}增至 {df['year'].max()} 年的{df['written'].iloc[-1]}。",
                      f"Bar chart: new-materials output value rose from {df['written'].iloc[0]} in {df['year'].min()} to {df['written'].iloc[-1]} in {df['year'].max()}.")
    return frames.finish(chart, source=frames.source_line(df, lang), alt_text=alt_text, lang=lang)


def shares(lang: str) -> pd.DataFrame:
    df = _facts()
    df = df[df["indicator"].isin(SHARES) & (df["unit"] == "%")].copy()  # a share in words (一半以上) stays in the data, not on the % axis
    df["label"] = df[f"entity_{lang}"] + " · " + df[f"indicator_{lang}"]
    df["low"] = df["value_low"].fillna(df["value"])
    df["high"] = df["value_high"].fillna(df["value"])
    df["written"] = [frames.written_label(r, lang) for _, r in df.iterrows()]
    df["qualifier_label"] = [L.qualifier(q, lang) or "—" for q in df["qualifier"]]
    return df.sort_values(["value", "id"], ascending=[False, True]).reset_index(drop=True)


def shares_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    title = alt.Title(L.pick(lang, "能力：世界占比与满足需求的比例", "Capability: world shares and share of demand met"),
                      subtitle=L.pick(lang, "区间画作线段（两端为原文数值）", "Ranges drawn as segments (both ends as stated)"))
    base = alt.Chart(df).encode(y=alt.Y("label:N", sort=df["label"].tolist(), title=None, axis=alt.Axis(labelLimit=280)),
                                tooltip=[alt.Tooltip("label:N", title=L.pick(lang, "对象", "item")),
                                         alt.Tooltip("written:N", title=L.pick(lang, "原文数值", "as written")),
                                         alt.Tooltip("qualifier_label:N", title=L.pick(lang, "限定", "qualifier"))])
    chart = frames.dot_range(base, L.pick(lang, "比例（%）", "share (%)"), "written:N", color="#59a14f").properties(title=title, width="container", height=alt.Step(40))
    alt_text = frames.extremes_sentence(df["label"].tolist(), df["written"].tolist(),
                                        L.pick(lang, "点与区间图：新材料能力相关比例", "Dot-and-range chart of capability shares"), lang)
    return frames.finish(chart, source=frames.source_line(df, lang), alt_text=alt_text, lang=lang)


def scale_table(lang: str) -> str:
    """Markdown table of the 2024 scale figures (firms, standards, platforms, services), values as written."""
    df = _facts()
    df = df[df["indicator"].isin(SCALE)].set_index("indicator").loc[list(SCALE)]
    head = L.pick(lang, "| 指标 | 年份 | 原文数值 | 限定 |\n|---|---|---|---|", "| indicator | year | as written | qualifier |\n|---|---|---|---|")
    rows = [f"| {r[f'indicator_{lang}']} | {r['year']} | {r['value_as_written'] if lang == 'zh' else L.mark_zh(r['value_as_written'])} | "
            f"{L.qualifier(r['qualifier'], lang) or '—'} |" for _, r in df.iterrows()]
    return "\n".join([head] + rows)


def growth_sentence(df: pd.DataFrame, grow: pd.DataFrame, show_derived: bool, lang: str) -> str:
    a, b = df.iloc[0], df.iloc[-1]
    zh = f"新材料产业总产值从 {a['year']} 年的{a['written']}增至 {b['year']} 年的{b['written']}。"
    en = f"The industry's output value rose from {L.mark_zh(a['written'])} in {a['year']} to {L.mark_zh(b['written'])} in {b['year']}."
    if show_derived and not grow.empty:
        total = grow[grow["indicator"] == "total_change"].iloc[0]
        cagr = grow[grow["indicator"] == "cagr"].iloc[0]
        zh += f"据此推算，累计增长 {total['value']:.0f}%，年均增长 {cagr['value']:.1f}%（推算值，公式：{cagr['formula'].split(' with ')[0]}）。"
        en += f" Derived from these: total growth {total['value']:.0f}%, {cagr['value']:.1f}% a year (computed: {cagr['formula'].split(' with ')[0]})."
    return L.pick(lang, zh, en)


def cross_source(lang: str) -> str:
    """The 2020 output value as stated by 002 and by 003, side by side."""
    a = data.load("industry_figures").set_index("id").loc["i002.industry.output_value.2020"]
    b = data.load("minerals_chain").set_index("id").loc["s003.chain.new_materials.2020"]
    same = a["value"] == b["value"]
    w = (lambda x: x) if lang == "zh" else L.mark_zh
    head = L.pick(lang, "| 文献 | 章节 | 原文数值 | 限定 |\n|---|---|---|---|", "| document | section | as written | qualifier |\n|---|---|---|---|")
    rows = [f"| {r['source']} | {w(r['section'])} | {w(r['value_as_written'])} | {L.qualifier(r['qualifier'], lang) or '—'} |" for r in (a, b)]
    note = L.pick(lang, "两份文献给出的 2020 年新材料产业产值一致" if same else "两份文献给出的 2020 年新材料产业产值不一致",
                  "The two documents agree on the 2020 output value" if same else "The two documents disagree on the 2020 output value")
    note += L.pick(lang, "；文献 003 注明为估算（约）。", "; document 003 marks it as an estimate (about).") if b["qualifier"] != a["qualifier"] else L.pick(lang, "。", ".")
    return "\n".join([head] + rows) + "\n\n" + note
