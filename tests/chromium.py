"""Headless Chromium (Debian's package) driven by Playwright: the pages a build must have, and opening one offline."""

import shutil
from pathlib import Path

import yaml

from materials_book import paths

# A chart counts as drawn once its scene (its group marks) is there: the static drawing is in the page as it
# arrives; the live view has replaced it once the figure is marked data-live.
DRAWN_MARKS = "svg .mark-group"
CHARTS_DRAWN = (
    f"() => [...document.querySelectorAll('figure.mb-chart .mb-vega')].every(el => el.querySelector('{DRAWN_MARKS}'))"
)
ALL_LIVE = (
    "() => window.mbCharts.all().then(() => document.querySelectorAll('figure.mb-chart:not([data-live])').length)"
)
DARK = "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"  # the theme's switch, set
EXECUTABLE = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-file-access-from-files",
]


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
                    entry["glob"]
                ]  # none built: named as missing
            else:
                files.append(entry["file"])
        pages += [paths.HTML / f"{prefix}{f}.html" for f in files + ["index", "search", "genindex"]]
    return sorted(pages)


def wait_for_charts(page, timeout: int = 15000) -> None:
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout)


def make_live(page) -> None:
    """Every chart of the page live (the bundle loaded, each static drawing replaced)."""
    assert page.evaluate(ALL_LIVE) == 0, "a chart did not go live"


def visit(browser, page_path: Path, width: int = 1280, dark: bool = False, scripts: bool = True):
    """Open one built page, in the theme's dark mode or with scripts off if asked; returns (page, requests outside
    the build, console errors)."""
    root = paths.HTML.resolve().as_uri()
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=scripts)
    if dark:
        context.add_init_script(DARK)
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
    wait_for_fonts(page)
    return page, outside, errors


def wait_for_fonts(page) -> None:
    """The load event can come before the vendored fonts are in (text measured in a fallback font is wider); a page
    that goes on to another (the book's index) is waited for again."""
    from playwright.sync_api import Error

    for _ in range(3):
        try:
            page.evaluate("document.fonts.ready.then(() => document.fonts.status)")
            return
        except Error:
            page.wait_for_load_state("load")
