"""Chapter 05 (new-materials industry progress, document 002): frames, charts and sentences."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import labels as L
from . import frames, kit, layout, style

MONEY = {"万亿元": 1e12, "亿元": 1e8}  # money units of the charts and text, in yuan
SHARES = ("world_output_value_share", "world_output_share", "share_of_industrial_demand_met")
SCALE = (
    "firms_above_designated_size",
    "industry_standards_issued",
    "key_platforms",
    "firms_served",
    "application_verifications",
    "testing_evaluations",
)
TEXT = L.Texts.beside(__file__)


def _facts() -> pd.DataFrame:
    return frames.load("industry_figures")


def money_label(money_unit: str, lang: str) -> str:
    return TEXT(f"money.{money_unit}", lang)


def output_value(money_unit: str, lang: str) -> pd.DataFrame:
    df = _facts()
    df = df[(df["indicator"] == "output_value") & (df["kind"] == "stated")].sort_values("year").copy()
    df["amount"] = df["value"] / MONEY[money_unit]
    df["year_label"] = df["year"].astype(str)
    df["written"] = df["value_as_written"]
    return df


def growth(lang: str) -> pd.DataFrame:
    df = _facts()
    return df[(df["kind"] == "derived") & (df["entity"] == "new_materials_industry")].sort_values("indicator")


def output_chart(
    df: pd.DataFrame, grow: pd.DataFrame, money_unit: str, show_derived: bool, lang: str
) -> alt.TopLevelMixin:
    sub = TEXT("output.subtitle", lang)
    if show_derived and not grow.empty:
        cagr = grow[grow["indicator"] == "cagr"].iloc[0]
        sub += TEXT("output.cagr", lang, cagr=frames.value_text(cagr, lang), period=cagr["period"])
    title = layout.title(TEXT("output.title", lang), sub)
    df = df.assign(value_text=frames.value_texts(df, lang))
    tips = {"year_label:O": "year", "written:N": "as_written", "section:N": "where"}
    # every year between the first and the last has its place, so that the gap between 2020 and 2024 shows
    years = [str(y) for y in range(int(df["year"].min()), int(df["year"].max()) + 1)]
    base = alt.Chart(df).encode(
        x=alt.X("year_label:O", title=TEXT("year", lang), axis=alt.Axis(labelAngle=0), scale=alt.Scale(domain=years)),
        tooltip=kit.tooltips(TEXT, lang, tips),
    )
    y = alt.Y("amount:Q", title=TEXT("output.y", lang, unit=money_label(money_unit, lang)))
    bars = base.mark_bar(width=40, color=style.ONE).encode(y=y)
    # each value starts at its bar's edge and runs over the empty years beside it (centred, the first would run
    # into the axis on a phone): the first year's to the right, the others' to the left
    first = alt.datum.year_label == years[0]
    left = base.transform_filter(first).mark_text(dy=-8, dx=-20, align="left", fontSize=12)
    right = base.transform_filter(~first).mark_text(dy=-8, dx=20, align="right", fontSize=12)
    labels = [m.encode(y="amount:Q", text="value_text:N") for m in (left, right)]
    chart = alt.layer(bars, *labels).properties(title=title, width="container", height=260)
    alt_text = TEXT(
        "output.alt",
        lang,
        y0=df["year"].min(),
        w0=df["value_text"].iloc[0],
        y1=df["year"].max(),
        w1=df["value_text"].iloc[-1],
    )
    return kit.finish(
        chart,
        name="industry-output",
        source=frames.source_line(df, lang),
        alt_text=alt_text,
        lang=lang,
        right=layout.PAD,
    )


def shares(lang: str) -> pd.DataFrame:
    df = _facts()
    # a share in words (一半以上) stays in the data, not on the % axis
    df = df[df["indicator"].isin(SHARES) & (df["unit"] == "%")].copy()
    df["label"] = df[f"entity_{lang}"] + " · " + df[f"indicator_{lang}"]
    df = frames.with_range(df)
    df["written"] = [frames.written_label(r) for _, r in df.iterrows()]
    df["qualifier_label"] = [frames.qualifier_label(q, lang) for q in df["qualifier"]]
    return df.sort_values(["value", "id"], ascending=[False, True]).reset_index(drop=True)


SHARES_CHART = kit.Rows(
    "ranges",
    label="label",
    key="shares",
    name="industry-shares",
    text=TEXT,
    tips={"label:N": "item", "written:N": "as_written", "qualifier_label:N": "qualifier"},
)


def shares_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    df = df.assign(
        value_text=[
            frames.value_text(r, lang) + (f" ({int(r['year'])})" if pd.notna(r["year"]) else "")
            for _, r in df.iterrows()
        ]
    )
    return kit.row_chart(SHARES_CHART, df, lang)


def scale_table(lang: str) -> str:
    """Markdown table of the 2024 scale figures (firms, standards, platforms, services), values as written."""
    df = _facts()
    df = df[df["indicator"].isin(SCALE)].set_index("indicator").loc[list(SCALE)]
    rows = [
        f"| {frames.cell_md(r[f'indicator_{lang}'], lang)} | {r['year']} | "
        f"{frames.value_md(r, lang)} | "
        f"{frames.qualifier_label(r['qualifier'], lang)} |"
        for _, r in df.iterrows()
    ]
    return "\n".join([TEXT("scale.head", lang)] + rows)


def growth_sentence(df: pd.DataFrame, grow: pd.DataFrame, show_derived: bool, lang: str) -> str:
    a, b = df.iloc[0], df.iloc[-1]
    text = TEXT(
        "growth",
        lang,
        y0=a["year"],
        w0=frames.text_md(frames.value_text(a, lang), lang),
        y1=b["year"],
        w1=frames.text_md(frames.value_text(b, lang), lang),
    )
    if show_derived and not grow.empty:
        total = grow[grow["indicator"] == "total_change"].iloc[0]
        cagr = grow[grow["indicator"] == "cagr"].iloc[0]
        text += TEXT(
            "growth.derived",
            lang,
            total=frames.text_md(frames.value_text(total, lang), lang),
            cagr=frames.text_md(frames.value_text(cagr, lang), lang),
            formula=frames.text_md(cagr["formula"].split(" with ")[0], lang),
        )
    return text


def cross_source(lang: str) -> str:
    """The 2020 output value as stated by 002 and by 003, side by side."""
    a = frames.load("industry_figures").set_index("id").loc["i002.industry.output_value.2020"]
    b = frames.load("minerals_chain").set_index("id").loc["s003.chain.new_materials.2020"]
    rows = [
        f"| {frames.cell_md(r['source'], lang)} | {frames.cell_md(r['section'], lang)} | "
        f"{frames.value_md(r, lang)} | "
        f"{frames.qualifier_label(r['qualifier'], lang)} |"
        for r in (a, b)
    ]
    note = TEXT("cross.agree" if a["value"] == b["value"] else "cross.disagree", lang)
    note += TEXT("cross.estimate" if b["qualifier"] != a["qualifier"] else "full_stop", lang)
    return "\n".join([TEXT("cross.head", lang)] + rows) + "\n\n" + note
