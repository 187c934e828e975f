"""Charts drawn at build time: every chart visible with scripts off, its static and live drawings agreeing (same
texts, marks and texts within a few pixels), and every character drawn in a chart present in the book's font subset
(a missing one would be measured with one font and drawn with another)."""

import html
import re
import struct
from pathlib import Path

import pytest

from chromium import make_live, visit, wait_for_charts
from materials_book import paths
from materials_book.publish import vega

HERE = Path(__file__).parent
CHAPTER_PAGES = sorted(p.relative_to(paths.HTML) for p in (paths.HTML / "chapters").glob("*.html")) + sorted(
    p.relative_to(paths.HTML) for p in (paths.HTML / "en" / "chapters").glob("*.html")
)
WIDTHS = {"desktop": 1400, "phone": 390}
VIEWS = [(rel, width) for rel in CHAPTER_PAGES for width in WIDTHS]
# What each figure shows, relative to its drawing: texts and data marks, in document order.
DRAWING_JS = """() => [...document.querySelectorAll('figure.mb-chart')].map(fig => {
  const svg = [...fig.querySelectorAll('.mb-vega svg.marks')].find(s => s.getBoundingClientRect().width > 0);
  if (!svg) return null;
  const o = svg.getBoundingClientRect();
  const at = (el) => { const b = el.getBoundingClientRect();
                       return [b.left - o.left, b.top - o.top, b.width, b.height].map(v => Math.round(v)); };
  return {id: fig.id, size: [Math.round(o.width), Math.round(o.height)],
          texts: [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => [t.textContent, at(t)]),
          marks: [...svg.querySelectorAll('g.role-mark path, g.role-mark line')].map(at)};
})"""


def _near(a: list, b: list, tol: int = 3) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b))


@pytest.mark.slow
@pytest.mark.parametrize(("rel", "width"), VIEWS, ids=[f"{rel}-{w}" for rel, w in VIEWS])
def test_every_chart_is_there_with_scripts_off(browser, rel, width):
    """Scripts off, every chart is drawn in its column (reader_view.js: nothing outside, cut short or overlapping,
    nothing scrolling sideways) and no control that could not work is shown."""
    page, outside, _ = visit(browser, paths.HTML / rel, width=WIDTHS[width], scripts=False)
    try:
        found = page.evaluate((HERE / "reader_view.js").read_text(encoding="utf-8"))
        built = (paths.HTML / rel).read_text(encoding="utf-8").count('class="mb-vega"')
        assert found["charts"] == built > 0
        assert found["problems"] == [], "\n".join(found["problems"])
        assert page.locator(".mb-controls:visible").count() == 0
        assert outside == []
    finally:
        page.context.close()


@pytest.mark.slow
@pytest.mark.parametrize(("rel", "width"), VIEWS, ids=[f"{rel}-{w}" for rel, w in VIEWS])
def test_static_and_live_drawings_agree(browser, rel, width):
    """The live view drawn over the static drawing of the same spec: same size (no shift), same texts, each text and
    data mark within 3 px of its place."""
    page, _, _ = visit(browser, paths.HTML / rel, width=WIDTHS[width], scripts=False)
    page.evaluate("document.fonts.ready.then(() => 1)")  # measured once the chart fonts are in, as a reader sees it
    static = page.evaluate(DRAWING_JS)
    page.context.close()
    page, _, errors = visit(browser, paths.HTML / rel, width=WIDTHS[width])
    try:
        wait_for_charts(page)
        make_live(page)
        live = page.evaluate(DRAWING_JS)
        assert errors == []
    finally:
        page.context.close()
    assert len(static) == len(live) > 0
    for s, v in zip(static, live):
        assert s and v, "a chart is not drawn"
        assert _near(s["size"], v["size"], 1), f"{s['id']}: static {s['size']}, live {v['size']}"
        assert [t for t, _ in s["texts"]] == [t for t, _ in v["texts"]], s["id"]
        for (text, a), (_, b) in zip(s["texts"], v["texts"]):
            assert _near(a, b), f"{s['id']}: {text!r} at {a} static, {b} live"
        assert len(s["marks"]) == len(v["marks"]), s["id"]
        moved = [(a, b) for a, b in zip(s["marks"], v["marks"]) if not _near(a, b)]
        assert moved == [], f"{s['id']}: marks moved {moved[:3]}"


def cmap(font: Path) -> set[int]:
    """The code points a TrueType font maps (cmap formats 4 and 12)."""
    data = font.read_bytes()
    tables = {
        data[12 + 16 * i : 16 + 16 * i]: struct.unpack(">II", data[20 + 16 * i : 28 + 16 * i])
        for i in range(struct.unpack(">H", data[4:6])[0])
    }
    base = tables[b"cmap"][0]
    points: set[int] = set()
    for i in range(struct.unpack(">H", data[base + 2 : base + 4])[0]):
        offset = base + struct.unpack(">I", data[base + 8 + 8 * i : base + 12 + 8 * i])[0]
        fmt = struct.unpack(">H", data[offset : offset + 2])[0]
        if fmt == 4:
            segs = struct.unpack(">H", data[offset + 6 : offset + 8])[0] // 2
            ends = struct.unpack(f">{segs}H", data[offset + 14 : offset + 14 + 2 * segs])
            starts = struct.unpack(f">{segs}H", data[offset + 16 + 2 * segs : offset + 16 + 4 * segs])
            for start, end in zip(starts, ends):
                points |= set(range(start, end + 1)) - {0xFFFF}
        elif fmt == 12:
            groups = struct.unpack(">I", data[offset + 12 : offset + 16])[0]
            for g in range(groups):
                start, end, _ = struct.unpack(">III", data[offset + 16 + 12 * g : offset + 28 + 12 * g])
                points |= set(range(start, end + 1))
    return points


def drawn_characters(edition: str) -> set[str]:
    """Every character of every text the static drawings of an edition draw, and of the strings in their specs
    (what the live view may draw when a control moves)."""
    root = paths.HTML / edition
    chars: set[str] = set()
    for page in root.rglob("*.html"):
        if edition == "" and page.is_relative_to(paths.HTML / "en"):
            continue
        text = page.read_text(encoding="utf-8")
        for drawn in re.findall(r"<text[^>]*>(.*?)</text>", text, re.S):
            chars |= set(html.unescape(re.sub(r"<[^>]+>", "", drawn)))
        for spec in re.findall(r'class="mb-spec">(.*?)</script>', text, re.S):
            chars |= set("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', spec)).replace("\\", ""))
    return {c for c in chars if c.isprintable() and not c.isspace()}


@pytest.mark.slow
@pytest.mark.parametrize(("edition", "first"), [("", "MB-Noto-Sans-SC"), ("en", "MB-Noto-Sans")])
def test_every_character_drawn_is_in_the_font_subset(edition, first):
    """The Chinese charts draw with MB-Noto-Sans-SC, the English ones with MB-Noto-Sans, each falling back to the
    other subset: both weights of the two hold every character the charts of each edition draw (else run
    fonts/subset.py)."""
    fonts = paths.FONTS
    chars = drawn_characters(edition)
    assert len(chars) > 50
    faces = ["MB-Noto-Sans-SC", "MB-Noto-Sans"]
    for weight in ("Regular", "Bold"):
        covered = set().union(*(cmap(fonts / f"{face}-{weight}.ttf") for face in faces))
        missing = sorted(c for c in chars if ord(c) not in covered)
        assert missing == [], f"{first}-{weight} lacks {''.join(missing)}: run fonts/subset.py"
        assert (paths.ROOT / "_static" / "fonts" / f"{first}-{weight}.woff2").is_file()


def test_the_fonts_are_registered_under_their_own_names():
    """The subset's families have names no installed font has, so vl-convert measures with them on any machine."""
    names = {font.stem.rsplit("-", 1)[0] for font in paths.FONTS.glob("*.ttf")}
    assert names == {"MB-Noto-Sans-SC", "MB-Noto-Sans"}
    assert all(f in vega.FONTS[lang] for lang, f in (("zh", "MB-Noto-Sans-SC"), ("en", "MB-Noto-Sans")))
    assert sorted(p.name for p in paths.FONTS.glob("OFL-*.txt")) == ["OFL-MB-Noto-Sans-SC.txt", "OFL-MB-Noto-Sans.txt"]
