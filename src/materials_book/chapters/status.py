"""Chapter 01 (status of localization): the frames, charts and sentences the notebook shows."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .. import data, labels as L
from . import frames

CLASS_KEYS = {"rare_earth": "rare_earth_functional", "semiconductor": "semiconductor_materials",
              "display": "new_display_materials", "energy": "new_energy_materials"}
DOMESTIC = ("localization_rate", "domestic_market_share")


def _labelled(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    gl = data.load("glossary").set_index("key")
    out = df.copy()
    out["label"] = out[f"entity_{lang}"]
    out["measure"] = out[f"indicator_{lang}"]
    out["written"] = [frames.written_label(r, lang) for _, r in out.iterrows()]
    out["qualifier_label"] = [L.qualifier(q, lang) or "—" for q in out["qualifier"]]
    out["class_name"] = [gl.loc[CLASS_KEYS[g], lang] if g in CLASS_KEYS else "—" for g in out["group"].fillna("")]
    return out


def _tooltip(lang: str) -> list:
    return [alt.Tooltip("label:N", title=L.pick(lang, "对象", "item")),
            alt.Tooltip("measure:N", title=L.pick(lang, "指标", "indicator")),
            alt.Tooltip("written:N", title=L.pick(lang, "原文数值", "as written")),
            alt.Tooltip("qualifier_label:N", title=L.pick(lang, "限定", "qualifier")),
            alt.Tooltip("section:N", title=L.pick(lang, "出处章节", "section"))]


def domestic_shares(material_class: str, threshold: float, lang: str) -> pd.DataFrame:
    """Localization rates and domestic market shares by material, lowest first, with the threshold flag."""
    df = data.load("localization")
    df = df[df["indicator"].isin(DOMESTIC) & (df["region"] == "CN")]
    if material_class != "all":
        df = df[df["group"] == material_class]
    df = _labelled(df, lang)
    df["below"] = df["value"] < threshold
    df["flag"] = [L.pick(lang, "低于阈值", "below threshold") if b else L.pick(lang, "不低于阈值", "at or above threshold") for b in df["below"]]
    return df.sort_values(["value", "id"]).reset_index(drop=True)


def domestic_chart(df: pd.DataFrame, threshold: float, lang: str) -> alt.TopLevelMixin:
    title = alt.Title(L.pick(lang, "关键战略材料国产化率与国内厂商市场占比", "Localization rate and domestic firms' market share"),
                      subtitle=L.pick(lang, f"按数值从低到高排列；虚线为阈值 {L.plain_number(threshold)}%；标签为原文写法",
                                      f"Sorted from lowest; dashed line: threshold {L.plain_number(threshold)}%; labels as written in the source"))
    y = alt.Y("label:N", sort=df["label"].tolist(), title=None)
    x = alt.X("value:Q", title=L.pick(lang, "占比（%）", "share (%)"), scale=alt.Scale(domain=[0, 100]))
    colors = alt.Scale(domain=[L.pick(lang, "低于阈值", "below threshold"), L.pick(lang, "不低于阈值", "at or above threshold")],
                       range=["#D55E00", "#0072B2"])
    base = alt.Chart(df).encode(y=y, tooltip=_tooltip(lang))
    bars = base.mark_bar(height=14).encode(x=x, color=alt.Color("flag:N", scale=colors, title=None))
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(x="value:Q", text="written:N")
    rule = alt.Chart(pd.DataFrame({"t": [threshold]})).mark_rule(strokeDash=[4, 3], color="#333").encode(x="t:Q")
    chart = (bars + labels + rule).properties(title=title, width="container", height=alt.Step(26))
    ordered = df.sort_values("value", ascending=False)
    alt_text = frames.extremes_sentence(ordered["label"].tolist(), ordered["written"].tolist(),
                                        L.pick(lang, "条形图：各材料国产化率或国内厂商占比", "Bar chart of localization rate or domestic share by material"), lang)
    return frames.finish(chart, source=frames.source_line(df, lang), alt_text=alt_text, lang=lang)


def survey(lang: str) -> pd.DataFrame:
    """The 2019 MIIT survey rows: number of materials and the two shares."""
    df = data.load("localization")
    return _labelled(df[df["id"].str.startswith("p000.miit2019.")], lang)


def survey_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    shares = df[df["unit"] == "%"].sort_values("value", ascending=False)
    count = df[df["indicator"] == "materials_surveyed"].iloc[0]
    title = alt.Title(L.pick(lang, "2019年工业和信息化部调研：关键战略材料的供给状况", "2019 MIIT survey: supply of key strategic materials"),
                      subtitle=L.pick(lang, f"调研覆盖 {count['value_as_written']}关键战略材料", f"Survey of {count['value_as_written']} (more than {L.plain_number(count['value'])}) key strategic materials"))
    base = alt.Chart(shares).encode(y=alt.Y("measure:N", sort=shares["measure"].tolist(), title=None), tooltip=_tooltip(lang))
    bars = base.mark_bar(height=20, color="#D55E00").encode(x=alt.X("value:Q", title=L.pick(lang, "占调研材料的比例（%）", "share of surveyed materials (%)"), scale=alt.Scale(domain=[0, 100])))
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(x="value:Q", text="written:N")
    chart = (bars + labels).properties(title=title, width="container", height=alt.Step(40))
    alt_text = frames.extremes_sentence(shares["measure"].tolist(), shares["written"].tolist(),
                                        L.pick(lang, "条形图：2019年调研中两类材料的比例", "Bar chart of two shares in the 2019 survey"), lang)
    return frames.finish(chart, source=frames.source_line(df, lang), alt_text=alt_text, lang=lang)


def dominance(material_class: str, lang: str) -> pd.DataFrame:
    """Who dominates: world output or shipment shares and import dependence, ranges kept as ranges."""
    df = pd.concat([data.load("localization"), data.load("paper_costs")], ignore_index=True)
    df = df[df["indicator"].isin(("world_output_share", "world_shipment_share", "import_dependence", "core_patent_share_top_firms"))]
    df = df.assign(group=df["group"].where(df["entity"] != "euv_photoresist", "semiconductor"))
    if material_class != "all":
        df = df[df["group"] == material_class]
    df = _labelled(df, lang)
    region = {"CN": ("中国", "China"), "US": ("美国", "United States"), "JP": ("日本企业", "Japanese firms")}
    df["who"] = [L.pick(lang, *region.get(r, (r, r))) for r in df["region"]]
    df["row"] = df["label"] + " · " + df["who"]
    df["written"] = df["measure"] + " " + df["written"]
    df["low"] = df["value_low"].fillna(df["value"])
    df["high"] = df["value_high"].fillna(df["value"])
    return df.sort_values(["value", "id"], ascending=[False, True]).reset_index(drop=True)


def dominance_view(df: pd.DataFrame, lang: str):
    """The dominance chart, or a sentence when the selected class has no such figures."""
    if df.empty:
        from IPython.display import Markdown

        return Markdown(L.pick(lang, "所选材料类别在原文中没有产量份额或进口依赖度数字。",
                               "The source gives no output-share or import-dependence figure for the selected class."))
    return dominance_chart(df, lang)


def dominance_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    title = alt.Title(L.pick(lang, "谁主导：产量、出货、专利份额与进口依赖度", "Who dominates: output, shipment and patent shares, import dependence"),
                      subtitle=L.pick(lang, "区间以线段表示（两端均为原文数值），单点为原文单一数值", "Ranges drawn as segments (both ends as stated); single values as points"))
    y = alt.Y("row:N", sort=df["row"].tolist(), title=None, axis=alt.Axis(labelLimit=160))
    base = alt.Chart(df).encode(y=y, tooltip=_tooltip(lang))
    shape = alt.Shape("qualifier_label:N", title=L.pick(lang, "限定", "qualifier"))
    chart = frames.dot_range(base, L.pick(lang, "占比（%）", "share (%)"), "written:N", color="#0072B2", shape=shape).properties(title=title, width="container", height=alt.Step(40))
    alt_text = frames.extremes_sentence(df["row"].tolist(), df["written"].tolist(),
                                        L.pick(lang, "点与区间图：产量份额、出货份额与进口依赖度", "Dot-and-range chart of output share, shipment share and import dependence"), lang)
    return frames.finish(chart, source=frames.source_line(df, lang), alt_text=alt_text, lang=lang)


def below_sentence(df: pd.DataFrame, threshold: float, lang: str) -> str:
    """Markdown sentence listing the materials below the threshold, with their values as written."""
    low = df[df["below"]]
    if low.empty:
        return L.pick(lang, f"所选材料中没有低于 {L.plain_number(threshold)}% 的。", f"No selected material is below {L.plain_number(threshold)}%.")
    items = L.pick(lang, "、", ", ").join(f"{r.label}（{r.written}）" if lang == "zh" else f"{r.label} ({r.written})" for r in low.itertuples())
    return L.pick(lang, f"在所选的 {len(df)} 项中，有 {len(low)} 项低于 {L.plain_number(threshold)}%：{items}。",
                  L.mark_zh(f"Of the {len(df)} selected items, {len(low)} are below {L.plain_number(threshold)}%: {items}."))


def table1(material_class: str, lang: str) -> str:
    """Table 1 as Markdown: per class, its materials and how many figures the paper gives for the class."""
    t1 = data.load("table1_materials")
    loc = data.load("localization")
    if material_class != "all":
        t1 = t1[t1["class_id"] == material_class]
    head = L.pick(lang, "| 材料类型 | 国产化替代亟需突破领域 | 数字条数 |\n|---|---|---|",
                  "| class | materials urgently needing localization | figures |\n|---|---|---|")
    rows = []
    for cid, g in t1.groupby("class_id", sort=False):
        top = g[g["parent"].isna()]
        names = []
        for r in top.itertuples():
            subs = g[g["parent"] == r.id][f"material_{lang}"].tolist()
            name = getattr(r, f"material_{lang}")
            names.append(f"{name}（{'、'.join(subs)}）" if subs and lang == "zh" else f"{name} ({', '.join(subs)})" if subs else name)
        n_fig = int((loc["group"] == cid).sum())
        rows.append(f"| {g[f'class_{lang}'].iloc[0]} | {L.pick(lang, '、', '; ').join(names)} | {n_fig} |")
    return "\n".join([head] + rows)


def costs(lang: str) -> pd.DataFrame:
    """R&D and commercialization spending of new-materials firms as multiples of other industries."""
    df = data.load("paper_costs")
    df = df[df["unit"] == "times"].copy()
    df["label"] = df[f"indicator_{lang}"]
    df["written"] = df["value_as_written"]
    return df.sort_values("value").reset_index(drop=True)


def costs_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    title = alt.Title(L.pick(lang, "为什么难：新材料企业的开销是其他行业的几倍", "Why it is hard: new-materials firms spend several times as much"),
                      subtitle=L.pick(lang, "对数坐标；1 倍 = 与对比行业相同", "Log scale; 1× = the same as the other industry"))
    base = alt.Chart(df).encode(y=alt.Y("label:N", sort=df["label"].tolist(), title=None, axis=alt.Axis(labelLimit=240)), tooltip=_tooltip(lang))
    bars = base.mark_bar(height=18, color="#b07aa1").encode(
        x=alt.X("value:Q", title=L.pick(lang, "倍数（对数坐标）", "multiple (log scale)"), scale=alt.Scale(type="log", domain=[1, 100])))
    labels = base.mark_text(align="left", dx=4).encode(x="value:Q", text="written:N")
    chart = (bars + labels).properties(title=title, width="container", height=alt.Step(34))
    o = df.sort_values("value", ascending=False)
    alt_text = frames.extremes_sentence(o["label"].tolist(), o["written"].tolist(),
                                        L.pick(lang, "条形图：新材料企业开销相对其他行业的倍数", "Bar chart of new-materials firms' spending as multiples of other industries"), lang)
    return frames.finish(chart, source=frames.source_line(df, lang), alt_text=alt_text, lang=lang)


def cycle_sentence(lang: str) -> str:
    row = data.load("paper_costs").set_index("id").loc["p000.cycle.rd_to_application"]
    w = row["value_as_written"] if lang == "zh" else L.mark_zh(row["value_as_written"])
    return L.pick(lang, f"从研发到应用，关键战略材料的周期往往长达 {w}（区间 {L.plain_number(row['value_low'])}–{L.plain_number(row['value_high'])} 年）。",
                  f"From R&D to application, key strategic materials often take {w} ({L.plain_number(row['value_low'])} to {L.plain_number(row['value_high'])} years).")


def stages_table(lang: str) -> str:
    """The four stages of localization and the five traits of the industry, as one compact table."""
    fw = data.load("paper_framework")
    st = fw[fw["element"] == "stage"].sort_values("order")[f"name_{lang}"].tolist()
    tr = fw[fw["element"] == "trait"].sort_values("order")[f"name_{lang}"].tolist()
    head = L.pick(lang, "| | 国产化替代的阶段 | 产业特征 |\n|---|---|---|", "| | stages of localization | traits of the industry |\n|---|---|---|")
    rows = [f"| {i + 1} | {st[i] if i < len(st) else ''} | {tr[i] if i < len(tr) else ''} |" for i in range(max(len(st), len(tr)))]
    return "\n".join([head] + rows)
