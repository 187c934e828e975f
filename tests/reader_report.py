"""Print, per edition and width, how many charts were checked and how many problems a reader would see
(the same checks as tests/publish/test_reader_view.py; used for before/after figures in notes)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from playwright.sync_api import sync_playwright  # noqa: E402

import chromium  # noqa: E402
from materials_book import paths  # noqa: E402

JS = (Path(__file__).parent / "publish" / "reader_view.js").read_text(encoding="utf-8")

with sync_playwright() as pw:
    browser = pw.chromium.launch(executable_path=chromium.EXECUTABLE, args=chromium.ARGS)
    for edition, folder in (("zh", paths.HTML / "chapters"), ("en", paths.HTML / "en" / "chapters")):
        for width in (1400, 390):
            charts = problems = 0
            for page_path in sorted(folder.glob("*.html")):
                page, _, _ = chromium.visit(browser, page_path, width=width)
                chromium.wait_for_charts(page)
                found = page.evaluate(JS)
                charts += found["charts"]
                problems += len(found["problems"])
                if "-v" in sys.argv:
                    for p in found["problems"]:
                        print(f"  {edition} {width} {page_path.stem}: {p}")
                page.context.close()
            print(f"{edition} {width:>4} px: {charts} charts, {problems} problems")
    browser.close()
