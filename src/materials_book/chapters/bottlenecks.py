"""Chapter 02 (bottlenecks and capabilities): the framework diagram, evidence and the bridge to TIS functions."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .. import data
from .. import labels as L
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
CAPABILITY_TIS = {"cap.1": ["tis.1"], "cap.2": ["tis.6", "tis.2"], "cap.3": ["tis.3"], "cap.4": ["tis.5"],
                  "cap.5": ["tis.4"]}
COLUMNS = ("bottleneck", "capability", "tis_function")
TEXT = L.Texts({
    "clause_end": ("，", ":"),
    "paired": ("原文对应", "paired in the text"),
    "linked": ("本书归类", "this book's link"),
    "name": ("名称", "name"),
    "head.bottleneck": ("瓶颈问题", "bottlenecks"),
    "head.capability": ("{n}大能力", "{n} capabilities"),
    "head.tis_function": ("TIS 功能", "TIS functions"),
    "diagram.title": ("瓶颈 → 能力 → 技术创新系统功能", "Bottlenecks → capabilities → TIS functions"),
    "diagram.subtitle": ("实线：原文中的一一对应；虚线：本书对 TIS 功能的归类；高亮为所选瓶颈",
                         "Solid: pairing stated in the text; dashed: this book's link to TIS functions; "
                         "highlighted: the focus bottleneck"),
    "diagram.alt": ("关系图：{bottleneck} 个瓶颈问题分别对应 {capability} 种能力，"
                    "能力再对应 {tis_function} 项 TIS 功能；所选瓶颈为“{focus}”。",
                    "Diagram: {bottleneck} bottlenecks each paired with one of {capability} capabilities, linked to "
                    "{tis_function} TIS functions; focus: {focus}."),
    "evidence.head": ("| 瓶颈问题 | 佐证数字（原文写法） | 数据行 |\n|---|---|---|",
                      "| bottleneck | evidence (as written) | data rows |\n|---|---|---|"),
    "breakthroughs": ("论文认为，国产化替代需在{names} {n} 个方面实现重点突破；"
                      "下图中的瓶颈与能力正是围绕这几个突破点展开。",
                      "The paper argues that localization needs breakthroughs in {n} areas: {names}; the bottlenecks "
                      "and capabilities below are organised around them."),
    "focus": ("所选瓶颈“{bottleneck}”由“{capability}”回应；"
              "本书将其归入 TIS 的{tis}功能，下一章据此比较美国、欧盟和日本的政策举措。",
              "The focus bottleneck ({bottleneck}) is answered by the capability “{capability}”; this book links it "
              "to the TIS function(s) {tis}, which the next chapter uses to compare US, EU and Japanese policy."),
})


def short(name: str, lang: str) -> str:
    """The first clause of a bottleneck's name (the full name is in tooltips and tables)."""
    return name.split(TEXT("clause_end", lang))[0]


def framework() -> pd.DataFrame:
    return data.load("paper_framework")


def facts() -> pd.DataFrame:
    return pd.concat([data.load("localization"), data.load("paper_costs")], ignore_index=True).set_index("id")


def diagram_frames(focus: str, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes (bottlenecks, capabilities, TIS functions in three columns) and edges, with the focus chain highlighted."""
    fw = framework()
    nodes = fw[fw["element"].isin(COLUMNS)].copy()
    nodes["column"] = nodes["element"].map({c: i for i, c in enumerate(COLUMNS)})
    full = nodes[f"name_{lang}"]
    nodes["label"] = [short(n, lang) if e == "bottleneck" else n for n, e in zip(full, nodes["element"])]
    nodes["full"] = full
    cap = fw[fw["element"] == "capability"].set_index("id")
    chain = {focus} | set(cap.index[cap["answers"] == focus])
    chain |= {t for c in list(chain) for t in CAPABILITY_TIS.get(c, [])}
    nodes["in_focus"] = nodes["id"].isin(chain)
    edges = []
    for cid, row in cap.iterrows():
        edges.append((row["answers"], cid, TEXT("paired", lang)))
        for t in CAPABILITY_TIS[cid]:
            edges.append((cid, t, TEXT("linked", lang)))
    pos = nodes.set_index("id")[["column", "order"]]
    rows = []
    for k, (a, b, how) in enumerate(edges):
        for end in (a, b):
            rows.append({"edge": k, "column": int(pos.loc[end, "column"]), "order": int(pos.loc[end, "order"]),
                         "how": how, "in_focus": a in chain and b in chain})
    return nodes.reset_index(drop=True), pd.DataFrame(rows)


def diagram(nodes: pd.DataFrame, edges: pd.DataFrame, focus: str, lang: str) -> alt.TopLevelMixin:
    counts = {e: int((nodes["element"] == e).sum()) for e in COLUMNS}
    heads = [TEXT(f"head.{e}", lang, n=L.count_word(counts[e], lang)) for e in COLUMNS]
    title = alt.Title(TEXT("diagram.title", lang), subtitle=TEXT("diagram.subtitle", lang))
    axis = alt.Axis(values=[0, 1, 2], labelExpr=f"{heads}[datum.value]", labelAlign="center", title=None, orient="top",
                    grid=False, labelFontWeight="bold", domain=False, ticks=False)
    x = alt.X("column:Q", axis=axis, scale=alt.Scale(domain=[-1.9, 2.7]))
    y = alt.Y("order:Q", axis=None, scale=alt.Scale(domain=[0.5, 6.5], reverse=True))
    color = alt.condition("datum.in_focus", alt.value("#e15759"), alt.value("#9aa5b1"))
    dash = alt.Scale(domain=[TEXT("paired", lang), TEXT("linked", lang)], range=[[1, 0], [5, 4]])
    lines = alt.Chart(edges).mark_line(strokeWidth=2).encode(
        x=x, y=y, detail="edge:N", color=color, strokeDash=alt.StrokeDash("how:N", title=None, scale=dash))
    dots = alt.Chart(nodes).mark_circle(size=160, opacity=1).encode(
        x=x, y=y, color=color, tooltip=frames.tooltips(TEXT, lang, {"full:N": "name", "quote:N": "quote"}))
    tcolor = alt.condition("datum.in_focus", alt.value("#000000"), alt.value("#555555"))
    text = alt.layer(*[
        alt.Chart(nodes[nodes["column"] == col]).mark_text(fontSize=12, limit=limit, **pos).encode(
            x=x, y=y, text="label:N", color=tcolor)
        for col, pos, limit in ((0, {"align": "right", "dx": -10}, 230), (1, {"align": "center", "dy": -13}, 200),
                                (2, {"align": "left", "dx": 10}, 200))])
    chart = (lines + dots + text).properties(title=title, width=620, height=360)  # fixed width: scrolls on a phone
    alt_text = TEXT("diagram.alt", lang, **counts, focus=nodes.set_index("id").loc[focus, "label"])
    return frames.finish(chart, name="bottlenecks-diagram",
                         source=frames.source_line(nodes, lang), alt_text=alt_text, lang=lang)


def evidence_table(lang: str, focus: str) -> str:
    """Markdown table: for each bottleneck, the figures that illustrate it (value as written, row id)."""
    fw = framework()
    f = facts()
    rows = []
    for b in fw[fw["element"] == "bottleneck"].itertuples():
        items = TEXT("semicolon", lang).join(
            TEXT("labelled", lang, label=f.loc[i, f"entity_{lang}"],
                 text=frames.marked(f.loc[i, "value_as_written"], lang))
            for i in EVIDENCE[b.id])
        name = short(getattr(b, f"name_{lang}"), lang)
        name = f"**{name}**" if b.id == focus else name
        rows.append(f"| {name} | {items} | {', '.join(f'`{i}`' for i in EVIDENCE[b.id])} |")
    return "\n".join([TEXT("evidence.head", lang)] + rows)


def breakthroughs_sentence(lang: str) -> str:
    fw = framework()
    names = fw[fw["element"] == "breakthrough"].sort_values("order")[f"name_{lang}"].tolist()
    return TEXT("breakthroughs", lang, names=TEXT("list", lang).join(names), n=len(names))


def focus_sentence(focus: str, lang: str) -> str:
    fw = framework().set_index("id")
    cap = fw[(fw["element"] == "capability") & (fw["answers"] == focus)]
    tis = [fw.loc[t, f"name_{lang}"] for c in cap.index for t in CAPABILITY_TIS[c]]
    return TEXT("focus", lang, bottleneck=fw.loc[focus, f"name_{lang}"], capability=cap[f"name_{lang}"].iloc[0],
                tis=TEXT("list", lang).join(tis))
