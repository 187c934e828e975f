"""materials-book preview: an executed notebook becomes an offline page whose charts draw and whose CSV links
resolve, without touching the book. The notebook is a rerun of the small book's chart chapter (tests/fixtures/), made
by today's renderer; the styles and scripts are the book's own; no built book is needed."""

import re

import nbformat
import pytest

import chromium
from materials_book import paths
from materials_book.publish import bundle, notebooks, params, preview

pytestmark = pytest.mark.slow

STATIC, CACHE = paths.STATIC, paths.CACHE  # the book's, read before a test makes the small book current


def test_preview_draws_its_charts_offline(bare_browser, small_book, tmp_path, repoint):
    repoint(static=STATIC, cache=CACHE, previews=tmp_path / "preview", bundle=tmp_path / "vega-bundle.js")
    bundle.write_bundle()  # kept in the book's .cache by vl-convert's version, as `make book` keeps it
    before = sorted(p.name for p in STATIC.rglob("*"))
    rerun = tmp_path / "03_stocks.lang=en.ipynb"
    notebooks.execute(paths.CHAPTERS / "03_stocks.ipynb", rerun, params.check("03_stocks", lang="en"), inject=True)
    page_path = preview.write(rerun)
    assert sorted(p.name for p in STATIC.rglob("*")) == before
    assert page_path.is_relative_to(tmp_path / "preview")
    html = page_path.read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"#]+\.csv)"', html)
    assert hrefs
    for href in hrefs:
        assert (page_path.parent / href).resolve().exists(), href
    page = bare_browser.new_page()
    outside = []
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith("file:") else (outside.append(r.request.url), r.abort()),
    )
    page.goto(page_path.as_uri(), wait_until="load")
    chromium.wait_for_charts(page)
    assert page.locator("figure.mb-chart").count() == 1 and outside == []
    page.close()


def test_printed_text_and_plain_values_are_shown_escaped():
    """A cell's ``print()`` output (a stream, with no data bundle) and a value with only a plain form reach the
    preview as preformatted text, escaped; stderr does not."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print('<b>1</b>'); 2")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="<b>1</b>\n"),
        nbformat.v4.new_output("stream", name="stderr", text="warning\n"),
        nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=1),
    ]
    nb.cells = [cell]
    parts, _ = preview._cells(nb, "en")
    assert parts == ["<pre>&lt;b&gt;1&lt;/b&gt;\n</pre>", "<pre>2</pre>"]
