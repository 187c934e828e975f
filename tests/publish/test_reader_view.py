"""What a reader sees, in headless Chromium, for every chart of both editions at desktop and phone width: data
marks with a size, no text outside its chart, cut short or on top of other text, charts that fit their column,
pages that do not scroll sideways; and no serious or critical accessibility violation (axe-core, WCAG 2 A/AA)."""
import json
from pathlib import Path

import pytest

from chromium import visit, wait_for_charts
from materials_book import paths

pytestmark = pytest.mark.slow
HERE = Path(__file__).parent
AXE = HERE.parent / "vendor" / "axe-core-4.14.1.min.js"
WIDTHS = {"desktop": 1400, "phone": 390}
CHAPTER_PAGES = sorted(p.relative_to(paths.HTML) for p in (paths.HTML / "chapters").glob("*.html")) + sorted(
    p.relative_to(paths.HTML) for p in (paths.HTML / "en" / "chapters").glob("*.html"))


def open_page(browser, rel: Path, width: int):
    page, _, _ = visit(browser, paths.HTML / rel, width=width)
    wait_for_charts(page)
    return page


def reader_problems(page) -> dict:
    return page.evaluate((HERE / "reader_view.js").read_text(encoding="utf-8"))


def test_there_are_chapter_pages_in_both_editions():
    assert len(CHAPTER_PAGES) == 12, "build the book first: make book"


ALL_PAGES = sorted(p.relative_to(paths.HTML) for p in paths.HTML.rglob("*.html")
                   if not {"_static", "_sources"} & set(p.parts) and p.name != "index.html")
# Every page at desktop width, and the chapter pages at phone width: one visit each, every check of that view.
VIEWS = [(rel, "desktop") for rel in ALL_PAGES] + [(rel, "phone") for rel in CHAPTER_PAGES]
AXE_JS = """async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})).violations
    .filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => ({id: v.id, n: v.nodes.length, where: v.nodes[0].target.join(' ')}))"""
CHART_TEXTS_JS = "() => [...document.querySelectorAll('figure.mb-chart svg text')].map(t => t.textContent)"


@pytest.mark.parametrize("rel, width", VIEWS, ids=[f"{rel}-{width}" for rel, width in VIEWS])
def test_what_a_reader_sees(browser, rel, width):
    """On a chapter page, every chart draws as a reader expects it (reader_view.js), and the charts of the Chinese
    edition have no English interface words: an English word in lower case (stated, projection, hover) is an
    interface word left untranslated, while names and abbreviations (Stella Chemifa, TIS, KrF) are capitalised. At
    desktop width, no page has a serious or critical accessibility violation."""
    import re

    page = open_page(browser, rel, WIDTHS[width])
    try:
        if rel in CHAPTER_PAGES:
            found = reader_problems(page)
            assert found["charts"] > 0
            assert found["problems"] == [], "\n".join(found["problems"])
            if rel.parts[0] != "en":
                english = [t for t in page.evaluate(CHART_TEXTS_JS)
                           if re.search(r"(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])", t)]
                assert english == [], f"English words in the Chinese charts: {english[:5]}"
        if width == "desktop":
            page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
            violations = page.evaluate(AXE_JS)
            assert violations == [], json.dumps(violations, ensure_ascii=False)
    finally:
        page.context.close()


# One colour and one shape per thing: every legend entry and every directly labelled mark (such as the names at the
# ends of the roadmap's demand paths) is read back from the drawn SVG in both editions and mapped to its key through
# the names the glossary and labels give it in that edition.
STYLES_JS = """() => [...document.querySelectorAll('figure.mb-chart')].map(fig => ({
  id: fig.id,
  legends: [...fig.querySelectorAll('g.role-legend')].map(legend => ({
    kind: /shape/.test(legend.getAttribute('aria-label') || '') ? 'shape' : 'color',
    entries: [...legend.querySelectorAll('g.role-legend-entry g.role-scope > g')].map(g => {
      const p = g.querySelector('g.role-legend-symbol path'), t = g.querySelector('g.role-legend-label text');
      return p && t ? {label: t.textContent, fill: p.getAttribute('fill'), d: p.getAttribute('d')} : null;
    }).filter(Boolean)})),
  labels: [...fig.querySelectorAll('svg g.role-mark.mark-text text')]
    .map(t => ({label: t.textContent, fill: (t.getAttribute('fill') || '').toLowerCase()}))
}))"""


def drawn_styles(browser, lang: str) -> dict:
    """(chart id, style key) -> {"color": fill} or {"shape": path}, from every chapter page of ``lang``."""
    from materials_book.chapters import frames

    keys = frames.legend_keys(lang)
    folder = paths.HTML / ("chapters" if lang == "zh" else "en/chapters")
    found: dict = {}
    for page_path in sorted(folder.glob("*.html")):
        page = open_page(browser, page_path.relative_to(paths.HTML), WIDTHS["desktop"])
        for chart in page.evaluate(STYLES_JS):
            for legend in chart["legends"]:
                for e in legend["entries"]:
                    if e["label"] in keys:
                        style = e["fill"].lower() if legend["kind"] == "color" else e["d"]
                        found.setdefault((chart["id"], keys[e["label"]]), {})[legend["kind"]] = style
            for t in chart["labels"]:
                if t["label"] in keys and t["fill"] not in ("", "#000", "#000000", "#222", "#222222", "#333", "white"):
                    found.setdefault((chart["id"], keys[t["label"]]), {})["color"] = t["fill"]
        page.context.close()
    return found


def test_one_colour_and_shape_per_thing_in_both_editions(browser):
    from materials_book.chapters import frames

    zh, en = drawn_styles(browser, "zh"), drawn_styles(browser, "en")
    # the things this book draws in colour or shape, in both editions
    for chart, key in [("chart-roadmap-demand", "lithium"), ("chart-roadmap-demand", "copper"),
                       ("chart-roadmap-demand", "aluminium"), ("chart-roadmap-demand", "stated"),
                       ("chart-roadmap-demand", "projection"), ("chart-monitor-prices", "stated"),
                       ("chart-monitor-prices", "projection"), ("chart-status-dominance", "more_than"),
                       ("chart-roadmap-recycling", "more_than"), ("chart-roadmap-shares", "world_output_share")]:
        assert (chart, key) in zh and (chart, key) in en, f"{key} not drawn with a legend or label in {chart}"
    assert zh.keys() == en.keys()
    shapes: dict = {}
    for where, style in zh.items():
        assert en[where] == style, f"{where}: {style} in Chinese, {en[where]} in English"
        chart, key = where
        if "color" in style:
            assert style["color"] == frames.COLORS[key], f"{where}: {style['color']}, not {frames.COLORS[key]}"
        if "shape" in style:
            assert shapes.setdefault(key, style["shape"]) == style["shape"], f"{key} has two shapes"
    # keys with the same shape in the table are drawn alike, keys with different shapes differently
    by_shape = {frames.SHAPES[k]: d for k, d in shapes.items()}
    assert len(set(by_shape.values())) == len(by_shape), "two shapes of the table drawn alike"
    assert all(by_shape[frames.SHAPES[k]] == d for k, d in shapes.items()), "one shape of the table drawn two ways"
