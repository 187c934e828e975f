"""Material profile pages, generated at build time: for each profile of the taxonomy, every row about its entities
from all five documents (grouped by indicator, ordered by year, each with its sentence), a chart of each series, the
figures two documents both state, where the chapters show it and related materials; and an index page by class.

Values follow the display rule (``quantities.shown``); charts use the chapters' chart kit (``chapters.frames``), so
they look, render and are checked like every other chart. Data text is escaped for where it lands."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd

from .. import data, escape, memo
from ..chapters import frames, kit, layout, style
from ..checks import reconcile
from ..labels import Texts, kind
from ..quantities import SCALES, shown
from . import notebooks, render
from .findings import row_anchor

TEXT = Texts.beside(__file__)
PAGE = "material_{key}"  # page name of a profile, beside the other generated pages
_KEY = re.compile(r"[a-z0-9_]+")
MAX_CHARTS = 3  # series charts per page, the longest first
# Chinese axis scales: unit -> (threshold, divisor, word)
ZH_SCALES = {
    "t": ((1e8, 1e8, "亿吨"), (1e4, 1e4, "万吨"), (0, 1, "吨")),
    "CNY": ((1e12, 1e12, "万亿元"), (1e8, 1e8, "亿元"), (0, 1, "元")),
    "tce": ((1e8, 1e8, "亿吨标准煤"), (0, 1, "吨标准煤")),
}


def page_name(key: str) -> str:
    if not _KEY.fullmatch(str(key)):
        raise ValueError(f"profile key {key!r} cannot be a page name")
    return PAGE.format(key=key)


def taxonomy() -> pd.DataFrame:
    return data.load("taxonomy")


def profile_of() -> dict[str, str]:
    """Glossary key of an entity -> the profile whose page gathers its rows."""
    return {e: p for p, entities in zip(taxonomy()["profile"], taxonomy()["entities"]) for e in entities.split(";")}


def rows_of(profile: pd.Series, facts: pd.DataFrame) -> pd.DataFrame:
    """Every row about the profile's entities, stated and derived, by indicator and year."""
    entities = profile["entities"].split(";")
    df = facts[facts["entity"].isin(entities)].copy()
    df["year_sort"] = df["year"].fillna(9999)
    # indicators with the most stated rows first, derived ones (growth, shares) last
    stated = df[df["kind"] != "derived"].groupby("indicator").size()
    df["indicator_sort"] = df["indicator"].map(lambda i: -stated.get(i, 0))
    return df.sort_values(["indicator_sort", "indicator", "entity", "region", "year_sort", "id"], na_position="last")


def _facts() -> pd.DataFrame:
    """All facts, with the digits a derived row may show (as frames.load gives them per dataset)."""
    return pd.concat(
        [frames.load(n).assign(dataset=n) for n in data.names() if data.meta(n)["kind"] == "facts"], ignore_index=True
    )


def _name(r: pd.Series, lang: str) -> str:
    return r["zh"] if lang == "zh" else r["en"]


def _link(text: str, page: str, lang: str, in_table: bool = False) -> str:
    """A Markdown link to another generated page (Sphinx names a missing one)."""
    shown_text = frames.cell_md(text, lang) if in_table else frames.text_md(text, lang)
    return f"[{shown_text}]({page}.md)"


def _docs(df: pd.DataFrame, lang: str) -> str:
    return TEXT("list", lang).join(sorted(df["source"].unique()))


def lead(profile: pd.Series, rows: pd.DataFrame, lang: str, regions: dict[str, str]) -> str:
    """What the page holds, from its rows: how many rows from which documents, and the first and last figure of
    its three indicators with the most rows (value, year, kind)."""
    name = frames.text_md(_name(profile, lang), lang)
    parts = []
    for indicator in rows["indicator"].unique()[:3]:
        g = rows[(rows["indicator"] == indicator) & (rows["kind"] != "derived")]
        if g.empty:
            continue
        picked = [g.iloc[0]] if len(g) == 1 else [g.iloc[0], g.iloc[-1]]
        values = TEXT("lead.and", lang).join(
            TEXT(
                "lead.value",
                lang,
                value=frames.text_md(shown(r, lang), lang),
                when=_when(r, lang),
                kind=kind(r["kind"], lang),
                who=frames.text_md(_who(r, lang, regions, profile["profile"]), lang),
            )
            for r in picked
        )
        parts.append(
            TEXT("lead.indicator", lang, indicator=frames.text_md(g.iloc[0][f"indicator_{lang}"], lang), values=values)
        )
    figures = TEXT("semicolon", lang).join(parts)
    return TEXT("lead", lang, name=name, n=len(rows), docs=_docs(rows, lang), figures=figures[:1].upper() + figures[1:])


def _given(value) -> bool:
    return isinstance(value, str) and value != "" or (value is not None and not pd.isna(value) and value != "")


def _when(r: pd.Series, lang: str) -> str:
    if _given(r["year"]):
        return TEXT("when.year", lang, year=int(r["year"]))
    return TEXT("when.period", lang, period=frames.text_md(r["period"], lang)) if _given(r["period"]) else ""


def _who(r: pd.Series, lang: str, regions: dict[str, str], own: str | None = None) -> str:
    """What a row is about: its entity (left out when it is the profile's own, ``own``), and its region if any
    (``regions``: frames.region_names, read once per page)."""
    region = regions.get(r["region"]) if _given(r["region"]) else None
    entity = "" if r["entity"] == own else r[f"entity_{lang}"]
    return " · ".join(t for t in (entity, region) if t)


def rows_tables(rows: pd.DataFrame, lang: str, regions: dict[str, str]) -> list[str]:
    """One table per indicator, narrow enough for a phone: each row's entity and region, year, value and kind, and
    its document and section linked to its sentence (a derived row: to its formula)."""
    lines = []
    for _, g in rows.groupby("indicator", sort=False):
        lines += [
            TEXT("indicator.title", lang, indicator=frames.text_md(g.iloc[0][f"indicator_{lang}"], lang)),
            "",
            TEXT("rows.head", lang),
        ]
        for _, r in g.iterrows():
            when = (
                int(r["year"])
                if _given(r["year"])
                else frames.cell_md(r["period"] if _given(r["period"]) else "—", lang)
            )
            word = TEXT("formula" if r["kind"] == "derived" else "sentence", lang)
            where = (
                f'<a href="quotes.html#{row_anchor(r["id"])}" title="{word}">{escape.html_text(r["source"])} '
                f"§{frames.cell_md(r['section'], lang)}</a>"
            )
            value = TEXT("value.kind", lang, value=frames.value_md(r, lang), kind=kind(r["kind"], lang), where=where)
            lines.append(f"| {frames.cell_md(_who(r, lang, regions), lang)} | {when} | {value} |")
        lines.append("")
    return lines


def series(rows: pd.DataFrame) -> list[pd.DataFrame]:
    """The series of a profile's rows that a chart can show: one indicator and unit, stated, projected or target
    values in two or more years; the longest first."""
    typed = rows[(rows["kind"] != "derived") & rows["year"].notna()]
    found = []
    for _, g in typed.groupby(["indicator", "unit"], sort=True):
        if g["year"].nunique() >= 2 and len(g) >= 2:
            found.append(g)
    return sorted(found, key=len, reverse=True)[:MAX_CHARTS]


def _scale(values: pd.Series, unit: str, lang: str) -> tuple[float, str]:
    """(divisor, unit word) for an axis: 万吨/亿元 in Chinese, Mt/billion yuan in English."""
    steps = (ZH_SCALES if lang == "zh" else SCALES).get(unit)
    if not steps:
        return 1.0, unit
    top = values.abs().max()
    _, divisor, word = next(s for s in steps if top >= s[0])
    return divisor, word


def series_chart(profile: pd.Series, g: pd.DataFrame, lang: str, regions: dict[str, str]) -> alt.TopLevelMixin:
    """One series over the years: a dot per document value (shape by kind), a line joining each entity's values;
    nothing between them is read."""
    divisor, unit = _scale(g["value"], g["unit"].iloc[0], lang)
    d = pd.DataFrame(
        {
            "amount": g["value"] / divisor,
            "year": g["year"].astype(int),
            "id": g["id"],
            "label": [_who(r, lang, regions) for _, r in g.iterrows()],
            "value": g["value"],
            "value_text": frames.value_texts(g, lang),
            "kind": g["kind"],
            "kind_label": [kind(k, lang) for k in g["kind"]],
            "source": g["source"],
            "section": g["section"],
        }
    )
    indicator = g.iloc[0][f"indicator_{lang}"]
    title = layout.title(
        TEXT("chart.title", lang, indicator=indicator, name=_name(profile, lang)), TEXT("chart.subtitle", lang)
    )
    years = sorted(d["year"].unique().tolist())
    x = alt.X(
        "year:Q",
        title=TEXT("year", lang),
        scale=alt.Scale(domain=[years[0], years[-1]], nice=False),
        axis=alt.Axis(values=years, format="d", labelFlush=True),
    )
    y = alt.Y("amount:Q", title=TEXT("chart.y", lang, indicator=indicator, unit=unit))
    tips = kit.tooltips(
        TEXT, lang, {"label:N": "item", "year:O": "year", "value_text:N": "value", "kind_label:N": "kind", "id:N": "id"}
    )
    kinds = [k for k in ("stated", "projection", "target") if k in set(d["kind"])]
    color = alt.Color("label:N", title=None, legend=alt.Legend(orient="bottom", direction="vertical"))
    line = alt.Chart(d).mark_line(strokeWidth=2, opacity=0.6).encode(x=x, y=y, color=color, detail="label:N")
    dots = (
        alt.Chart(d)
        .mark_point(filled=True, size=80, opacity=1)
        .encode(
            x=x,
            y=y,
            color=color,
            shape=style.shape("kind_label:N", kinds, lang, title=TEXT("kind", lang)),
            tooltip=tips,
        )
    )
    chart = (line + dots).properties(title=title, width="container", height=220)
    ordered = d.sort_values("value", ascending=False)
    alt_text = kit.extremes_sentence(
        [f"{a} ({y})" for a, y in zip(ordered["label"], ordered["year"])],
        ordered["value_text"].tolist(),
        TEXT("chart.alt", lang, indicator=indicator),
        lang,
    )
    return kit.finish(
        chart,
        name=f"{profile['profile'].replace('_', '-')}-{g['indicator'].iloc[0]}".replace("_", "-"),
        source=frames.source_line(d, lang),
        alt_text=alt_text,
        lang=lang,
        right=layout.PAD,
    )


def same_figures_lines(rows: pd.DataFrame, pairs: pd.DataFrame, lang: str) -> list[str]:
    """Figures two documents both state (``pairs``: the reconciliation's), side by side with the difference."""
    pairs = pairs[pairs["a"].isin(rows["id"]) | pairs["b"].isin(rows["id"])]
    if pairs.empty:
        return []
    by_id = rows.set_index("id")
    lines = [TEXT("same.title", lang), "", TEXT("same.head", lang)]
    for p in pairs.itertuples():
        a, b = by_id.loc[p.a], by_id.loc[p.b]
        agrees = TEXT("same.agree" if p.agrees else "same.differ", lang)
        lines.append(
            f"| {frames.cell_md(a[f'indicator_{lang}'], lang)} | {'' if pd.isna(p.year) else int(p.year)} | "
            f"{escape.table_cell(p.a_source)}: {frames.value_md(a, lang)} | "
            f"{escape.table_cell(p.b_source)}: {frames.value_md(b, lang)} | {agrees} |"
        )
    return lines + [""]


def appearances(
    key: str, rows: pd.DataFrame, charts: dict[str, list[tuple[str, str, list[dict]]]], lang: str
) -> list[str]:
    """The chapters' charts that draw one of the profile's rows, linked at their anchors."""
    ids = set(rows["id"])
    found = [
        (chapter, title, name)
        for chapter, drawn in charts.items()
        for title, name, chart_rows in drawn
        if any(r.get("id") in ids for r in chart_rows)
    ]
    if not found:
        return [TEXT("appears.none", lang), ""]
    items = [
        f'- <a href="../chapters/{escape.html_attribute(c)}.html#chart-{escape.html_attribute(n)}">'
        f"{escape.html_text(t)}</a>"
        for c, t, n in found
    ]
    return [TEXT("appears.title", lang), ""] + items + [""]


def related_line(profile: pd.Series, tax: pd.DataFrame, lang: str) -> list[str]:
    related = [r for r in profile["related"].split(";") if r]
    if not related:
        return []
    names = tax.set_index("profile")
    links = TEXT("list", lang).join(_link(_name(names.loc[r], lang), page_name(r), lang) for r in related)
    return [TEXT("related", lang, links=links), ""]


def profile_page(
    profile: pd.Series, tax: pd.DataFrame, rows: pd.DataFrame, charts: dict, pairs: pd.DataFrame, lang: str
) -> tuple[str, dict[str, list[dict]]]:
    """The Markdown of one profile page (``rows``: its rows_of) and the rows each of its charts draws (chart id ->
    rows)."""
    regions = frames.region_names(lang)
    other = profile["en"] if lang == "zh" else profile["zh"]
    cls = profile["class_zh"] if lang == "zh" else profile["class_en"]
    index = _link(TEXT("index.name", lang), "materials", lang)
    other = escape.markdown(other) if lang == "zh" else f'<span lang="zh">{escape.markdown(other)}</span>'
    lines = [
        f"# {escape.markdown(_name(profile, lang))}",
        "",
        TEXT("class", lang, other=other, cls=frames.text_md(cls, lang), index=index),
        "",
        lead(profile, rows, lang, regions),
        "",
    ]
    drawn = {}
    for g in series(rows):
        # validated by the tests (test_profiles), not on every page build: a third of the pages' time
        bundle, meta = render.render(series_chart(profile, g, lang, regions).to_dict(validate=False))
        drawn[meta["materials_book"]["chart"]] = meta["materials_book"]["rows"]
        lines += ["```{raw} html", bundle["text/html"], "```", ""]
    lines += rows_tables(rows, lang, regions) + same_figures_lines(rows, pairs, lang)
    lines += appearances(profile["profile"], rows, charts, lang)
    lines += related_line(profile, tax, lang)
    lines += [TEXT("download", lang, href=f"../_static/downloads/materials/{page_name(profile['profile'])}.csv"), ""]
    return "\n".join(lines), drawn


def _frame_digest(df: pd.DataFrame) -> bytes:
    """The content of a frame as bytes for a key: its columns, their types and every cell's repr (exact for floats;
    None, NaN and an empty string differ), without the index (a row's place in the data set changes no page)."""
    return repr(([(str(c), str(t)) for c, t in df.dtypes.items()], df.to_dict("split", index=False))).encode()


def _read_by_pages() -> bytes:
    """What a profile page reads of the data set besides its own rows: every dataset's metadata (the documents'
    titles), and the glossary, taxonomy and tables (names, related materials, profile links), by their hashes."""
    found = data.manifest()["datasets"]
    return repr(
        sorted((n, h["meta"], h["parquet"] if data.meta(n)["kind"] != "facts" else "") for n, h in found.items())
    ).encode()


def kept_page(
    profile: pd.Series,
    tax: pd.DataFrame,
    rows: pd.DataFrame,
    charts: dict,
    pairs: pd.DataFrame,
    lang: str,
    shared: bytes,
) -> tuple[str, dict[str, list[dict]]]:
    """profile_page, taken from .cache/ (memo) when its rows, the pairs and chapter charts that name them, and what
    every page reads (``shared``: _read_by_pages) are those of a page made before."""
    ids = rows["id"]
    digest = memo.key(
        shared,
        lang,
        str(profile["profile"]),
        _frame_digest(rows),
        _frame_digest(pairs[pairs["a"].isin(ids) | pairs["b"].isin(ids)]),
        "\n".join(appearances(profile["profile"], rows, charts, lang)),
    )
    name = f"{lang}-{profile['profile']}"
    if (kept := memo.load("profiles", name, digest)) is not None:
        return kept
    page = profile_page(profile, tax, rows, charts, pairs, lang)
    memo.store("profiles", name, digest, page)
    return page


def index_page(tax: pd.DataFrame, rows_by: dict[str, pd.DataFrame], lang: str) -> str:
    """The materials index: each class with its profiles, their row counts and documents (``rows_by``: profile key
    -> its rows_of)."""
    lines = [TEXT("index.title", lang), "", TEXT("index.lead", lang), ""]
    for _, g in tax.groupby("class", sort=False):
        lines += [f"## {escape.markdown(g.iloc[0]['class_zh' if lang == 'zh' else 'class_en'])}", ""]
        for _, p in g.iterrows():
            rows = rows_by[p["profile"]]
            indicators = TEXT("list", lang).join(frames.text_md(i, lang) for i in rows[f"indicator_{lang}"].unique())
            lines.append(
                TEXT(
                    "index.item",
                    lang,
                    link=_link(_name(p, lang), page_name(p["profile"]), lang),
                    n=len(rows),
                    docs=_docs(rows, lang),
                    indicators=indicators,
                )
            )
        lines.append("")
    return "\n".join(lines)


def chapter_charts(lang: str) -> dict[str, list[tuple[str, str, list[dict]]]]:
    """Chapter -> (chart title, chart name, rows drawn) of each chart in its committed notebook of ``lang``."""
    found = {}
    for path, _, outs in notebooks.committed(lang):
        drawn = []
        for out in outs:
            chart = out.get("metadata", {}).get("materials_book")
            if chart:
                html = out.get("data", {}).get("text/html", "")
                label = re.search(r'aria-label="([^"]*)"', html)
                title = _chart_title(html) or (label.group(1) if label else chart["name"])
                drawn.append((title, chart["name"], chart["rows"]))
        found[path.stem] = drawn
    return found


def _chart_title(html: str) -> str | None:
    """A chart's title from its embedded spec (the first line of the wide title)."""
    import json

    m = re.search(r'<script type="application/json" class="mb-spec">(.*?)</script>', html, re.S)
    if not m:
        return None
    title = json.loads(m.group(1).replace("<\\/", "</")).get("title", {})
    text = title.get("text") if isinstance(title, dict) else title
    if isinstance(text, dict):  # a title that depends on the width: the wide variant, as Vega would show it
        found = re.findall(r'"([^"]+)"', text.get("expr", ""))
        text = found[-1] if found else None
    if isinstance(text, list):
        text = " ".join(text)
    return text if isinstance(text, str) else None


def write(folder, downloads, lang: str, write_if_changed) -> tuple[set[str], dict[str, list[dict]]]:
    """Every profile page and the index of ``lang`` into ``folder``, each profile's rows as CSV into ``downloads``
    (zh only: the same rows); returns the page names written and the rows of each chart drawn."""
    tax, facts, charts, pairs = taxonomy(), _facts(), chapter_charts(lang), reconcile.same_figures()
    written, drawn, stored = {"materials"}, {}, data.all_facts().set_index("id")
    rows_by = {p["profile"]: rows_of(p, facts) for _, p in tax.iterrows()}
    write_if_changed(folder / "materials.md", index_page(tax, rows_by, lang).encode("utf-8"))
    shared = _read_by_pages()
    for _, p in tax.iterrows():
        text, chart_rows = kept_page(p, tax, rows_by[p["profile"]], charts, pairs, lang, shared)
        name = page_name(p["profile"])
        write_if_changed(folder / f"{name}.md", text.encode("utf-8"))
        written.add(name)
        drawn.update(chart_rows)
        if lang == "zh":  # the rows as stored (the documents' writing as extracted), like every download
            rows = stored.loc[rows_by[p["profile"]]["id"]].reset_index()
            write_if_changed(downloads / f"{name}.csv", rows.to_csv(index=False).encode("utf-8-sig"))
    return written, drawn
