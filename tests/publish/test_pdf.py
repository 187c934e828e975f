"""make pdf: one PDF per edition, every page of the table of contents in it, page numbers, an outline, and a link
to it from every page of the site."""
import re

import pytest

from materials_book import paths
from materials_book.publish import pdf

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_edition_has_its_pdf(lang):
    path = pdf.pdf_path(lang)
    assert path.exists(), f"{path} missing: run `make pdf`"
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 3 * len(pdf.edition_pages(lang))
    assert b"/Outlines" in data, "no PDF outline (bookmarks)"


@pytest.mark.parametrize("rel", ["chapters/01_status.html", "en/chapters/01_status.html", "en/intro.html"])
def test_pages_link_their_editions_pdf(rel):
    html = (paths.HTML / rel).read_text(encoding="utf-8")
    lang = "en" if rel.startswith("en/") else "zh"
    assert re.search(rf'href="(\.\./)*pdf/book-{lang}\.pdf"', html), rel
