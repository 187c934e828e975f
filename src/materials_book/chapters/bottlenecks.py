"""Chapter 02 (bottlenecks and capabilities): the framework diagram, evidence and the bridge to TIS functions."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from .. import labels as L
from . import frames, kit, layout, style

# Editorial links of this book (not stated in the paper): the figures that illustrate each bottleneck,
# and the TIS function(s) of section 3.1 that each capability corresponds to. Shown as such in the chapter.
EVIDENCE = {
    "btl.1": ["p000.euv.core_patent_share", "p000.euv.leading_firms"],
    "btl.2": ["p000.costs.rd_vs_biotech", "p000.costs.rd_vs_software", "p000.costs.commercialization_vs_software"],
    "btl.3": ["p000.cycle.rd_to_application"],
    "btl.4": ["p000.wafer.localization", "p000.specialty_gases.localization"],
    "btl.5": ["p000.photoresist.domestic_share", "p000.polarizer.domestic_share"],
}
CAPABILITY_TIS = {
    "cap.1": ["tis.1"],
    "cap.2": ["tis.6", "tis.2"],
    "cap.3": ["tis.3"],
    "cap.4": ["tis.5"],
    "cap.5": ["tis.4"],
}
COLUMNS = ("bottleneck", "capability", "tis_function")
TEXT = L.Texts.beside(__file__)


def short(name: str, lang: str) -> str:
    """The first clause of a bottleneck's name (the full name is in tooltips and tables)."""
    return name.split(TEXT("clause_end", lang))[0]


def framework() -> pd.DataFrame:
    return frames.load("paper_framework")


def facts() -> pd.DataFrame:
    return pd.concat([frames.load("localization"), frames.load("paper_costs")], ignore_index=True).set_index("id")


GUTTER = 24  # px between two columns of the diagram, where the links run
WIDE_BELOW = 600  # px: a narrower plot takes the phone's line breaks


def _column_px(plot: float) -> float:
    return (plot - 2 * GUTTER) / 3


def diagram_frames(focus: str, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes (bottlenecks, capabilities, TIS functions in three columns) and edges, with the focus chain highlighted.

    Each bottleneck, the capability that answers it and that capability's TIS functions share a row, so every link
    runs across one gutter. Nodes carry their label broken into lines for a phone and for a desktop column, and the
    top of each (px) in both layouts; the rows of the desktop layout are spread to the phone layout's height."""
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
    # one row per bottleneck: the bottleneck, its capability, the capability's TIS functions
    row_of = {}
    for i, b in enumerate(fw[fw["element"] == "bottleneck"].sort_values("order")["id"]):
        row_of[b] = i
        for c in cap.index[cap["answers"] == b]:
            row_of[c] = i
            for t in CAPABILITY_TIS[c]:
                row_of[t] = i
    nodes["row"] = nodes["id"].map(row_of)
    nodes = nodes.sort_values(["row", "column", "order"]).reset_index(drop=True)
    heads = pd.DataFrame({"column": [0, 1, 2], "row": -1, "label": [_head(e, nodes, lang) for e in COLUMNS]})
    for name, plot in (("narrow", layout.PHONE), ("wide", layout.WIDE)):
        width = _column_px(plot)
        nodes[f"lines_{name}"] = [layout.lines(t, width) for t in nodes["label"]]
        heads[f"lines_{name}"] = [layout.lines(t, width, bold=True) for t in heads["label"]]
    edges = []
    for cid, row in cap.iterrows():
        edges.append((row["answers"], cid, TEXT("paired", lang)))
        for t in CAPABILITY_TIS[cid]:
            edges.append((cid, t, TEXT("linked", lang)))
    # tops (px) of every node in both layouts
    tops = {}
    heights = {}
    for name in ("narrow", "wide"):
        head_h = max(len(t.split("\n")) for t in heads[f"lines_{name}"]) * layout.LINE + 10
        y = head_h
        starts = []
        for _, g in nodes.groupby("row", sort=True):
            starts.append(y)
            col_h: dict[int, int] = {}
            for r in g.itertuples():
                n = len(getattr(r, f"lines_{name}").split("\n"))
                tops[(name, r.id)] = y + col_h.get(r.column, 0)
                col_h[r.column] = col_h.get(r.column, 0) + n * layout.LINE + 6
            y += max(col_h.values()) - 6 + 16
        heights[name] = y - 16
    spread = (heights["narrow"] - heights["wide"]) / max(nodes["row"].max(), 1)
    for r in nodes.itertuples():
        tops[("wide", r.id)] += spread * r.row
    nodes["top_narrow"] = [tops[("narrow", i)] for i in nodes["id"]]
    nodes["top_wide"] = [tops[("wide", i)] for i in nodes["id"]]
    heads["top_narrow"] = heads["top_wide"] = 0.0
    pos = nodes.set_index("id")
    rows = []
    for k, (a, b, how) in enumerate(edges):
        rows.append(
            {
                "edge": k,
                "from": a,
                "to": b,
                "column": int(pos.loc[a, "column"]),
                "how": how,
                "in_focus": a in chain and b in chain,
                **{
                    f"{end}_{name}": pos.loc[node, f"top_{name}"] + layout.LINE / 2
                    for end, node in (("y", a), ("y2", b))
                    for name in ("narrow", "wide")
                },
            }
        )
    nodes.attrs["heads"] = heads
    nodes.attrs["height"] = int(heights["narrow"])
    return nodes, pd.DataFrame(rows)


def _head(element: str, nodes: pd.DataFrame, lang: str) -> str:
    return TEXT(f"head.{element}", lang, n=L.count_word(int((nodes["element"] == element).sum()), lang))


def diagram(nodes: pd.DataFrame, edges: pd.DataFrame, focus: str, lang: str) -> alt.TopLevelMixin:
    """Three columns of text (bottlenecks, capabilities, TIS functions) and the links across the gutters between
    them; the columns share the chart's width, labels break into lines for a phone or a desktop column."""
    counts = {e: int((nodes["element"] == e).sum()) for e in COLUMNS}
    title = layout.title(TEXT("diagram.title", lang), TEXT("diagram.subtitle", lang))
    wide = f"width >= {WIDE_BELOW}"
    col = f"((width - {2 * GUTTER}) / 3)"
    positions = {
        "x": f"datum.column * ({col} + {GUTTER})",
        "y": f"{wide} ? datum.top_wide : datum.top_narrow",
        "text": f"{wide} ? datum.lines_wide : datum.lines_narrow",
    }
    px: dict[str, Any] = {"scale": None, "axis": None}
    text_x, text_y = alt.X("x:Q", **px), alt.Y("y:Q", **px)
    tips = kit.tooltips(TEXT, lang, {"full:N": "name", "quote:N": "quote"})
    nodes_text = alt.Chart(nodes).transform_calculate(**positions)
    text = [
        nodes_text.transform_filter(f"{'' if focused else '!'}datum.in_focus")
        .mark_text(
            align="left",
            baseline="top",
            lineBreak="\n",
            lineHeight=layout.LINE,
            fontSize=12,
            fontWeight="bold" if focused else "normal",
            color="#000000" if focused else "#444444",
        )
        .encode(x=text_x, y=text_y, text="text:N", tooltip=tips)
        for focused in (True, False)
    ]
    heads = (
        alt.Chart(nodes.attrs["heads"])
        .transform_calculate(**positions)
        .mark_text(
            align="left",
            baseline="top",
            lineBreak="\n",
            lineHeight=layout.LINE,
            fontSize=12,
            fontWeight="bold",
            color="#222",
        )
        .encode(x=text_x, y=text_y, text="text:N")
    )
    ends = {
        "x": f"(datum.column + 1) * {col} + datum.column * {GUTTER} + 4",
        "x2": f"(datum.column + 1) * ({col} + {GUTTER}) - 4",
        "y": f"{wide} ? datum.y_wide : datum.y_narrow",
        "y2": f"{wide} ? datum.y2_wide : datum.y2_narrow",
    }
    color = alt.condition("datum.in_focus", alt.value(style.FOCUS), alt.value("#8a96a3"))
    dash = alt.Scale(domain=[TEXT("paired", lang), TEXT("linked", lang)], range=[[1, 0], [4, 3]])
    links = (
        alt.Chart(edges)
        .transform_calculate(**ends)
        .mark_rule(strokeWidth=2)
        .encode(
            x=alt.X("x:Q", **px),
            x2="x2:Q",
            y=alt.Y("y:Q", **px),
            y2="y2:Q",
            color=color,
            strokeDash=alt.StrokeDash(
                "how:N", title=None, scale=dash, legend=alt.Legend(orient="bottom", direction="vertical")
            ),
        )
    )
    chart = alt.layer(links, heads, *text).properties(title=title, width="container", height=nodes.attrs["height"])
    alt_text = TEXT("diagram.alt", lang, **counts, focus=nodes.set_index("id").loc[focus, "label"])
    return kit.finish(
        chart,
        name="bottlenecks-diagram",
        source=frames.source_line(nodes, lang),
        alt_text=alt_text,
        lang=lang,
        right=layout.PAD,
    )


def evidence_table(lang: str, focus: str) -> str:
    """Markdown table: for each bottleneck, the figures that illustrate it (value as written, row id)."""
    fw = framework()
    f = facts()
    rows = []
    for b in fw[fw["element"] == "bottleneck"].itertuples():
        items = TEXT("semicolon", lang).join(
            TEXT(
                "labelled",
                lang,
                label=frames.entity_md(f.loc[i], lang, in_table=True),
                text=frames.value_md(f.loc[i], lang),
            )
            for i in EVIDENCE[b.id]
        )
        name = frames.cell_md(short(getattr(b, f"name_{lang}"), lang), lang)
        name = f"**{name}**" if b.id == focus else name
        ids = ", ".join(frames.code_md(i, in_table=True) for i in EVIDENCE[b.id])
        rows.append(f"| {name} | {items} | {ids} |")
    return "\n".join([TEXT("evidence.head", lang)] + rows)


def breakthroughs_sentence(lang: str) -> str:
    fw = framework()
    names = [frames.text_md(n, lang) for n in fw[fw["element"] == "breakthrough"].sort_values("order")[f"name_{lang}"]]
    return TEXT("breakthroughs", lang, names=TEXT("list", lang).join(names), n=len(names))


def focus_sentence(focus: str, lang: str) -> str:
    fw = framework().set_index("id")
    cap = fw[(fw["element"] == "capability") & (fw["answers"] == focus)]
    tis = [frames.text_md(fw.loc[t, f"name_{lang}"], lang) for c in cap.index for t in CAPABILITY_TIS[c]]
    return TEXT(
        "focus",
        lang,
        bottleneck=frames.text_md(fw.loc[focus, f"name_{lang}"], lang),
        capability=frames.text_md(cap[f"name_{lang}"].iloc[0], lang),
        tis=TEXT("list", lang).join(tis),
    )
