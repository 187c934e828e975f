"""Chapter 03 (TIS comparison): Table 2 as a function × region matrix, China's strategies on the same functions."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .. import data, labels as L
from . import frames

REGIONS = {"US": ("美国", "United States"), "EU": ("欧盟", "European Union"), "JP": ("日本", "Japan"), "CN": ("中国（战略）", "China (strategy)")}


def functions(lang: str) -> pd.DataFrame:
    fw = data.load("paper_framework")
    f = fw[fw["element"] == "tis_function"].sort_values("order")
    return f.assign(label=f[f"name_{lang}"], definition=f[f"definition_{lang}"])


def matrix(regions: list[str], function: str, lang: str) -> pd.DataFrame:
    """Count of measures per function and region (zeros kept), with the highlight flag."""
    m = data.load("tis_measures_table")
    m = m[m["region"].isin(regions)]
    f = functions(lang)
    grid = pd.MultiIndex.from_product([f["id"], regions], names=["function", "region"]).to_frame(index=False)
    counts = m.groupby(["function", "region"]).size().rename("n").reset_index()
    df = grid.merge(counts, how="left", on=["function", "region"]).fillna({"n": 0}).astype({"n": int})
    names = f.set_index("id")
    df["function_label"] = df["function"].map(names["label"])
    df["order"] = df["function"].map(names["order"])
    df["region_label"] = [L.pick(lang, *REGIONS[r]) for r in df["region"]]
    df["highlight"] = (df["function"] == function) if function != "all" else True
    df["measures"] = [" | ".join(m[(m["function"] == fn) & (m["region"] == r)].sort_values("order")[f"measure_{lang}"]) or "—"
                      for fn, r in zip(df["function"], df["region"])]
    df["source"], df["section"] = "000", "表2 基于TIS框架的发达国家关键战略材料政策举措分析"
    return df


def heatmap(df: pd.DataFrame, regions: list[str], lang: str) -> alt.TopLevelMixin:
    order = df.drop_duplicates("function").sort_values("order")["function_label"].tolist()
    cols = [L.pick(lang, *REGIONS[r]) for r in regions]
    title = alt.Title(L.pick(lang, "技术创新系统（TIS）六项功能下的政策举措数", "Policy measures per TIS function"),
                      subtitle=L.pick(lang, "美国、欧盟、日本为表2的举措条数；中国为第3.2节对应该功能的战略条数；悬停查看各条举措",
                                      "US, EU, Japan: measures in Table 2; China: strategies of section 3.2 on that function; hover to read the measures"))
    base = alt.Chart(df).encode(
        x=alt.X("region_label:N", sort=cols, title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("function_label:N", sort=order, title=None))
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("n:Q", title=L.pick(lang, "条数", "count"), scale=alt.Scale(scheme="blues", domain=[0, 3])),
        opacity=alt.condition("datum.highlight", alt.value(1.0), alt.value(0.35)),
        tooltip=[alt.Tooltip("function_label:N", title=L.pick(lang, "功能", "function")), alt.Tooltip("region_label:N", title=L.pick(lang, "地区", "region")),
                 alt.Tooltip("n:Q", title=L.pick(lang, "条数", "count")), alt.Tooltip("measures:N", title=L.pick(lang, "举措", "measures"))])
    text = base.mark_text(fontSize=14).encode(text="n:Q", color=alt.condition("datum.n >= 2", alt.value("white"), alt.value("black")))
    chart = (cells + text).properties(title=title, width="container", height=alt.Step(44))
    top = df.sort_values(["n", "order"], ascending=[False, True])
    alt_text = frames.extremes_sentence((top["region_label"] + " · " + top["function_label"]).tolist(), [str(n) for n in top["n"]],
                                        L.pick(lang, "热力图：各地区在六项 TIS 功能下的举措条数", "Heatmap of measures per region and TIS function"), lang)
    return frames.finish(chart, source=frames.source_line(df, lang), alt_text=alt_text, lang=lang)


def coverage_sentence(df: pd.DataFrame, lang: str) -> str:
    """Where China's plan covers what the others do, and where it does not."""
    others = df[df["region"] != "CN"]
    if "CN" not in set(df["region"]) or others.empty:
        return L.pick(lang, "选择中国与至少一个其他地区后，可比较覆盖情况。", "Select China and at least one other region to compare coverage.")
    cn = df[df["region"] == "CN"].set_index("function")
    covered = [r.function_label for r in others.drop_duplicates("function").itertuples() if cn.loc[r.function, "n"] > 0]
    gaps = [r.function_label for r in others.drop_duplicates("function").itertuples() if cn.loc[r.function, "n"] == 0]
    per = others.groupby("function_label")["n"].sum().sort_values(ascending=False)
    sep = L.pick(lang, "、", ", ")
    zh = f"中国的六项战略覆盖了{len(covered)}项功能" + (f"（未覆盖：{sep.join(gaps)}）" if gaps else "，与发达经济体的功能框架一一对应") + \
         f"。所选地区中举措最多的功能是{per.index[0]}（{per.iloc[0]} 条）。"
    en = f"China's six strategies cover {len(covered)} functions" + (f" (not covered: {sep.join(gaps)})" if gaps else ", one for each function of the developed economies' framework") + \
         f". Among the selected regions, the function with most measures is {per.index[0]} ({per.iloc[0]})."
    return L.pick(lang, zh, en)


def measures_table(regions: list[str], function: str, lang: str) -> str:
    """Markdown table of every measure of the selected regions (one function, or all)."""
    m = data.load("tis_measures_table")
    m = m[m["region"].isin(regions)]
    if function != "all":
        m = m[m["function"] == function]
    f = functions(lang).set_index("id")
    m = m.assign(fo=m["function"].map(f["order"]), ro=m["region"].map({r: i for i, r in enumerate(REGIONS)})).sort_values(["fo", "ro", "order"])
    head = L.pick(lang, "| 功能 | 地区 | 举措 |\n|---|---|---|", "| function | region | measure |\n|---|---|---|")
    rows = [f"| {f.loc[r.function, 'label']} | {L.pick(lang, *REGIONS[r.region])} | {getattr(r, f'measure_{lang}')} |" for r in m.itertuples()]
    return "\n".join([head] + rows)


def functions_list(lang: str) -> str:
    f = functions(lang)
    return "\n".join(f"- **{r.label}**：{r.definition}" if lang == "zh" else f"- **{r.label}**: {r.definition}" for r in f.itertuples())
