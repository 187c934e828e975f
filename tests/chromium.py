"""Headless Chromium (Debian's package) driven by Playwright: the pages a build must have, and opening one offline."""
import shutil
from pathlib import Path

import yaml

from materials_book import paths

# A chart counts as drawn once vega has rendered its scene (its group marks), not when the empty <svg> appears.
DRAWN_MARKS = "svg .mark-group"
CHARTS_DRAWN = ("() => [...document.querySelectorAll('figure.mb-chart .mb-vega')]"
                f".every(el => el.querySelector('{DRAWN_MARKS}'))")
EXECUTABLE = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--allow-file-access-from-files"]


def expected_pages() -> list[Path]:
    """Every page the tables of contents name, in both editions, plus index, search and genindex."""
    pages = []
    for prefix, toc in (("", paths.ROOT / "_toc.yml"), ("en/", paths.EN / "_toc.yml")):
        spec = yaml.safe_load(toc.read_text(encoding="utf-8"))
        files = [spec["root"]] + [c["file"] for part in spec["parts"] for c in part["chapters"]]
        for entry in (s for part in spec["parts"] for c in part["chapters"] for s in c.get("sections", [])):
            if "glob" in entry:  # the pages a glob names are those the build generated (profile pages)
                built = sorted((paths.HTML / prefix).glob(f"{entry['glob']}.html"))
                files += [p.relative_to(paths.HTML / prefix).with_suffix("").as_posix() for p in built] or [
                    entry["glob"]]  # none built: named as missing
            else:
                files.append(entry["file"])
        pages += [paths.HTML / f"{prefix}{f}.html" for f in files + ["index", "search", "genindex"]]
    return sorted(pages)


def wait_for_charts(page, timeout: int = 15000) -> None:
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout)


def visit(browser, page_path: Path, width: int = 1280):
    """Open one built page; returns (page, requests outside the build, console errors)."""
    root = paths.HTML.resolve().as_uri()
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    outside, errors = [], []

    def route(r):
        url = r.request.url
        if url.startswith(root + "/") or url.startswith("data:") or url.startswith("blob:"):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_path.resolve().as_uri(), wait_until="load")
    return page, outside, errors
