"""Chapter 03 (TIS comparison): Table 2 as a function × region matrix, China's strategies on the same functions."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import labels as L
from . import frames, kit, layout

REGIONS = ("US", "EU", "JP", "CN")  # in the order of the columns and tables
TEXT = L.Texts.beside(__file__)


def _regions(lang: str) -> dict[str, str]:
    return frames.region_names(lang, CN="region_cn_strategy")


def functions(lang: str) -> pd.DataFrame:
    fw = frames.load("paper_framework")
    f = fw[fw["element"] == "tis_function"].sort_values("order")
    return f.assign(label=f[f"name_{lang}"], definition=f[f"definition_{lang}"])


def matrix(regions: list[str], function: str, lang: str) -> pd.DataFrame:
    """Count of measures per function and region (zeros kept), with the highlight flag."""
    m = frames.load("tis_measures_table")
    m = m[m["region"].isin(regions)]
    f = functions(lang)
    grid = pd.MultiIndex.from_product([f["id"], regions], names=["function", "region"]).to_frame(index=False)
    counts = m.groupby(["function", "region"]).size().rename("n").reset_index()
    df = grid.merge(counts, how="left", on=["function", "region"]).fillna({"n": 0}).astype({"n": int})
    names = f.set_index("id")
    df["function_label"] = df["function"].map(names["label"])
    df["order"] = df["function"].map(names["order"])
    df["region_label"] = df["region"].map(_regions(lang))
    df["highlight"] = (df["function"] == function) if function != "all" else True
    df["measures"] = [
        " | ".join(m[(m["function"] == fn) & (m["region"] == r)].sort_values("order")[f"measure_{lang}"]) or "—"
        for fn, r in zip(df["function"], df["region"])
    ]
    df["source"], df["section"] = "000", "表2 基于TIS框架的发达国家关键战略材料政策举措分析"
    return df


AXIS_PX = 120  # px: the function names' column on a phone; the region columns share the rest


def heatmap(df: pd.DataFrame, regions: list[str], lang: str) -> alt.TopLevelMixin:
    """Cells per function (rows) and region (columns); names broken into lines so that four columns fit a phone."""
    cell = (layout.PHONE - AXIS_PX - 10) / max(len(regions), 1)
    wrapped = {t: layout.wrap(t, cell - 6) for t in df["region_label"].unique()}
    tallest = max(len(ls) for ls in wrapped.values())
    # every column head as tall as the tallest, its last line on the cells (a top axis stacks lines downwards)
    heads = {t: "\n".join([""] * (tallest - len(ls)) + ls) for t, ls in wrapped.items()}
    df = df.assign(
        function_lines=[layout.lines(t, AXIS_PX) for t in df["function_label"]],
        region_lines=df["region_label"].map(heads),
    )
    order = df.drop_duplicates("function").sort_values("order")["function_lines"].tolist()
    cols = df.drop_duplicates("region").set_index("region").loc[list(regions), "region_lines"].tolist()
    n_functions = L.count_word(len(order), lang)
    step = max(t.count("\n") + 1 for t in order) * layout.LINE + 14
    title = layout.title(TEXT("heatmap.title", lang, n=n_functions), TEXT("heatmap.subtitle", lang))
    split = "split(datum.value, '\\n')"
    base = alt.Chart(df).encode(
        x=alt.X(
            "region_lines:N",
            sort=cols,
            title=None,
            axis=alt.Axis(
                orient="top",
                labelAngle=0,
                labelExpr=split,
                labelLineHeight=layout.LINE,
                labelPadding=4 + (tallest - 1) * layout.LINE,
                ticks=False,
                domain=False,
            ),
        ),
        y=alt.Y(
            "function_lines:N",
            sort=order,
            title=None,
            axis=alt.Axis(labelExpr=split, labelLineHeight=layout.LINE, ticks=False, domain=False),
        ),
    )
    tips = {"function_label:N": "function", "region_label:N": "region", "n:Q": "count", "measures:N": "measures"}
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("n:Q", title=TEXT("count", lang), scale=alt.Scale(scheme="blues", domain=[0, 3])),
        opacity=alt.condition("datum.highlight", alt.value(1.0), alt.value(0.35)),
        tooltip=kit.tooltips(TEXT, lang, tips),
    )
    text = base.mark_text(fontSize=14).encode(
        text="n:Q", color=alt.condition("datum.n >= 2", alt.value("white"), alt.value("black"))
    )
    chart = (cells + text).properties(title=title, width="container", height=alt.Step(step))
    top = df.sort_values(["n", "order"], ascending=[False, True])
    alt_text = kit.extremes_sentence(
        (top["region_label"] + " · " + top["function_label"]).tolist(),
        [str(n) for n in top["n"]],
        TEXT("heatmap.alt", lang, n=n_functions),
        lang,
    )
    return kit.finish(
        chart, name="tis-heatmap", source=frames.source_line(df, lang), alt_text=alt_text, lang=lang, right=layout.PAD
    )


def coverage_sentence(df: pd.DataFrame, lang: str) -> str:
    """Where China's plan covers what the others do, and where it does not; the number of China's strategies is the
    number of its measures in the matrix."""
    others = df[df["region"] != "CN"]
    if "CN" not in set(df["region"]) or others.empty:
        return TEXT("coverage.select", lang)
    cn = df[df["region"] == "CN"].set_index("function")
    fns = others.drop_duplicates("function")
    covered = [r.function_label for r in fns.itertuples() if cn.loc[r.function, "n"] > 0]
    gaps = [frames.text_md(r.function_label, lang) for r in fns.itertuples() if cn.loc[r.function, "n"] == 0]
    per = others.groupby("function_label")["n"].sum().sort_values(ascending=False)
    gap_text = TEXT("coverage.gaps", lang, gaps=TEXT("list", lang).join(gaps)) if gaps else TEXT("coverage.all", lang)
    return TEXT(
        "coverage",
        lang,
        strategies=L.count_word(int(cn["n"].sum()), lang),
        covered=len(covered),
        gaps=gap_text,
        top=frames.text_md(per.index[0], lang),
        top_n=per.iloc[0],
    )


def measures_table(regions: list[str], function: str, lang: str) -> str:
    """Markdown table of every measure of the selected regions (one function, or all)."""
    m = frames.load("tis_measures_table")
    m = m[m["region"].isin(regions)]
    if function != "all":
        m = m[m["function"] == function]
    f = functions(lang).set_index("id")
    m = m.assign(fo=m["function"].map(f["order"]), ro=m["region"].map({r: i for i, r in enumerate(REGIONS)}))
    names = _regions(lang)
    rows = [
        f"| {frames.cell_md(f.loc[r.function, 'label'], lang)} | {frames.cell_md(names[r.region], lang)} | "
        f"{frames.cell_md(getattr(r, f'measure_{lang}'), lang)} |"
        for r in m.sort_values(["fo", "ro", "order"]).itertuples()
    ]
    return "\n".join([TEXT("measures.head", lang)] + rows)


def functions_list(lang: str) -> str:
    return "\n".join(
        "- "
        + TEXT("labelled", lang, label=f"**{frames.text_md(r.label, lang)}**", text=frames.text_md(r.definition, lang))
        for r in functions(lang).itertuples()
    )
