"""Chapter 06 (supply-chain monitor, document 004): Korea's hydrogen fluoride case and rare earths."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .. import data, labels as L
from . import frames

CONTROLS = "2019-07"  # Japan's export controls on Korea start (stated in the same item)


def hf_points(lang: str) -> pd.DataFrame:
    """Monthly imports from Japan as stated (points only) and the stated 2020 monthly average."""
    df = data.load("bulletin_monitor")
    df = df[df["indicator"].isin(("hf_imports_from_japan", "monthly_average_imports"))].copy()
    df["date"] = [f"{p}-15" if len(p) == 7 else f"{p}-07-01" for p in df["period"]]
    df["start"] = [f"{p}-01-01" if len(p) == 4 else None for p in df["period"]]
    df["end"] = [f"{p}-12-31" if len(p) == 4 else None for p in df["period"]]
    df["what"] = df[f"indicator_{lang}"]
    df["written"] = df["value_as_written"] if lang == "zh" else [f"{w} ({L.plain_number(v)} t)" for w, v in zip(df["value_as_written"], df["value"])]
    return df.sort_values("date").reset_index(drop=True)


def hf_chart(df: pd.DataFrame, show_controls: bool, lang: str) -> alt.TopLevelMixin:
    months = df[df["start"].isna()]
    avg = df[df["start"].notna()]
    a = avg.iloc[0]
    title = alt.Title(L.pick(lang, "韩国自日本进口的氟化氢（吨）", "Korea's hydrogen fluoride imports from Japan (tonnes)"),
                      subtitle=L.pick(lang, f"点为原文给出的月份；横线为 {a['period']} 年月均值（{a['value_as_written']}）；其间没有数据，未作连线",
                                      f"Dots: the months the source gives; bar: the {a['period']} monthly average ({a['written']}); no data between them, so no line"))
    x = alt.X("date:T", title=L.pick(lang, "月份", "month"), scale=alt.Scale(domain=["2019-05-01", "2021-01-31"]),
              axis=alt.Axis(format="%Y-%m", labelAngle=0, tickCount=6))
    y = alt.Y("value:Q", title=L.pick(lang, "进口量（吨）", "imports (t)"), scale=alt.Scale(domain=[0, 3300]))
    tip = [alt.Tooltip("what:N", title=L.pick(lang, "指标", "indicator")), alt.Tooltip("period:N", title=L.pick(lang, "时间", "period")),
           alt.Tooltip("value_as_written:N", title=L.pick(lang, "原文数值", "as written")), alt.Tooltip("qualifier:N", title=L.pick(lang, "限定", "qualifier"))]
    dots = alt.Chart(months).mark_point(filled=True, size=110, color="#e15759").encode(x=x, y=y, tooltip=tip)
    labels = alt.Chart(months).mark_text(dy=-14, fontSize=12).encode(x=x, y=y, text="written:N")
    bar = alt.Chart(avg).mark_rule(strokeWidth=4, color="#4e79a7").encode(x="start:T", x2="end:T", y=y, tooltip=tip)
    bar_label = alt.Chart(avg).mark_text(dy=-12, fontSize=12, color="#4e79a7").encode(x="date:T", y=y, text="written:N")
    layers = [dots, labels, bar, bar_label]
    if show_controls:
        marker = pd.DataFrame({"date": [f"{CONTROLS}-01"], "text": [L.pick(lang, "2019年7月 日本启动出口管制", "July 2019: Japan's export controls")]})
        layers += [alt.Chart(marker).mark_rule(strokeDash=[4, 3], color="#555").encode(x="date:T"),
                   alt.Chart(marker).mark_text(align="left", dx=4, y=8, fontSize=11, color="#555").encode(x="date:T", text="text:N")]
    chart = alt.layer(*layers).properties(title=title, width="container", height=300)
    ordered = df.sort_values("value", ascending=False)
    alt_text = frames.extremes_sentence((ordered["period"] + " " + ordered["what"]).tolist(), ordered["value_as_written"].tolist(),
                                        L.pick(lang, "散点图：韩国自日本进口氟化氢", "Dot chart of Korea's hydrogen fluoride imports from Japan"), lang)
    return frames.finish(chart, source=frames.source_line(df, lang), alt_text=alt_text, lang=lang)


def hf_declines(lang: str) -> pd.DataFrame:
    df = data.load("bulletin_monitor")
    df = df[(df["group"] == "hf_korea") & (df["unit"] == "%") & (df["kind"] == "stated")].copy()
    df["label"] = df[f"entity_{lang}"] + " · " + df[f"indicator_{lang}"]
    df.loc[df["indicator"] == "decline_vs_previous_year", "label"] = L.pick(lang, "自日本进口 · 2020年同比减少", "imports from Japan · fall on 2019")
    df.loc[df["indicator"] == "decline_vs_before_controls", "label"] = L.pick(lang, "自日本进口 · 较管制前减少", "imports from Japan · fall since before the controls")
    df.loc[df["indicator"] == "hf_imports_total", "label"] = L.pick(lang, "进口总量 · 减少", "total imports · fall")
    df.loc[df["indicator"] == "hf_imports_from_taiwan", "label"] = L.pick(lang, "自中国台湾进口 · 2020年同比减少", "imports from Taiwan, China · fall on 2019")
    return df.sort_values(["value", "id"], ascending=[False, True]).reset_index(drop=True)


def declines_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    title = alt.Title(L.pick(lang, "降幅：进口与日本企业出货", "How far it fell: imports and Japanese shipments"),
                      subtitle=L.pick(lang, "均为原文给出的降幅（%）", "All falls as stated in the source (%)"))
    base = alt.Chart(df).encode(y=alt.Y("label:N", sort=df["label"].tolist(), title=None, axis=alt.Axis(labelLimit=260)),
                                tooltip=[alt.Tooltip("label:N", title=L.pick(lang, "对象", "item")), alt.Tooltip("value_as_written:N", title=L.pick(lang, "原文数值", "as written")),
                                         alt.Tooltip("note:N", title=L.pick(lang, "说明", "note"))])
    bars = base.mark_bar(height=16, color="#e15759").encode(x=alt.X("value:Q", title=L.pick(lang, "降幅（%）", "fall (%)"), scale=alt.Scale(domain=[0, 100])))
    labels = base.mark_text(align="left", dx=4).encode(x="value:Q", text="value_as_written:N")
    chart = (bars + labels).properties(title=title, width="container", height=alt.Step(30))
    alt_text = frames.extremes_sentence(df["label"].tolist(), df["value_as_written"].tolist(), L.pick(lang, "条形图：各项降幅", "Bar chart of the falls"), lang)
    return frames.finish(chart, source=frames.source_line(df, lang), alt_text=alt_text, lang=lang)


def rare_earths(measure: str, lang: str) -> pd.DataFrame:
    df = data.load("bulletin_monitor")
    df = df[(df["entity"] == "rare_earths") & (df["indicator"] == measure)].copy()
    df["who"] = [L.pick(lang, "中国", "China") if r == "CN" else L.pick(lang, "全球", "world") for r in df["region"]]
    df["tonnes_label"] = [f"{w}" if lang == "zh" else f"{w} ({v / 1e4:g}×10⁴ t)" for w, v in zip(df["value_as_written"], df["value"])]
    return df.sort_values("value", ascending=False).reset_index(drop=True)


def rare_earth_chart(df: pd.DataFrame, share: pd.Series, measure: str, lang: str) -> alt.TopLevelMixin:
    what = L.pick(lang, "储量", "reserves") if measure == "reserves" else L.pick(lang, "2020 年产量", "production in 2020")
    title = alt.Title(L.pick(lang, f"稀土{what}：中国与全球", f"Rare earths, {what}: China and the world"),
                      subtitle=L.pick(lang, f"中国占比（原文）：{share['value_as_written']}", f"China's share (as stated): {share['value_as_written']}"))
    base = alt.Chart(df).encode(y=alt.Y("who:N", sort=df["who"].tolist(), title=None),
                                tooltip=[alt.Tooltip("who:N", title=L.pick(lang, "地区", "region")), alt.Tooltip("value_as_written:N", title=L.pick(lang, "原文数值", "as written"))])
    bars = base.mark_bar(height=22, color="#59a14f").encode(x=alt.X("value:Q", title=L.pick(lang, "吨", "tonnes"), axis=alt.Axis(format="~s")))
    labels = base.mark_text(align="left", dx=4).encode(x="value:Q", text="tonnes_label:N")
    chart = (bars + labels).properties(title=title, width="container", height=alt.Step(40))
    alt_text = frames.extremes_sentence(df["who"].tolist(), df["value_as_written"].tolist(), L.pick(lang, f"条形图：稀土{what}", f"Bar chart of rare-earth {what}"), lang)
    return frames.finish(chart, source=frames.source_line(df, lang), alt_text=alt_text, lang=lang)


def rare_earth_share(measure: str) -> pd.Series:
    df = data.load("bulletin_monitor").set_index("id")
    return df.loc["b004.re.china_reserves_share" if measure == "reserves" else "b004.re.china_production_share.2020"]


def case_sentence(lang: str) -> str:
    df = data.load("bulletin_monitor").set_index("id")
    w = lambda i: df.loc[i, "value_as_written"] if lang == "zh" else L.mark_zh(df.loc[i, "value_as_written"])  # noqa: E731
    return L.pick(lang,
                  f"管制前的 2019 年 6 月，韩国自日本进口氟化氢 {w('b004.hf.japan_imports.2019_06')}；8 月降至{w('b004.hf.japan_imports.2019_08')}；12 月恢复到 {w('b004.hf.japan_imports.2019_12')}；"
                  f"2020 年月均仅 {w('b004.hf.japan_imports.2020_monthly_avg')}。新的水平远低于管制前，缺口由韩国本土企业的产品补上。",
                  f"Before the controls, in June 2019, Korea imported {w('b004.hf.japan_imports.2019_06')} of hydrogen fluoride from Japan; in August imports fell to zero "
                  f"({w('b004.hf.japan_imports.2019_08')}); in December they resumed at {w('b004.hf.japan_imports.2019_12')}; in 2020 they averaged only "
                  f"{w('b004.hf.japan_imports.2020_monthly_avg')} a month. The new level stays far below the old one; Korean makers filled the gap.")


def price_falls(lang: str) -> pd.DataFrame:
    df = data.load("bulletin_metals")
    df = df[df["group"] == "prices"].copy()
    df["label"] = df[f"entity_{lang}"]
    df["measure"] = df[f"indicator_{lang}"] + L.pick(lang, "（", " (") + [L.kind(k, lang) for k in df["kind"]] + L.pick(lang, "）", ")")
    df["low"] = df["value_low"].fillna(df["value"])
    df["high"] = df["value_high"].fillna(df["value"])
    return df.sort_values(["indicator", "value"], ascending=[True, False]).reset_index(drop=True)


def price_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    title = alt.Title(L.pick(lang, "疫情下的金属价格跌幅（2020 年）", "Metal price falls under COVID (2020)"),
                      subtitle=L.pick(lang, "跌幅为正数；区间画作线段；“预测值”为原文对全年平均价格的预计",
                                      "Falls as positive numbers; ranges as segments; projection: the source's expectation for the year's average"))
    y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("value", order="descending"))
    row = alt.YOffset("measure:N")
    color = alt.Color("measure:N", title=None, scale=alt.Scale(range=["#e15759", "#9c755f"]), legend=alt.Legend(orient="bottom", direction="vertical"))
    base = alt.Chart(df).encode(y=y, yOffset=row, color=color,
                                tooltip=[alt.Tooltip("label:N", title=L.pick(lang, "金属", "metal")), alt.Tooltip("measure:N", title=L.pick(lang, "指标", "indicator")),
                                         alt.Tooltip("value_as_written:N", title=L.pick(lang, "原文数值", "as written"))])
    rng = base.mark_rule(strokeWidth=8).encode(x=alt.X("low:Q", title=L.pick(lang, "跌幅（%）", "fall (%)"), scale=alt.Scale(domain=[0, 25])), x2="high:Q")
    bars = base.mark_bar(height=10).encode(x="high:Q")
    labels = base.mark_text(align="left", dx=4, fontSize=11, color="#333").encode(x="high:Q", text="value_as_written:N")
    chart = (bars + rng + labels).properties(title=title, width="container", height=alt.Step(14))
    o = df.sort_values("value", ascending=False)
    alt_text = frames.extremes_sentence((o["label"] + " · " + o["measure"]).tolist(), o["value_as_written"].tolist(),
                                        L.pick(lang, "条形图：2020 年金属价格跌幅", "Bar chart of metal price falls in 2020"), lang)
    return frames.finish(chart, source=frames.source_line(df, lang), alt_text=alt_text, lang=lang)


def concentration_sentence(lang: str) -> str:
    df = data.load("bulletin_metals").set_index("id")
    w = (lambda i: df.loc[i, "value_as_written"]) if lang == "zh" else (lambda i: L.mark_zh(df.loc[i, "value_as_written"]))
    return L.pick(lang, f"同一报道指出：中国供应了全球{w('b004.ree.china_supply_share')}的稀土元素；开采出的钴{w('b004.cobalt.battery_share')}用于可充电电池；"
                        f"全世界只有{w('b004.ewaste.collected.world')}的电子垃圾被收集处理，欧盟的回收目标为 {w('b004.ewaste.weee_target.eu')}。",
                  f"The same item notes that China supplies {w('b004.ree.china_supply_share')} of rare-earth elements; {w('b004.cobalt.battery_share')} of mined cobalt "
                  f"goes into rechargeable batteries; only {w('b004.ewaste.collected.world')} of the world's e-waste is collected, against an EU target of {w('b004.ewaste.weee_target.eu')}.")
