"""What a reader sees, in headless Chromium, for every chart of both editions at desktop and phone width: data
marks with a size, no text outside its chart, cut short or on top of other text, charts that fit their column,
pages that do not scroll sideways; and no serious or critical accessibility violation (axe-core, WCAG 2 A/AA)."""
import json
from pathlib import Path

import pytest

from chromium import visit
from materials_book import paths

pytestmark = pytest.mark.slow
HERE = Path(__file__).parent
AXE = HERE.parent / "vendor" / "axe-core-4.14.1.min.js"
WIDTHS = {"desktop": 1400, "phone": 390}
CHAPTER_PAGES = sorted(p.relative_to(paths.HTML) for p in (paths.HTML / "chapters").glob("*.html")) + sorted(
    p.relative_to(paths.HTML) for p in (paths.HTML / "en" / "chapters").glob("*.html"))


def open_page(browser, rel: Path, width: int):
    page, _, _ = visit(browser, paths.HTML / rel, width=width)
    page.wait_for_function("() => [...document.querySelectorAll('figure.mb-chart .mb-vega')]"
                           ".every(el => el.querySelector('svg'))", timeout=15000)
    return page


def reader_problems(page) -> dict:
    return page.evaluate((HERE / "reader_view.js").read_text(encoding="utf-8"))


def test_there_are_chapter_pages_in_both_editions():
    assert len(CHAPTER_PAGES) == 12, "build the book first: make book"


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("rel", CHAPTER_PAGES, ids=[str(p) for p in CHAPTER_PAGES])
def test_charts_draw_as_a_reader_sees_them(browser, rel, width):
    page = open_page(browser, rel, width)
    found = reader_problems(page)
    page.context.close()
    assert found["charts"] > 0
    assert found["problems"] == [], "\n".join(found["problems"])


ALL_PAGES = sorted(p.relative_to(paths.HTML) for p in paths.HTML.rglob("*.html")
                   if not {"_static", "_sources"} & set(p.parts) and p.name != "index.html")


@pytest.mark.parametrize("rel", ALL_PAGES, ids=[str(p) for p in ALL_PAGES])
def test_no_serious_accessibility_violations(browser, rel):
    page, _, _ = visit(browser, paths.HTML / rel, width=WIDTHS["desktop"])
    page.wait_for_function("() => [...document.querySelectorAll('figure.mb-chart .mb-vega')]"
                           ".every(el => el.querySelector('svg'))", timeout=15000)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa']}})).violations
        .filter(v => ['serious', 'critical'].includes(v.impact))
        .map(v => ({id: v.id, n: v.nodes.length, where: v.nodes[0].target.join(' ')}))""")
    page.context.close()
    assert result == [], json.dumps(result, ensure_ascii=False)
