"""Chapter 02 (bottlenecks and capabilities): the framework diagram, evidence and the bridge to TIS functions."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .. import data, labels as L
from . import frames

# Editorial links of this book (not stated in the paper): the figures that illustrate each bottleneck,
# and the TIS function(s) of section 3.1 that each capability corresponds to. Shown as such in the chapter.
EVIDENCE = {
    "btl.1": ["p000.euv.core_patent_share", "p000.euv.leading_firms"],
    "btl.2": ["p000.costs.rd_vs_biotech", "p000.costs.rd_vs_software", "p000.costs.commercialization_vs_software"],
    "btl.3": ["p000.cycle.rd_to_application"],
    "btl.4": ["p000.wafer.localization", "p000.specialty_gases.localization"],
    "btl.5": ["p000.photoresist.domestic_share", "p000.polarizer.domestic_share"],
}
CAPABILITY_TIS = {"cap.1": ["tis.1"], "cap.2": ["tis.6", "tis.2"], "cap.3": ["tis.3"], "cap.4": ["tis.5"], "cap.5": ["tis.4"]}
COLUMNS = ("bottleneck", "capability", "tis_function")


def short(name: str, lang: str) -> str:
    """The first clause of a bottleneck's name (the full name is in tooltips and tables)."""
    return name.split("，")[0] if lang == "zh" else name.split(":")[0]


def framework() -> pd.DataFrame:
    return data.load("paper_framework")


def facts() -> pd.DataFrame:
    return pd.concat([data.load("localization"), data.load("paper_costs")], ignore_index=True).set_index("id")


def diagram_frames(focus: str, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes (bottlenecks, capabilities, TIS functions in three columns) and edges, with the focus chain highlighted."""
    fw = framework()
    nodes = fw[fw["element"].isin(COLUMNS)].copy()
    nodes["column"] = nodes["element"].map({c: i for i, c in enumerate(COLUMNS)})
    nodes["label"] = [short(n, lang) if e == "bottleneck" else n for n, e in zip(nodes[f"name_{lang}"], nodes["element"])]
    nodes["full"] = nodes[f"name_{lang}"]
    cap = fw[fw["element"] == "capability"].set_index("id")
    chain = {focus} | set(cap.index[cap["answers"] == focus])
    chain |= {t for c in list(chain) for t in CAPABILITY_TIS.get(c, [])}
    nodes["in_focus"] = nodes["id"].isin(chain)
    edges = []
    for cid, row in cap.iterrows():
        edges.append((row["answers"], cid, L.pick(lang, "原文对应", "paired in the text")))
        for t in CAPABILITY_TIS[cid]:
            edges.append((cid, t, L.pick(lang, "本书归类", "this book's link")))
    pos = nodes.set_index("id")[["column", "order"]]
    rows = []
    for k, (a, b, how) in enumerate(edges):
        for end in (a, b):
            rows.append({"edge": k, "column": int(pos.loc[end, "column"]), "order": int(pos.loc[end, "order"]), "how": how,
                         "in_focus": a in chain and b in chain})
    return nodes.reset_index(drop=True), pd.DataFrame(rows)


def diagram(nodes: pd.DataFrame, edges: pd.DataFrame, focus: str, lang: str) -> alt.TopLevelMixin:
    heads = [L.pick(lang, "瓶颈问题", "bottlenecks"), L.pick(lang, "五大能力", "five capabilities"), L.pick(lang, "TIS 功能", "TIS functions")]
    title = alt.Title(L.pick(lang, "瓶颈 → 能力 → 技术创新系统功能", "Bottlenecks → capabilities → TIS functions"),
                      subtitle=L.pick(lang, "实线：原文中的一一对应；虚线：本书对 TIS 功能的归类；高亮为所选瓶颈",
                                      "Solid: pairing stated in the text; dashed: this book's link to TIS functions; highlighted: the focus bottleneck"))
    x = alt.X("column:Q", axis=alt.Axis(values=[0, 1, 2], labelExpr=f"{heads}[datum.value]", labelAlign="center", title=None, orient="top", grid=False,
                                        labelFontWeight="bold", domain=False, ticks=False), scale=alt.Scale(domain=[-1.9, 2.7]))
    y = alt.Y("order:Q", axis=None, scale=alt.Scale(domain=[0.5, 6.5], reverse=True))
    color = alt.condition("datum.in_focus", alt.value("#e15759"), alt.value("#9aa5b1"))
    lines = alt.Chart(edges).mark_line(strokeWidth=2).encode(
        x=x, y=y, detail="edge:N", color=color,
        strokeDash=alt.StrokeDash("how:N", title=None, scale=alt.Scale(domain=[L.pick(lang, "原文对应", "paired in the text"), L.pick(lang, "本书归类", "this book's link")], range=[[1, 0], [5, 4]])))
    dots = alt.Chart(nodes).mark_circle(size=160, opacity=1).encode(x=x, y=y, color=color,
                                                                     tooltip=[alt.Tooltip("full:N", title=L.pick(lang, "名称", "name")), alt.Tooltip("quote:N", title=L.pick(lang, "原文", "quote"))])
    tcolor = alt.condition("datum.in_focus", alt.value("#000000"), alt.value("#555555"))
    text = alt.layer(*[
        alt.Chart(nodes[nodes["column"] == col]).mark_text(fontSize=12, limit=limit, **pos).encode(x=x, y=y, text="label:N", color=tcolor)
        for col, pos, limit in ((0, {"align": "right", "dx": -10}, 230), (1, {"align": "center", "dy": -13}, 200), (2, {"align": "left", "dx": 10}, 200))])
    chart = (lines + dots + text).properties(title=title, width=620, height=360)  # fixed width: scrolls on a phone
    fw = nodes.set_index("id")
    alt_text = L.pick(lang, f"关系图：5 个瓶颈问题分别对应 5 种能力，能力再对应 6 项 TIS 功能；所选瓶颈为“{fw.loc[focus, 'label']}”。",
                      f"Diagram: 5 bottlenecks each paired with one of 5 capabilities, linked to 6 TIS functions; focus: {fw.loc[focus, 'label']}.")
    return frames.finish(chart, source=frames.source_line(nodes, lang), alt_text=alt_text, lang=lang)


def evidence_table(lang: str, focus: str) -> str:
    """Markdown table: for each bottleneck, the figures that illustrate it (value as written, row id)."""
    fw = framework()
    f = facts()
    head = L.pick(lang, "| 瓶颈问题 | 佐证数字（原文写法） | 数据行 |\n|---|---|---|", "| bottleneck | evidence (as written) | data rows |\n|---|---|---|")
    rows = []
    for b in fw[fw["element"] == "bottleneck"].itertuples():
        items = [f"{f.loc[i, f'entity_{lang}']}：{f.loc[i, 'value_as_written']}" if lang == "zh"
                 else f"{f.loc[i, 'entity_en']}: {L.mark_zh(f.loc[i, 'value_as_written'])}" for i in EVIDENCE[b.id]]
        name = short(getattr(b, f"name_{lang}"), lang)
        name = f"**{name}**" if b.id == focus else name
        rows.append(f"| {name} | {'；'.join(items) if lang == 'zh' else '; '.join(items)} | {', '.join(f'`{i}`' for i in EVIDENCE[b.id])} |")
    return "\n".join([head] + rows)


def breakthroughs_sentence(lang: str) -> str:
    fw = framework()
    b = fw[fw["element"] == "breakthrough"].sort_values("order")
    names = b[f"name_{lang}"].tolist()
    return L.pick(lang, f"论文认为，国产化替代需在{'、'.join(names)} {len(names)} 个方面实现重点突破；下图中的瓶颈与能力正是围绕这几个突破点展开。",
                  f"The paper argues that localization needs breakthroughs in {len(names)} areas: {', '.join(names)}; the bottlenecks and capabilities below are organised around them.")


def focus_sentence(focus: str, lang: str) -> str:
    fw = framework().set_index("id")
    cap = fw[(fw["element"] == "capability") & (fw["answers"] == focus)]
    tis = [fw.loc[t, f"name_{lang}"] for c in cap.index for t in CAPABILITY_TIS[c]]
    return L.pick(lang, f"所选瓶颈“{fw.loc[focus, 'name_zh']}”由“{cap['name_zh'].iloc[0]}”回应；本书将其归入 TIS 的{'、'.join(tis)}功能，下一章据此比较美国、欧盟和日本的政策举措。",
                  f"The focus bottleneck ({fw.loc[focus, 'name_en']}) is answered by the capability “{cap['name_en'].iloc[0]}”; this book links it to the TIS function(s) {', '.join(tis)}, which the next chapter uses to compare US, EU and Japanese policy.")
