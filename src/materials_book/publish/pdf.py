"""`make pdf`: one PDF per edition, printed offline by the Debian Chromium from the built pages.

Each page of the table of contents is opened with scripts off, and its article (with the charts drawn at build time) is
put in one document after a cover and a linked table of contents; Chromium prints it with page numbers in the
footer and a PDF outline (bookmarks) from the headings.
"""

from __future__ import annotations

import html
import re
import shutil
import sys

import yaml

from .. import paths
from ..files import write_if_changed
from ..labels import LANGS

TITLES = {"zh": ("目录", "第 ", " 页，共 ", " 页"), "en": ("Contents", "Page ", " of ", "")}
LINKED = ".pdf-links"  # in _build/: which editions have their PDF (make's cue that the pages must link them)
HEADINGS = (
    "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => h.textContent.replace(/\\s+/g, ' ').trim())"
)
DRAWN = "() => [...document.querySelectorAll('figure.mb-chart .mb-vega')].every(el => el.querySelector('svg'))"
ARTICLE = """() => { const a = document.querySelector('article').cloneNode(true);
  a.querySelectorAll('script, details, .mb-controls, .mb-lang-switch, .headerlink, .mb-cite, #jb-print-docs-body')
    .forEach(x => x.remove());
  return [document.title, a.innerHTML]; }"""


def edition_pages(lang: str) -> list[str]:
    """Page names of the ``lang`` edition in table-of-contents order."""
    toc = yaml.safe_load(((paths.ROOT if lang == "zh" else paths.EN) / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


def pdf_path(lang: str):
    return paths.HTML / ("" if lang == "zh" else "en") / "pdf" / f"book-{lang}.pdf"


def _document(lang: str, parts: list[tuple[str, str, str]], book_title: str, numbers: list[int] | None) -> str:
    """The print document; ``numbers``: the page each part starts on (None in the first pass, which keeps their
    place with a number as wide)."""
    heading = TITLES[lang][0]
    toc = "".join(
        f'<li><a href="#p-{i}">{html.escape(title)}</a><span class="mb-pdf-pageno">'
        f"{numbers[i] if numbers else '000'}</span></li>"
        for i, (_, title, _) in enumerate(parts)
    )
    body = "".join(
        f'<section class="mb-pdf-page" id="p-{i}">{article}</section>' for i, (_, _, article) in enumerate(parts)
    )
    styles = "".join(f'<link rel="stylesheet" href="{href}">' for href in _stylesheets(lang))
    return (
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f"<title>{html.escape(book_title)}</title>{styles}<style>"
        ".mb-pdf-page{break-before:page} figure.mb-chart{break-inside:avoid} body{margin:0 1cm}"
        ".mb-pdf-toc li{display:flex;gap:.5em} .mb-pdf-toc li a{flex:1}"
        ".mb-pdf-toc .mb-pdf-pageno{font-variant-numeric:tabular-nums;min-width:3ch;text-align:right}"
        "</style></head><body>"
        f'<h1 class="mb-pdf-cover">{html.escape(book_title)}</h1><h2>{heading}</h2>'
        f'<ol class="mb-pdf-toc">{toc}</ol>{body}'
        "</body></html>"
    )


def _stylesheets(lang: str) -> list[str]:
    root = paths.HTML / ("" if lang == "zh" else "en")
    found = sorted(root.glob("_static/styles/*.css")) + sorted(root.glob("_static/book.css"))
    return [p.relative_to(root).as_posix() for p in found]


def build(lang: str, browser) -> None:
    """Print the ``lang`` edition to its PDF (written through a temporary file)."""
    root = paths.HTML / ("" if lang == "zh" else "en")
    parts, book_title = [], ""
    for name in edition_pages(lang):
        # Scripts off: the charts drawn at build time are printed (the widest that fits the paper), never a live
        # view drawn for the screen, and no dead controls.
        page = browser.new_page(viewport={"width": 900, "height": 1200}, java_script_enabled=False)
        page.goto((root / f"{name}.html").resolve().as_uri(), wait_until="load")
        page.wait_for_function(DRAWN, timeout=30000)
        title, article = page.evaluate(ARTICLE)
        book_title = book_title or title.split(" — ")[-1]
        parts.append((name, title.split(" — ")[0], re.sub(r'\sid="(?=[^"]*")', ' data-id="', article)))
        page.close()
    doc = root / f".book-{lang}.print.html"
    out = pdf_path(lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".pdf.tmp")
    numbers = None
    try:
        for _ in range(3):  # printed again with the page numbers found; the contents keep their length
            doc.write_text(_document(lang, parts, book_title, numbers), encoding="utf-8")
            _print(browser, doc, tmp, lang)
            found = start_pages(tmp, len(parts))
            if found == numbers:
                break
            numbers = found
        else:
            raise RuntimeError(f"{out.name}: the contents' page numbers did not settle")
        shutil.move(tmp, out)
    finally:
        doc.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)


def _print(browser, doc, tmp, lang: str) -> None:
    _, before, between, after = TITLES[lang]
    footer = (
        f'<div style="font-size:9px;width:100%;text-align:center">{before}<span class="pageNumber"></span>'
        f'{between}<span class="totalPages"></span>{after}</div>'
    )
    page = browser.new_page()
    try:
        page.goto(doc.resolve().as_uri(), wait_until="load")
        headings = page.evaluate(HEADINGS)
        page.pdf(
            path=str(tmp),
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=footer,
            outline=True,
            tagged=True,
            margin={"top": "1.5cm", "bottom": "1.8cm", "left": "1cm", "right": "1cm"},
        )
    finally:
        page.close()
    retitle(tmp, headings)


def _entries(outline) -> list:
    return [e for item in outline for e in (_entries(item) if isinstance(item, list) else [item])]


def retitle(pdf, headings: list[str]) -> None:
    """Chromium titles each bookmark with a heading's first line followed by its lines run together
    ("MaterialsMaterials", "strategicmaterials"): the bookmarks get the headings' own text, in order."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=pdf)
    entries = _entries(_outline(writer))
    if len(entries) != len(headings):
        raise RuntimeError(f"{pdf}: {len(entries)} bookmarks for {len(headings)} headings")
    for entry, text in zip(entries, headings):
        entry.get_object()[NameObject("/Title")] = TextStringObject(text)
    with open(pdf, "wb") as fh:
        writer.write(fh)


def _outline(writer) -> list:
    """The writer's outline as the reader gives it (nested lists), its items being the writer's own objects."""

    def walk(node) -> list:
        out, child = [], node.get("/First")
        while child is not None:
            child = child.get_object()
            out.append(child)
            if "/First" in child:
                out.append(walk(child))
            child = child.get("/Next")
        return out

    return walk(writer.get_outline_root())


def start_pages(pdf, count: int) -> list[int]:
    """The page (from 1) on which each of the ``count`` parts starts: the top-level entries of the PDF's outline
    after the cover's, one per part (each part's article has one h1)."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    top = [item for item in reader.outline if not isinstance(item, list)][1:]
    if len(top) != count:
        raise RuntimeError(f"{pdf}: {len(top)} top-level headings in the outline for {count} parts")
    pages = [reader.get_destination_page_number(item) for item in top]
    if None in pages:
        raise RuntimeError(f"{pdf}: a top-level heading of the outline points at no page")
    return [p + 1 for p in pages if p is not None]


def main() -> int:
    from playwright.sync_api import sync_playwright

    if not (paths.HTML / "index.html").exists():
        print("materials-book pdf: no built book in _build/html; run `make book` first", file=sys.stderr)
        return 2
    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--allow-file-access-from-files",
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=args)
        for lang in LANGS:
            build(lang, browser)
            print(f"wrote {pdf_path(lang).relative_to(paths.ROOT)}")
        browser.close()
    # Its time changes only when which PDFs exist changes: make then rebuilds the pages to link them.
    linked = " ".join(lang for lang in LANGS if pdf_path(lang).is_file())
    write_if_changed(paths.BUILD / LINKED, linked.encode() + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
