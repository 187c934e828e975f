"""The built site in a real headless Chromium: no request leaves the build folder, no console error, charts draw.

The pages are those the tables of contents name (not whatever lies in _build), so a missing build fails.
"""

import re
from pathlib import Path

import pytest

import chromium
from chromium import visit
from materials_book import paths

pytestmark = pytest.mark.slow


PAGES = chromium.expected_pages()


def test_chapter_has_its_charts(browser):
    page, _, _ = visit(browser, paths.HTML / "chapters" / "01_status.html")
    assert page.locator("figure.mb-chart").count() >= 2
    assert page.locator("figcaption.mb-source").first.inner_text().startswith("来源：")
    page.context.close()


@pytest.mark.parametrize("page_path", PAGES, ids=[str(p.relative_to(paths.HTML)) for p in PAGES])
def test_internal_links_resolve(page_path):

    assert page_path.exists(), f"{page_path} not built: run `make book`"
    from urllib.parse import unquote

    html = page_path.read_text(encoding="utf-8")
    broken = []
    for href, fragment in re.findall(r'href="([^"#?]+)(?:\?[^"#]*)?(?:#([^"]*))?"', html):
        if re.match(r"^[a-z]+:", href):
            continue
        target = (page_path.parent / unquote(href)).resolve()
        if not target.exists():
            broken.append(href)
        elif (
            fragment
            and target.suffix == ".html"
            and f'id="{unquote(fragment)}"' not in target.read_text(encoding="utf-8")
        ):
            broken.append(f"{href}#{fragment}")
    assert broken == [], f"links to missing files or anchors: {broken}"


def test_data_appendix_offers_downloads():
    html = (paths.HTML / "generated" / "appendix_data.html").read_text(encoding="utf-8")
    for name in ("localization", "glossary"):
        for ext in ("csv", "parquet", "meta.json"):
            assert f'_static/downloads/{name}.{ext}"' in html


def test_language_switch_links_the_same_page():
    for page in PAGES:
        rel = page.relative_to(paths.HTML)
        if rel.name in ("index.html", "genindex.html", "search.html") or "_sources" in rel.parts:
            continue
        html = page.read_text(encoding="utf-8")
        other = rel.relative_to("en") if rel.parts[0] == "en" else Path("en") / rel
        assert 'class="mb-lang-switch"' in html, rel
        assert (paths.HTML / other).exists(), f"{rel} has no counterpart {other}"


# Chinese pages are indexed by word (jieba) and by single character, so a chapter is found by a word of its text
# or by one character such as 锂; names drawn only inside charts are found through each chart's data table.
SEARCHES = [
    ("search.html", "光刻胶", "国产化替代现状"),
    ("search.html", "氟化氢", "供应链监测"),
    ("search.html", "锂", "关键矿产与材料路线图"),
    ("search.html", "钴", "关键矿产与材料路线图"),
    ("search.html", "镍", "关键矿产与材料路线图"),
    ("search.html", "铜", "关键矿产与材料路线图"),
    ("en/search.html", "cobalt", "Critical minerals and materials roadmap"),
    ("en/search.html", "lithium", "Critical minerals and materials roadmap"),
]


@pytest.mark.parametrize(("rel", "query", "chapter"), SEARCHES)
def test_search_works_offline(browser, rel, query, chapter):
    page, outside, errors = visit(browser, paths.HTML / rel)
    page.goto((paths.HTML / rel).resolve().as_uri() + f"?q={query}", wait_until="load")
    # results are shown one by one; the status line gets its count once the last is in
    page.wait_for_function(
        "() => /\\d/.test(document.querySelector('#search-results .search-summary')?.innerText || '')", timeout=15000
    )
    assert chapter in page.locator("#search-results li a").all_inner_texts()
    assert outside == [] and errors == []
    page.context.close()


def test_search_from_a_chapter_page_without_loading_the_index(browser):
    """Only search.html loads the search index; the search field of every other page leads there."""
    page, outside, errors = visit(browser, paths.HTML / "chapters" / "01_status.html")
    assert "searchindex.js" not in page.content()
    page.keyboard.press("Control+k")
    page.keyboard.type("锂")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0", timeout=15000)
    assert page.url.split("?")[0].endswith("/search.html") and outside == [] and errors == []
    page.context.close()


CHAPTER_NAMES = sorted(p.stem for p in paths.CHAPTERS.glob("*.ipynb"))


@pytest.mark.parametrize("chapter", CHAPTER_NAMES)
def test_chart_anchors_are_stable_and_equal_in_both_editions(chapter):

    zh = (paths.HTML / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
    en = (paths.HTML / "en" / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
    anchors = re.findall(r'<figure class="mb-chart" id="(chart-[a-z0-9-]+)"', zh)
    assert anchors and anchors == re.findall(r'<figure class="mb-chart" id="(chart-[a-z0-9-]+)"', en)
    assert len(set(anchors)) == len(anchors)
    for anchor in anchors:
        assert f'class="mb-anchor" href="#{anchor}"' in zh and f'class="mb-anchor" href="#{anchor}"' in en


def test_every_chart_has_its_numbers_as_a_table(browser):
    page, _, _ = visit(browser, paths.HTML / "en" / "chapters" / "04_minerals_roadmap.html")
    tables = page.locator("figure.mb-chart details.mb-table")
    assert tables.count() == page.locator("figure.mb-chart").count()
    tables.first.locator("summary").click()
    assert "lithium" in tables.first.locator("table").inner_text()
    page.context.close()


def test_the_language_switch_keeps_the_chart_anchor(browser):
    page, _, _ = visit(browser, paths.HTML / "chapters" / "04_minerals_roadmap.html")
    page.goto(page.url + "#chart-roadmap-scenario")
    page.locator(".mb-lang-switch a[hreflang]").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/en/chapters/04_minerals_roadmap.html#chart-roadmap-scenario")
    page.context.close()


@pytest.mark.parametrize(
    ("rel", "show"),
    [("chapters/04_minerals_roadmap.html", "显示代码"), ("en/chapters/04_minerals_roadmap.html", "Show code")],
)
def test_the_code_behind_each_chart_is_one_click_away(browser, rel, show):
    """Cells that compute or draw are behind a toggle in the page's language; a click shows the method: the step that
    computes (the scenario split, with its formula in a comment) and the call that drew the chart. The first toggle
    holds the imports by their full names and the parameters bound once."""
    page, _, _ = visit(browser, paths.HTML / rel)
    toggles = page.locator("div.tag_hide-input details")
    assert toggles.count() >= 8
    code = page.locator("#chart-roadmap-scenario").locator("xpath=ancestor::div[contains(@class,'cell')]")
    details = code.locator("details").first
    assert details.locator("summary").inner_text().strip().startswith(show)
    assert not details.locator("pre").is_visible()
    details.locator("summary").click()
    assert details.locator("pre").is_visible()
    shown = details.locator("pre").inner_text()
    assert "split = minerals_roadmap.scenario(" in shown and "recycling_share=recycling_share_2035 / 100" in shown
    assert "minerals_roadmap.scenario_chart(" in shown and "demand_scale=demand_scale" in shown
    first = toggles.first
    first.locator("summary").click()
    imports = first.locator("pre").inner_text()
    assert "from materials_book.chapters import frames, minerals_roadmap" in imports
    assert 'lang, minerals = P["lang"], P["minerals"]' in imports
    page.context.close()


@pytest.mark.parametrize("edition", ["", "en/"])
def test_chapter_pages_link_their_notebook_as_committed(edition):
    """Each chapter page links the executed notebook of its edition; the file is the committed one, byte for byte."""
    for page in sorted((paths.HTML / edition / "chapters").glob("*.html")):
        assert f'href="../notebooks/{page.stem}.ipynb"' in page.read_text(encoding="utf-8")
        committed = (paths.EN_CHAPTERS if edition else paths.CHAPTERS) / f"{page.stem}.ipynb"
        assert (paths.HTML / edition / "notebooks" / committed.name).read_bytes() == committed.read_bytes()


@pytest.mark.parametrize("page", ["en/chapters/04_minerals_roadmap.html", "en/generated/appendix_data.html"])
def test_english_text_is_set_in_the_vendored_font_and_chinese_in_the_chinese_stack(browser, page):
    """Not the machine's fallback: text, headings, captions and menus draw with MB-Noto-Sans-Text, which loads from
    the build; text marked as Chinese keeps the Chinese stack."""
    tab, outside, _ = visit(browser, paths.HTML / page, width=1400)
    found = tab.evaluate(
        """() => {
          const used = {};
          for (const sel of ['main p', 'h1', 'h2', 'nav.bd-links a', 'figcaption', 'em', 'main li']) {
            const el = document.querySelector(sel);
            if (el) used[sel] = getComputedStyle(el).fontFamily.split(',')[0].trim().replace(/"/g, '');
          }
          const zh = document.querySelector('main [lang="zh"]');
          return {used, zh: zh && getComputedStyle(zh).fontFamily.split(',')[0].replace(/"/g, ''),
                  loaded: [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)};
        }"""
    )
    tab.context.close()
    assert outside == []
    assert found["used"] and set(found["used"].values()) == {"MB-Noto-Sans-Text"}, found["used"]
    assert "MB-Noto-Sans-Text" in found["loaded"]
    assert found["zh"] in (None, "Noto Sans CJK SC")
