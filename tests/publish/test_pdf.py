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


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_contents_give_the_page_each_part_starts_on(lang):
    """The contents list every part with the page its heading is on (read back from the PDF's outline), and that
    page begins with the part's title."""
    from pypdf import PdfReader

    reader = PdfReader(pdf.pdf_path(lang))
    starts = pdf.start_pages(pdf.pdf_path(lang), len(pdf.edition_pages(lang)))
    import unicodedata

    contents = unicodedata.normalize("NFKC", reader.pages[0].extract_text() + " " + reader.pages[1].extract_text())
    contents = re.sub(r"\s+", " ", contents)
    numbers = [int(n) for n in re.findall(r" (\d+)(?= |$)", contents.split(pdf.TITLES[lang][0], 1)[1])]
    assert numbers[: len(starts)] == starts, (numbers, starts)
    assert starts == sorted(starts) and starts[0] > 1
    titles = [item.title for item in reader.outline if not isinstance(item, list)][1:]

    def bare(text: str) -> str:  # extraction breaks lines and uses CJK compatibility forms (⽬ for 目)
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("’", "'")

    for n, title in zip(starts, titles):
        assert bare(reader.pages[n - 1].extract_text()).startswith(bare(title)[:12]), (n, title)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_nothing_is_clipped_and_no_control_is_printed(lang):
    """The recycling chart's label "more than 70%" (cut to "more than 7" when the live chart was printed) is whole;
    the what-if's sliders are not printed."""
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(pdf.pdf_path(lang)).pages).replace("\xa0", " ")
    assert ("70%以上" if lang == "zh" else "more than 70%") in text
    assert "mb-controls" not in text


def test_a_page_links_the_pdf_only_once_it_exists(tmp_path, repoint):
    """Before `make pdf` the pages do not link a PDF that is not there."""
    from materials_book.publish import sphinx_ext

    repoint(html=tmp_path)

    class App:
        class config:
            materials_book_lang = "en"

    for present in (False, True):
        if present:
            (tmp_path / "en" / "pdf").mkdir(parents=True)
            (tmp_path / "en" / "pdf" / "book-en.pdf").write_bytes(b"%PDF-")
        context = {"body": "<p>text</p>", "title": "T", "docstitle": "B"}
        sphinx_ext._page(App, "intro", "page.html", context, None)
        assert ("pdf/book-en.pdf" in context["body"]) is present


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bookmarks_carry_the_headings_own_text(lang):
    from pypdf import PdfReader

    titles = [item.title for item in pdf._entries(PdfReader(pdf.pdf_path(lang)).outline)]
    assert len(titles) > 2 * len(pdf.edition_pages(lang))
    doubled = [t for t in titles if len(t) > 3 and t[: len(t) // 2] == t[len(t) // 2 :]]
    assert not doubled and ("Materials" in titles if lang == "en" else "材料" in titles), titles[:12]
