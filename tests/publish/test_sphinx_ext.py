"""Every page: language switch, PDF link, last-updated date from git (deterministic); chapter pages: a how-to-cite
block with plain text and BibTeX that parses, the page's address and the version."""

import html
import re
import subprocess

import pytest

from materials_book import paths
from materials_book.publish import sphinx_ext


def test_cite_block_has_valid_bibtex_with_address_and_version():
    from pybtex.database import parse_string

    block = sphinx_ext.cite_block("chapters/01_status", "Status of localization", "The book", "en")
    bib = re.search(r"<pre><code>(.*?)</code></pre>", block, re.S).group(1)
    entries = parse_string(html.unescape(bib), "bibtex").entries
    entry = entries["materials_book_01_status_en"]
    assert entry.fields["title"] == "Status of localization"
    assert "en/chapters/01_status.html" in entry.fields["note"]
    assert sphinx_ext.citation()["version"] in entry.fields["howpublished"]
    assert "CC BY 4.0" in block and "MIT" in block


def test_last_updated_is_the_date_of_the_last_commit_touching_the_page_or_data():
    expected = subprocess.run(
        ["git", "log", "-1", "--format=%cs", "--", "chapters/01_status.ipynb", "data"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert sphinx_ext.last_updated("chapters/01_status", "zh") == expected
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", expected)


@pytest.mark.slow
@pytest.mark.parametrize("rel", ["chapters/01_status.html", "en/chapters/04_minerals_roadmap.html"])
def test_built_pages_show_date_and_citation(rel):
    page = (paths.HTML / rel).read_text(encoding="utf-8")
    lang = "en" if rel.startswith("en/") else "zh"
    date = sphinx_ext.last_updated(rel.removeprefix("en/").removesuffix(".html"), lang)
    assert f"{date}</p>" in page and 'class="mb-cite"' in page


@pytest.mark.slow
def test_only_chart_pages_load_the_chart_scripts_deferred_first_and_only_search_loads_the_index():
    """Chart pages load charts.js deferred, before any other deferred script, and never the 900 KB vega bundle as a
    tag (charts.js loads it when a chart is used or seen: the charts arrive drawn); other pages load neither."""
    import chromium

    for page_path in chromium.expected_pages():
        text = page_path.read_text(encoding="utf-8")
        tags = re.findall(r"<script\b[^>]*>", text)
        deferred = [t for t in tags if re.search(r"\bdefer\b", t)]
        assert not [t for t in tags if "_static/vega-bundle.js" in t], page_path
        found = [t for t in tags if "_static/charts.js" in t]
        if 'class="mb-chart"' in text:
            assert len(found) == 1 and deferred[0] == found[0], (page_path, deferred[:3])
        else:
            assert found == [], (page_path, found)
        assert any("searchindex.js" in t for t in tags) == (page_path.name == "search.html"), page_path
