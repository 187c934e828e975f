"""Chapter 01 (status of localization): the frames, charts and sentences the notebook shows."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from .. import labels as L
from ..formulas import plain_number
from . import frames, kit, layout, style

CLASS_KEYS = {
    "rare_earth": "rare_earth_functional",
    "semiconductor": "semiconductor_materials",
    "display": "new_display_materials",
    "energy": "new_energy_materials",
}
DOMESTIC = ("localization_rate", "domestic_market_share")
DOMINANCE = ("world_output_share", "world_shipment_share", "import_dependence", "core_patent_share_top_firms")
TIPS = {
    "label:N": "item",
    "measure:N": "indicator",
    "written:N": "as_written",
    "qualifier_label:N": "qualifier",
    "section:N": "section",
}
TEXT = L.Texts.beside(__file__)


def _labelled(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    classes = frames.names(lang)
    out = df.copy()
    out["label"] = out[f"entity_{lang}"]
    out["measure"] = out[f"indicator_{lang}"]
    out["written"] = [frames.written_label(r) for _, r in out.iterrows()]
    out["qualifier_label"] = [frames.qualifier_label(q, lang) for q in out["qualifier"]]
    out["class_name"] = [classes[CLASS_KEYS[g]] if g in CLASS_KEYS else "—" for g in out["group"].fillna("")]
    return out


def domestic_shares(material_class: str, lang: str) -> pd.DataFrame:
    """Localization rates and domestic market shares by material, lowest first (the chapter flags those below its
    threshold)."""
    df = frames.load("localization")
    df = df[df["indicator"].isin(DOMESTIC) & (df["region"] == "CN")]
    if material_class != "all":
        df = df[df["group"] == material_class]
    df = _labelled(df, lang)
    # two measures of different years share the axis: each bar names its measure and, where the paper gives it, year
    df["label"] = [
        TEXT(
            "domestic.label",
            lang,
            entity=r.label,
            measure=r.measure,
            year=TEXT("domestic.year", lang, year=int(r.year)) if pd.notna(r.year) else "",
        )
        for r in df.itertuples()
    ]
    return df.sort_values(["value", "id"]).reset_index(drop=True)


def survey(lang: str) -> pd.DataFrame:
    """The 2019 MIIT survey rows: number of materials and the two shares."""
    df = frames.load("localization")
    return _labelled(df[df["id"].str.startswith("p000.miit2019.")], lang)


SURVEY_CHART = kit.Rows("bars", label="measure", key="survey", name="status-survey", text=TEXT, tips=TIPS)


def survey_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    shares = df[df["unit"] == "%"].sort_values("value", ascending=False)
    count = df[df["indicator"] == "materials_surveyed"].iloc[0]
    return kit.row_chart(
        SURVEY_CHART,
        shares,
        lang,
        source=df,
        subtitle=TEXT("survey.subtitle", lang, written=frames.value_text(count, lang)),
        alt=TEXT("survey.alt", lang, n=L.count_word(len(shares), lang)),
    )


def dominance(material_class: str, lang: str) -> pd.DataFrame:
    """Who dominates: world output or shipment shares and import dependence, ranges kept as ranges."""
    df = pd.concat([frames.load("localization"), frames.load("paper_costs")], ignore_index=True)
    df = df[df["indicator"].isin(DOMINANCE)]
    df = df.assign(group=df["group"].where(df["entity"] != "euv_photoresist", "semiconductor"))
    if material_class != "all":
        df = df[df["group"] == material_class]
    if df.empty:
        return df  # dominance_view says so in a sentence
    df = _labelled(df, lang)
    df["who"] = df["region"].map(frames.region_names(lang, JP="region_jp_firms"))
    df["row"] = df["label"] + " · " + df["who"]
    df["row_measure"] = [TEXT("labelled", lang, label=r, text=m) for r, m in zip(df["row"], df["measure"])]
    df["qualifier_legend"] = [style.style_name(q, lang) for q in df["qualifier"]]
    df = frames.with_range(df)
    return df.sort_values(["value", "id"], ascending=[False, True]).reset_index(drop=True)


def dominance_view(df: pd.DataFrame, lang: str):
    """The dominance chart, or a sentence when the selected class has no such figures."""
    if df.empty:
        from IPython.display import Markdown

        return Markdown(TEXT("dominance.none", lang))
    return dominance_chart(df, lang)


DOMINANCE_CHART = kit.Rows(
    "ranges", label="row_measure", key="dominance", name="status-dominance", text=TEXT, tips=TIPS | {"who:N": "region"}
)


def dominance_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    shape = style.shape("qualifier_legend:N", list(df["qualifier"]), lang, title=TEXT("qualifier", lang))
    return kit.row_chart(DOMINANCE_CHART, df, lang, shape=shape, x=TEXT("share", lang))


def below_sentence(df: pd.DataFrame, threshold: float, lang: str) -> str:
    """Markdown sentence listing the materials flagged ``below`` the threshold, with their values as the display rule
    shows them."""
    low = df[df["below"]]
    shown = plain_number(threshold)
    if low.empty:
        return TEXT("below.none", lang, threshold=shown)
    items = TEXT("list", lang).join(
        TEXT("aside", lang, text=frames.text_md(r.label, lang), aside=frames.text_md(frames.value_text(r, lang), lang))
        for r in low.itertuples()
    )
    return TEXT("below.some", lang, n=len(df), n_below=len(low), threshold=shown, items=items)


def table1(material_class: str, lang: str) -> str:
    """Table 1 as Markdown: per class, its materials and how many figures the paper gives for the class."""
    t1 = frames.load("table1_materials")
    loc = frames.load("localization")
    if material_class != "all":
        t1 = t1[t1["class_id"] == material_class]
    rows = []
    for cid, g in t1.groupby("class_id", sort=False):
        names = []
        for r in g[g["parent"].isna()].itertuples():
            subs = [frames.cell_md(s, lang) for s in g[g["parent"] == r.id][f"material_{lang}"]]
            name = frames.cell_md(getattr(r, f"material_{lang}"), lang)
            names.append(TEXT("aside", lang, text=name, aside=TEXT("list", lang).join(subs)) if subs else name)
        n_fig = int((loc["group"] == cid).sum())
        rows.append(
            f"| {frames.cell_md(g[f'class_{lang}'].iloc[0], lang)} | {TEXT('table1.sep', lang).join(names)} | {n_fig} |"
        )
    return "\n".join([TEXT("table1.head", lang)] + rows)


def costs(lang: str) -> pd.DataFrame:
    """R&D and commercialization spending of new-materials firms as multiples of other industries."""
    df = frames.load("paper_costs", unit="times")
    df["label"] = df[f"indicator_{lang}"]
    df["written"] = df["value_as_written"]
    return df.sort_values("value").reset_index(drop=True)


COSTS_CHART = kit.Rows(
    "bars",
    label="label",
    key="costs",
    name="status-costs",
    text=TEXT,
    tips=TIPS,
    by_value=True,
    domain=(1, 100),
    log=True,
    ticks=(1, 2, 5, 10, 20, 50, 100),
)


def costs_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Bars from 1× (the same as the other industry) to the multiple, on a log scale."""
    return kit.row_chart(COSTS_CHART, df, lang)


def cycle_sentence(lang: str) -> str:
    row = frames.load("paper_costs").set_index("id").loc["p000.cycle.rd_to_application"]
    return TEXT(
        "cycle",
        lang,
        written=frames.text_md(frames.value_text(row, lang), lang),
        low=plain_number(row["value_low"]),
        high=plain_number(row["value_high"]),
    )


def stages_table(lang: str) -> str:
    """The four stages of localization and the five traits of the industry, as one compact table."""
    fw = frames.load("paper_framework")
    st = [frames.cell_md(n, lang) for n in fw[fw["element"] == "stage"].sort_values("order")[f"name_{lang}"]]
    tr = [frames.cell_md(n, lang) for n in fw[fw["element"] == "trait"].sort_values("order")[f"name_{lang}"]]
    rows = [
        f"| {i + 1} | {st[i] if i < len(st) else ''} | {tr[i] if i < len(tr) else ''} |"
        for i in range(max(len(st), len(tr)))
    ]
    return "\n".join([TEXT("stages.head", lang)] + rows)


def threshold_chart(df: pd.DataFrame, threshold: float, lang: str) -> alt.TopLevelMixin:
    """Domestic shares by material (``domestic_shares``) with the threshold as a slider, drawn in the page without a
    kernel: bars below it are orange, and the title's last line counts them as Python's count does (a browser test
    moves the slider and compares)."""
    slider = alt.param(
        name="threshold",
        value=threshold,
        bind=alt.binding_range(min=0, max=100, step=1, name=TEXT("threshold.control", lang)),
    )
    below = " + ".join(f"({v!r} < threshold ? 1 : 0)" for v in df["value"])  # the count, as Python counts it
    count = TEXT("threshold.count", lang).replace("datum.n", f"({below})")
    narrow, wide = (
        json.dumps(layout.wrap(TEXT("domestic.title", lang), px, 15, bold=True), ensure_ascii=False)[:-1]
        + f", {count}]"
        for px in (layout.PHONE, layout.WIDE)
    )
    title = alt.Title(
        alt.ExprRef(expr=f"containerSize()[0] < {layout.NARROW_BELOW} ? {narrow} : {wide}"),
        subtitle=layout.wrap(TEXT("threshold.subtitle", lang)),
    )
    colour = alt.condition("datum.value < threshold", alt.value(style.ORANGE), alt.value(style.BLUE))
    chart, height = kit.bars(df, "label", lang, TEXT("share", lang), color_=colour, tips=kit.tooltips(TEXT, lang, TIPS))
    rule = (
        alt.Chart(pd.DataFrame({"t": [0]}))
        .transform_calculate(t="threshold")
        .mark_rule(strokeDash=[4, 3], color=style.GREY)
        .encode(x=alt.X("t:Q", scale=alt.Scale(domain=[0, 100])))
    )
    return kit.framed(
        (chart + rule).add_params(slider),
        title=title,
        height=height,
        items=df,
        by_value=True,
        what=TEXT("domestic.alt", lang),
        name="status-shares",
        lang=lang,
    )
