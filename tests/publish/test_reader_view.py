"""What a reader sees, in headless Chromium: every page of both editions at desktop width and the chapter pages at
phone width, in the theme's light and dark modes, opened offline from the build, with its charts (static as the page
arrives, then live), words and accessibility checked in one visit; the chapter pages with scripts off; the static
and the live drawing of each chart agreeing; and one colour and shape per thing across the charts of both editions."""

import json
from pathlib import Path

import pytest

import chromium
from chromium import make_live, visit, wait_for_charts
from materials_book import paths
from materials_book.chapters import style as chart_style
from materials_book.chapters.style import legend_keys

pytestmark = pytest.mark.slow
HERE = Path(__file__).parent
AXE = HERE.parent / "vendor" / "axe-core-4.14.1.min.js"
WIDTHS = {"desktop": 1400, "phone": 390}
CHAPTER_PAGES = sorted(p.relative_to(paths.HTML) for p in (paths.HTML / "chapters").glob("*.html")) + sorted(
    p.relative_to(paths.HTML) for p in (paths.HTML / "en" / "chapters").glob("*.html")
)


def open_page(browser, rel: Path, width: int):
    page, _, _ = visit(browser, paths.HTML / rel, width=width)
    wait_for_charts(page)
    make_live(page)
    return page


def reader_problems(page) -> dict:
    return page.evaluate((HERE / "reader_view.js").read_text(encoding="utf-8"))


def test_there_are_chapter_pages_in_both_editions():
    assert len(CHAPTER_PAGES) == 12, "build the book first: make book"


# Every page at desktop width, the chapter pages at phone width too, each in both modes: one visit each, every check
# of that view.
DESKTOP = [p.relative_to(paths.HTML) for p in chromium.expected_pages()]
# and at phone width the materials index and two profiles with charts (the other profiles share their layout)
PROFILES_AT_PHONE = [
    Path(f"{e}generated/{page}.html")
    for e in ("", "en/")
    for page in ("materials", "material_rare_earths", "material_lithium")
]
VIEWS = [
    (rel, width, mode)
    for mode in ("light", "dark")
    for rel, width in [(rel, "desktop") for rel in DESKTOP]
    + [(rel, "phone") for rel in CHAPTER_PAGES + PROFILES_AT_PHONE]
]
AXE_JS = """async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']},
                                        resultTypes: ['violations']})).violations
    .filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => ({id: v.id, n: v.nodes.length, where: v.nodes[0].target.join(' ')}))"""
CHART_TEXTS_JS = "() => [...document.querySelectorAll('figure.mb-chart svg text')].map(t => t.textContent)"
CJK = "[\u3400-\u9fff\uff08\uff09\uff0c\u3002]"
ENGLISH_TEXTS = """() => {
  const shown = (el) => { const c = el.cloneNode(true); c.querySelectorAll('[lang=zh], code').forEach(x => x.remove());
                          return c.innerText; };
  return {
    narrative: [...document.querySelectorAll('article p, article h1, article h2, article h3, article li')]
      .filter(el => !el.closest('figure, table, pre, code, [lang=zh], .mb-lang-switch, .citation-list, .citation'))
      .map(shown),
    captions: [...document.querySelectorAll('figure.mb-chart figcaption')].map(shown),
    charts: [...document.querySelectorAll('figure.mb-chart svg text')].map(t => t.textContent),
    alt: [...document.querySelectorAll('figure.mb-chart [role=img]')].map(el => el.getAttribute('aria-label')),
  };
}"""


@pytest.mark.parametrize(("rel", "width", "mode"), VIEWS, ids=[f"{rel}-{width}-{mode}" for rel, width, mode in VIEWS])
def test_what_a_reader_sees(browser, rel, width, mode):
    """One page at one width in one mode, as a reader opens it from disk:
    - nothing is requested from outside the build and the console shows no error;
    - every chart is drawn as the page arrives and again once live (reader_view.js on both: marks with a size, no
      text outside its chart, cut short or on top of other text, charts that fit their column, no sideways
      scrolling) and keeps, on its element of role img, the alt text the page was built with; controls (the
      scenario's sliders) stand outside the image, where assistive technology reaches them;
    - the charts of the Chinese edition have no English interface words (an English word in lower case, such as
      stated or hover, is an interface word left untranslated; names such as Stella Chemifa, TIS, KrF are
      capitalised);
    - on English pages, Chinese appears only in quotes and names marked lang="zh", in tables (the data table under
      each chart keeps the documents' own writing) and code; chart texts (SVG cannot mark a language) and alt texts
      hold none, captions only marked;
    - at desktop width, no serious or critical accessibility violation (axe-core, WCAG 2 A/AA), in both modes."""
    import html
    import re

    page, outside, errors = visit(browser, paths.HTML / rel, width=WIDTHS[width], dark=mode == "dark")
    try:
        built = [
            html.unescape(a)
            for a in re.findall(
                r'class="mb-vega" role="img" aria-label="([^"]*)"', (paths.HTML / rel).read_text(encoding="utf-8")
            )
        ]
        wait_for_charts(page)
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        if rel in CHAPTER_PAGES:
            found = reader_problems(page)
            assert found["charts"] == len(built) > 0
            assert found["problems"] == [], "static: " + "\n".join(found["problems"])
        if built:
            make_live(page)
        if rel in CHAPTER_PAGES:
            found = reader_problems(page)
            assert found["problems"] == [], "live: " + "\n".join(found["problems"])
        charts = page.locator("figure.mb-chart .mb-vega")
        for i, alt_text in enumerate(built):
            assert alt_text and charts.nth(i).get_attribute("role") == "img", f"chart {i}"
            assert charts.nth(i).get_attribute("aria-label") == alt_text, f"chart {i}: alt text lost in drawing"
        assert page.locator("[role=img] input, [role=img] select, [role=img] button").count() == 0
        if rel.parts[0] != "en":
            english = [t for t in page.evaluate(CHART_TEXTS_JS) if re.search(r"(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])", t)]
            assert english == [], f"English words in the Chinese charts: {english[:5]}"
        elif width == "desktop":
            chinese = {
                where: [t for t in texts if re.search(CJK, t or "")]
                for where, texts in page.evaluate(ENGLISH_TEXTS).items()
            }
            assert not any(chinese.values()), "unmarked Chinese: " + "; ".join(
                f"{where}: {texts[:3]}" for where, texts in chinese.items() if texts
            )
        if width == "desktop" and rel.name != "index.html":  # an index only redirects to the first page
            page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
            violations = page.evaluate(AXE_JS)
            assert violations == [], json.dumps(violations, ensure_ascii=False)
        page.wait_for_timeout(100)  # a late request or error of the charts' scripts
        assert outside == [], f"requests leaving the build folder: {outside}"
        assert errors == [], f"console errors: {errors}"
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

    keys = legend_keys(lang)
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

    zh, en = drawn_styles(browser, "zh"), drawn_styles(browser, "en")
    # the things this book draws in colour or shape, in both editions
    for chart, key in [
        ("chart-roadmap-demand", "lithium"),
        ("chart-roadmap-demand", "copper"),
        ("chart-roadmap-demand", "aluminium"),
        ("chart-roadmap-demand", "stated"),
        ("chart-roadmap-demand", "projection"),
        ("chart-monitor-prices", "stated"),
        ("chart-monitor-prices", "projection"),
        ("chart-status-dominance", "more_than"),
        ("chart-roadmap-recycling", "more_than"),
        ("chart-roadmap-shares", "world_output_share"),
    ]:
        assert (chart, key) in zh and (chart, key) in en, f"{key} not drawn with a legend or label in {chart}"
    assert zh.keys() == en.keys()
    shapes: dict = {}
    for where, style in zh.items():
        assert en[where] == style, f"{where}: {style} in Chinese, {en[where]} in English"
        chart, key = where
        if "color" in style:
            want = chart_style.COLORS[key]
            assert style["color"] == want, f"{where}: {style['color']}, not {want}"
        if "shape" in style:
            assert shapes.setdefault(key, style["shape"]) == style["shape"], f"{key} has two shapes"
    # keys with the same shape in the table are drawn alike, keys with different shapes differently
    by_shape = {chart_style.SHAPES[k]: d for k, d in shapes.items()}
    assert len(set(by_shape.values())) == len(by_shape), "two shapes of the table drawn alike"
    assert all(by_shape[chart_style.SHAPES[k]] == d for k, d in shapes.items()), "one shape of the table drawn two ways"
