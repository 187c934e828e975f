"""The chapters' Markdown (sentences, lists and pipe tables shown with IPython's Markdown) with hostile text in every
text field of the data they read: no script, element, directive, role, table cell or line break comes from the
data. Judged as tests/test_escape.py judges the generated pages: the same elements and markers as with plain text
there, rendered by MyST as the book renders it. No kernel: the chapter functions are called directly."""

import pandas as pd
import pytest

from hostile import HOSTILE
from materials_book import data
from materials_book.chapters import (
    bottlenecks,
    industry_progress,
    minerals_roadmap,
    status,
    supply_chain_monitor,
    tis_comparison,
)
from test_escape import MARKDOWN_MARKERS, Parts, Shape, _outside_code, render, visible

CASES = list(HOSTILE.items())
IDS = [k for k, _ in CASES]
LANGS = ("zh", "en")
# Columns that hold keys, codes or units the chapters select and look up by: kept as they are. Every other text
# column (names, definitions, values and units as written, formulas, sections, quotes, notes) gets the hostile text.
KEYS = {
    "id",
    "key",
    "type",
    "entity",
    "entity_type",
    "indicator",
    "region",
    "group",
    "period",
    "unit",
    "qualifier",
    "kind",
    "inputs",
    "source",
    "element",
    "answers",
    "class_id",
    "parent",
    "function",
    "link",
}
# English sentences whose only data are values in English notation (built from numbers and unit keys).
NUMBERS_ONLY_IN_ENGLISH = ("status.cycle_sentence", "monitor.case_sentence", "monitor.concentration_sentence")
MINERALS = ["steel", "copper", "aluminium", "lithium", "cobalt", "nickel"]


def outputs(lang: str) -> dict[str, str]:
    """Every Markdown string the chapters return, for their default parameters and a few others (a focus
    bottleneck in another row, gaps in China's coverage, interpolated minerals in the scenario)."""
    shares = status.domestic_shares("all", lang).assign(below=True)  # every material below the threshold: all named
    out = {
        "status.table1": status.table1("all", lang),
        "status.below_sentence": status.below_sentence(shares, 100.0, lang),
        "status.cycle_sentence": status.cycle_sentence(lang),
        "status.stages_table": status.stages_table(lang),
        "bottlenecks.breakthroughs_sentence": bottlenecks.breakthroughs_sentence(lang),
        "tis.functions_list": tis_comparison.functions_list(lang),
        "tis.coverage_sentence": tis_comparison.coverage_sentence(
            tis_comparison.matrix(list(tis_comparison.REGIONS), "all", lang), lang
        ),
        "tis.coverage_sentence.gaps": tis_comparison.coverage_sentence(
            tis_comparison.matrix(["US", "CN"], "all", lang)
            .assign(n=0)
            .assign(n=lambda m: m["n"].where(m["region"] == "CN", 1)),
            lang,
        ),
        "tis.measures_table": tis_comparison.measures_table(list(tis_comparison.REGIONS), "all", lang),
        "roadmap.scenario_intro": minerals_roadmap.scenario_intro(lang),
        "roadmap.goals_table": minerals_roadmap.goals_table(minerals_roadmap.goals_frame(lang), lang),
        "industry.growth_sentence": industry_progress.growth_sentence(
            industry_progress.output_value("万亿元", lang), industry_progress.growth(lang), True, lang
        ),
        "industry.cross_source": industry_progress.cross_source(lang),
        "industry.scale_table": industry_progress.scale_table(lang),
        "monitor.case_sentence": supply_chain_monitor.case_sentence(lang),
        "monitor.concentration_sentence": supply_chain_monitor.concentration_sentence(lang),
    }
    for horizon in (2035, 2030):  # 2030: some minerals interpolated, named in the note
        s = minerals_roadmap.scenario_frame(MINERALS, 1.5, 40.0, 2020, horizon, lang)
        out[f"roadmap.scenario_sentence.{horizon}"] = minerals_roadmap.scenario_sentence(
            s, 1.5, 40.0, 2020, horizon, lang
        )
    for focus in ("btl.1", "btl.3"):
        out[f"bottlenecks.evidence_table.{focus}"] = bottlenecks.evidence_table(lang, focus)
        out[f"bottlenecks.focus_sentence.{focus}"] = bottlenecks.focus_sentence(focus, lang)
    return out


@pytest.fixture(scope="module")
def real():
    """The real datasets, read once (the chapters read these through data.load)."""
    return {}


def _inject(monkeypatch, real: dict, h: str) -> None:
    """data.load returns the real dataset with ``h`` before and after every text field that is not a key."""
    load, injected = data.load, {}

    def hostile_load(name: str) -> pd.DataFrame:
        if name not in injected:
            if name not in real:
                real[name] = load(name)
            df = real[name].copy()
            for col in df.columns:
                if col not in KEYS and (df[col].dtype == object or pd.api.types.is_string_dtype(df[col])):
                    df[col] = [f"{h} {v} {h}" if isinstance(v, str) else v for v in df[col]]
            injected[name] = df
        return injected[name].copy()

    monkeypatch.setattr(data, "load", hostile_load)


@pytest.fixture(scope="module")
def benign(real):
    mp = pytest.MonkeyPatch()
    try:
        _inject(mp, real, "KrF plain")
        pages = {lang: outputs(lang) for lang in LANGS}
    finally:
        mp.undo()
    return pages, {lang: {k: Shape(render(v + "\n")).shape for k, v in o.items()} for lang, o in pages.items()}


def test_every_text_column_is_injected(monkeypatch, real):
    """The injection reaches the chapters' Markdown: with a marker in every text field, every output shows it."""
    _inject(monkeypatch, real, "ZZMARK")
    missing = [(lang, name) for lang in LANGS for name, md in outputs(lang).items() if "ZZMARK" not in md]
    assert missing == [("en", name) for name in NUMBERS_ONLY_IN_ENGLISH]


@pytest.mark.parametrize(("name", "h"), CASES, ids=IDS)
def test_chapter_markdown_shows_hostile_text_as_text(monkeypatch, real, benign, name, h):
    """Every Markdown output of every chapter, in both languages, with ``h`` in every text field of the data, has
    exactly the elements and attributes (table rows and cells included) it has with plain text there, the same
    line count, and none of the markers of raw markup beyond those of plain text; the hostile text is shown."""
    pages, shapes = benign
    _inject(monkeypatch, real, h)
    shown = 0
    for lang in LANGS:
        for key, md in outputs(lang).items():
            plain = pages[lang][key]
            assert md.count("\n") == plain.count("\n"), (lang, key, md)
            for marker in MARKDOWN_MARKERS:
                assert _outside_code(md).count(marker) == _outside_code(plain).count(marker), (lang, key, marker)
            html = render(md + "\n")
            shape = Shape(html)
            assert shape.shape == shapes[lang][key], (lang, key, md)
            assert not [link for link in shape.links if "javascript:" in link.lower()], (lang, key)
            shown += visible(h).strip() in Parts(html).joined
    assert shown > 0, "the hostile text is shown as text somewhere"
