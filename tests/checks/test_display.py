"""The display-fidelity check: every number on the built pages reads back to its row, and each class of display
fault is caught on a page that has it."""

import functools

import pytest

from materials_book import paths
from materials_book.checks import display


@functools.lru_cache(maxsize=1)
def checker() -> display.Checker:
    return display.built_checker()


def problems(html: str, lang: str) -> list[str]:
    """The problems of one page holding ``html`` in its article."""
    page = f"<html><body><article>{html}</article></body></html>"
    return [str(p) for p in display.check_pages({"page.html": (page, lang)}, checker(), lambda spec: "<svg/>")]


def table(head: list[str], *rows: list[str]) -> str:
    cells = lambda tag, r: "".join(f"<{tag}>{c}</{tag}>" for c in r)  # noqa: E731
    body = "".join(f"<tr>{cells('td', r)}</tr>" for r in rows)
    return f"<table><thead><tr>{cells('th', head)}</tr></thead><tbody>{body}</tbody></table>"


# Each class of fault, as it once reached the pages, beside the same number shown as the display rule shows it.
BROKEN = {
    "flattened power of ten": ("zh", "<p>原铝产量 3.708×107 t。</p>", "<p>原铝产量 3.708×10⁷ t。</p>"),
    "rounded past the document's 3 digits": (
        "en",
        "<p>Copper demand in 2035: 20 Mt.</p>",
        "<p>Copper demand in 2035: 19.6 Mt.</p>",
    ),
    "qualifier 'about'": ("zh", "<p>四个环节合计 51.8 万亿元。</p>", "<p>四个环节合计约 51.8 万亿元。</p>"),
    "a Chinese number on an English page": (
        "en",
        table(["indicator", "value"], ["number of firms above designated size", "超过 2万 家"]),
        table(["indicator", "value"], ["number of firms above designated size", "more than 20,000 (超过 2万 家)"]),
    ),
    "digits where its inputs allow 2": (
        "en",
        "<p>Mining: about 11.6% of the chain's output value.</p>",
        "<p>Mining: about 12% of the chain's output value.</p>",
    ),
    "no row has this value": ("en", "<p>Copper demand in 2035: 21.6 Mt.</p>", "<p>Copper demand in 2035: 19.6 Mt.</p>"),
    "quote text not found": (
        "zh",
        table(["原句"], ["铜需求量仍呈上升态势，2020—2035年将从 1.3×10⁷ t增加至2×10⁷ t"]),
        table(["原句"], ["铜需求量仍呈上升态势，2020—2035年将从 1.3×10⁷ t增加至1.96×10⁷ t"]),
    ),
}


@pytest.mark.parametrize("reason", BROKEN)
def test_each_broken_class_is_caught_and_its_fix_passes(reason):
    lang, broken, fixed = BROKEN[reason]
    found = problems(broken, lang)
    assert found and all(reason in p for p in found), found
    assert problems(fixed, lang) == []


def test_a_problem_names_page_text_and_row():
    found = problems("<p>Copper demand in 2035: 20 Mt.</p>", "en")
    assert found == [
        "page.html: '20' in 'Copper demand in 2035: 20 Mt.': rounded past the document's 3 digits "
        "(row m003.copper.demand.2035)"
    ], found


@pytest.mark.parametrize(
    "text",
    [
        "<p>2020 年以来，第 3 章，§ 2.1，文献 003，[004]</p>",  # years, sections, document numbers
        "<p>Of the 8 selected items, 7 are below 50%.</p>",  # counts of what the page shows
        "<p>版本 0.2.0，《新材料监测快报》2021.02</p>",  # versions, an issue of the bulletin
        table(["English", "definition"], ["ten thousand tonnes", "1 万吨 = 10,000 t"]),  # a unit's definition
    ],
)
def test_numbers_that_are_not_data_are_accounted_for(text):
    assert problems(text, "en" if "Of the" in text or "English" in text else "zh") == []


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["zh", "en"])
def test_every_number_on_the_built_pages_reads_back_to_its_row(edition):
    pages = {k: v for k, v in display.built_pages(paths.HTML).items() if v[1] == edition}
    assert len(pages) >= 10, "build the book first (make book)"
    check = display.built_checker()
    found = display.check_pages(pages, check, display.svg_renderer())
    print(f"{edition}: {sum(check.read.values())} numbers read on {len(pages)} pages: {dict(check.read)}")
    assert check.read["row"] > 300
    assert not found, "\n".join(map(str, found))
