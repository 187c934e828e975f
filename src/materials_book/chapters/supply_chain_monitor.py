"""Chapter 06 (supply-chain monitor, document 004): Korea's hydrogen fluoride case and rare earths."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import labels as L
from . import frames, kit, layout, style

CONTROLS = "2019-07"  # Japan's export controls on Korea start (stated in the same item)
DECLINES = (
    "decline_vs_previous_year",
    "decline_vs_before_controls",
    "hf_imports_total",
    "hf_imports_from_taiwan",
    "shipments_decline",
)  # each labelled with its measure, base and period
TEXT = L.Texts.beside(__file__)


def hf_points(lang: str) -> pd.DataFrame:
    """Monthly imports from Japan as stated (points only) and the stated 2020 monthly average."""
    df = frames.load("bulletin_monitor", indicator=("hf_imports_from_japan", "monthly_average_imports"))
    df["date"] = [f"{p}-15" if len(p) == 7 else f"{p}-07-01" for p in df["period"]]
    df["start"] = [f"{p}-01-01" if len(p) == 4 else None for p in df["period"]]
    df["end"] = [f"{p}-12-31" if len(p) == 4 else None for p in df["period"]]
    df["what"] = df[f"indicator_{lang}"]
    df["written"] = frames.value_texts(df, lang)
    return df.sort_values("date").reset_index(drop=True)


def hf_chart(df: pd.DataFrame, show_controls: bool, lang: str) -> alt.TopLevelMixin:
    months = df[df["start"].isna()]
    avg = df[df["start"].notna()]
    a = avg.iloc[0]
    title = layout.title(TEXT("hf.title", lang), TEXT("hf.subtitle", lang, period=a["period"], written=a["written"]))
    ticks = ["2019-07-01", "2020-01-01", "2020-07-01", "2021-01-01"]
    x = alt.X(
        "date:T",
        title=TEXT("hf.x", lang),
        scale=alt.Scale(domain=["2019-04-01", "2021-01-31"]),
        axis=alt.Axis(format="%Y-%m", labelAngle=0, values=ticks, labelFlush=True),
    )
    y = alt.Y("value:Q", title=TEXT("hf.y", lang), scale=alt.Scale(domain=[0, 3500]), axis=alt.Axis(tickCount=5))
    tip = kit.tooltips(
        TEXT,
        lang,
        {"what:N": "indicator", "period:N": "period", "value_as_written:N": "as_written", "qualifier:N": "qualifier"},
    )
    dots = (
        alt.Chart(months).mark_point(filled=True, size=110, opacity=1, color=style.FOCUS).encode(x=x, y=y, tooltip=tip)
    )
    labels = alt.Chart(months).mark_text(dy=-14, fontSize=12).encode(x=x, y=y, text="written:N")
    bar = alt.Chart(avg).mark_rule(strokeWidth=4, color=style.ONE).encode(x="start:T", x2="end:T", y=y, tooltip=tip)
    bar_label = alt.Chart(avg).mark_text(dy=-12, fontSize=12, color=style.ONE).encode(x="date:T", y=y, text="written:N")
    layers = [dots, labels, bar, bar_label]
    if show_controls:
        # the note sits half-way up, right of its line (which stops below the June value and its label), clear of
        # the later values below
        marker = pd.DataFrame(
            {"date": [f"{CONTROLS}-01"], "value": [2300.0], "text": [layout.lines(TEXT("hf.controls", lang), 150, 11)]}
        )
        layers += [
            alt.Chart(marker)
            .mark_rule(strokeDash=[4, 3], color="#555")
            .encode(x="date:T", y=alt.datum(0), y2=alt.datum(2700)),
            alt.Chart(marker)
            .mark_text(align="left", baseline="top", dx=5, fontSize=11, color="#444", lineBreak="\n", lineHeight=14)
            .encode(x="date:T", y=y, text="text:N"),
        ]
    chart = alt.layer(*layers).properties(title=title, width="container", height=300)
    ordered = df.sort_values("value", ascending=False)
    alt_text = kit.extremes_sentence(
        (ordered["period"] + " " + ordered["what"]).tolist(), ordered["written"].tolist(), TEXT("hf.alt", lang), lang
    )
    return kit.finish(
        chart, name="monitor-hf", source=frames.source_line(df, lang), alt_text=alt_text, lang=lang, right=layout.PAD
    )


def hf_declines(lang: str) -> pd.DataFrame:
    df = frames.load("bulletin_monitor", group="hf_korea", unit="%", kind="stated")
    df["label"] = df[f"entity_{lang}"] + " · " + df[f"indicator_{lang}"]
    for indicator in DECLINES:
        df.loc[df["indicator"] == indicator, "label"] = TEXT(f"decline.{indicator}", lang)
    return df.sort_values(["value", "id"], ascending=[False, True]).reset_index(drop=True)


DECLINES_CHART = kit.Rows(
    "bars",
    label="label",
    key="declines",
    name="monitor-declines",
    text=TEXT,
    tips={"label:N": "item", "value_as_written:N": "as_written", "note:N": "note"},
)


def declines_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    return kit.row_chart(DECLINES_CHART, df, lang, color=style.FOCUS)


def rare_earths(measure: str, lang: str) -> pd.DataFrame:
    df = frames.load("bulletin_monitor", entity="rare_earths", indicator=measure)
    df["who"] = df["region"].map(frames.region_names(lang))
    df["style"] = "region_" + df["region"].str.lower()
    return df.sort_values("value", ascending=False).reset_index(drop=True)


def rare_earth_chart(df: pd.DataFrame, share: pd.Series, measure: str, lang: str) -> alt.TopLevelMixin:
    """China against the world, in 万吨 (Chinese) or Mt (English); each region in its own colour."""
    what = TEXT(f"re.{measure}", lang)
    title = layout.title(
        TEXT("re.title", lang, what=what), TEXT("re.subtitle", lang, written=frames.value_text(share, lang))
    )
    tips = {"who:N": "region", "value_as_written:N": "as_written"}
    scaled = df.assign(value_text=frames.value_texts(df, lang), value=df["value"] / (1e4 if lang == "zh" else 1e6))
    top = float(scaled["value"].max()) * 1.02
    color = style.color("who:N", list(df["style"]), lang, legend=False)
    chart = kit.axis_bars(
        scaled,
        "who",
        lang,
        TEXT("re.x", lang),
        domain=(0, top),
        color_=color,
        tips=kit.tooltips(TEXT, lang, tips),
        step=40,
    )
    return kit.framed(
        chart,
        title=title,
        items=df,
        label="who",
        what=TEXT("re.alt", lang, what=what),
        name="monitor-rare-earths",
        lang=lang,
    )


def rare_earth_share(measure: str) -> pd.Series:
    df = frames.load("bulletin_monitor").set_index("id")
    return df.loc["b004.re.china_reserves_share" if measure == "reserves" else "b004.re.china_production_share.2020"]


def case_sentence(lang: str) -> str:
    """The hydrogen fluoride case in one paragraph; August's imports read as zero only when the value is 0."""
    df = frames.load("bulletin_monitor").set_index("id")
    w = {
        k: frames.text_md(frames.value_text(df.loc[f"b004.hf.japan_imports.{i}"], lang), lang)
        for k, i in (
            ("june", "2019_06"),
            ("august", "2019_08"),
            ("december", "2019_12"),
            ("average", "2020_monthly_avg"),
        )
    }
    if df.loc["b004.hf.japan_imports.2019_08", "value"] == 0:
        w["august"] = TEXT("case.zero", lang, written=w["august"])
    return TEXT("case", lang, **w)


def price_falls(lang: str) -> pd.DataFrame:
    df = frames.load("bulletin_metals", group="prices")
    df["label"] = df[f"entity_{lang}"]
    df["measure"] = [
        TEXT("aside", lang, text=i, aside=L.kind(k, lang)) for i, k in zip(df[f"indicator_{lang}"], df["kind"])
    ]
    df["kind_label"] = [L.kind(k, lang) for k in df["kind"]]
    df = frames.with_range(df)
    return df.sort_values(["indicator", "value"], ascending=[False, False]).reset_index(drop=True)


PRICES_CHART = kit.Rows(
    "bars",
    label="label",
    key="prices",
    name="monitor-prices",
    text=TEXT,
    tips={"label:N": "metal", "measure:N": "indicator", "value_as_written:N": "as_written"},
    alt_label=("label", "measure"),
    by_value=True,
    domain=(0, 25),
)


def price_chart(df: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    """One bar per metal and kind of figure (stated, projected), coloured by the kind."""
    color = style.color("kind_label:N", [k for k in L.KIND_LABELS if k in set(df["kind"])], lang)
    return kit.row_chart(PRICES_CHART, df, lang, color=color)


def concentration_sentence(lang: str) -> str:
    df = pd.concat([frames.load("bulletin_metals"), frames.load("bulletin_monitor")]).set_index("id")
    ids = {
        "ree": "b004.ree.china_supply_share",
        "cobalt": "b004.cobalt.battery_share",
        "ewaste": "b004.ewaste.collected.world",
        "weee": "b004.ewaste.weee_target.eu",
        "europe": "b004.ewaste.collected.europe.2018",
        "re_share": "b004.re.china_production_share.2020",
    }
    written = {k: frames.text_md(frames.value_text(df.loc[i], lang), lang) for k, i in ids.items()}
    return TEXT("concentration", lang, **written)
