"""materials-book preview: an executed notebook becomes an offline page whose charts draw and whose CSV links
resolve, without touching the book."""

import re
import shutil

import pytest

import chromium
from materials_book import paths
from materials_book.publish import preview

pytestmark = pytest.mark.slow


def test_preview_draws_its_charts_offline(browser, tmp_path, repoint):
    repoint(previews=tmp_path)
    before = sorted(p.name for p in paths.STATIC.rglob("*"))
    page_path = preview.write(paths.EN_CHAPTERS / "04_minerals_roadmap.ipynb")
    assert sorted(p.name for p in paths.STATIC.rglob("*")) == before
    html = page_path.read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"#]+\.csv)"', html):
        assert (page_path.parent / href).resolve().exists(), href
    page = browser.new_page()
    outside = []
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith("file:") else (outside.append(r.request.url), r.abort()),
    )
    page.goto(page_path.as_uri(), wait_until="load")
    chromium.wait_for_charts(page)
    assert page.locator("figure.mb-chart").count() >= 5 and outside == []
    page.close()
    shutil.rmtree(tmp_path / page_path.stem)
