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

TITLES = {"zh": ("目录", "第 ", " 页，共 ", " 页"), "en": ("Contents", "Page ", " of ", "")}
DRAWN = "() => [...document.querySelectorAll('figure.mb-chart .mb-vega')].every(el => el.querySelector('svg'))"
ARTICLE = """() => { const a = document.querySelector('article').cloneNode(true);
  a.querySelectorAll('script, details, .mb-controls, .mb-lang-switch, .headerlink, .mb-cite').forEach(x => x.remove());
  return [document.title, a.innerHTML]; }"""


def edition_pages(lang: str) -> list[str]:
    """Page names of the ``lang`` edition in table-of-contents order."""
    toc = yaml.safe_load(((paths.ROOT if lang == "zh" else paths.EN) / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


def pdf_path(lang: str):
    return paths.HTML / ("" if lang == "zh" else "en") / "pdf" / f"book-{lang}.pdf"


def _document(lang: str, parts: list[tuple[str, str, str]], book_title: str) -> str:
    heading = TITLES[lang][0]
    toc = "".join(f'<li><a href="#p-{i}">{html.escape(title)}</a></li>' for i, (_, title, _) in enumerate(parts))
    body = "".join(f'<section class="mb-pdf-page" id="p-{i}">{article}</section>'
                   for i, (_, _, article) in enumerate(parts))
    styles = "".join(f'<link rel="stylesheet" href="{href}">' for href in _stylesheets(lang))
    return (f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f"<title>{html.escape(book_title)}</title>{styles}<style>"
            ".mb-pdf-page{break-before:page} figure.mb-chart{break-inside:avoid} body{margin:0 1cm}"
            "</style></head><body>"
            f'<h1 class="mb-pdf-cover">{html.escape(book_title)}</h1><h2>{heading}</h2><ol>{toc}</ol>{body}'
            "</body></html>")


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
    doc.write_text(_document(lang, parts, book_title), encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(doc.resolve().as_uri(), wait_until="load")
        out = pdf_path(lang)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".pdf.tmp")
        _, before, between, after = TITLES[lang]
        footer = (f'<div style="font-size:9px;width:100%;text-align:center">{before}<span class="pageNumber"></span>'
                  f'{between}<span class="totalPages"></span>{after}</div>')
        page.pdf(path=str(tmp), format="A4", print_background=True, display_header_footer=True,
                 header_template="<span></span>", footer_template=footer, outline=True, tagged=True,
                 margin={"top": "1.5cm", "bottom": "1.8cm", "left": "1cm", "right": "1cm"})
        shutil.move(tmp, out)
    finally:
        page.close()
        doc.unlink(missing_ok=True)


def main() -> int:
    from playwright.sync_api import sync_playwright

    if not (paths.HTML / "index.html").exists():
        print("materials-book pdf: no built book in _build/html; run `make book` first", file=sys.stderr)
        return 2
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--allow-file-access-from-files"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=args)
        for lang in ("zh", "en"):
            build(lang, browser)
            print(f"wrote {pdf_path(lang).relative_to(paths.ROOT)}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
