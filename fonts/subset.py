"""Makes the chart fonts: Noto Sans SC and Noto Sans (OFL, from the npm packages @expo-google-fonts/noto-sans-sc and
@expo-google-fonts/noto-sans) cut to the characters the charts of the built book use, renamed so that no installed
font of the same name can take their place. vl-convert measures with the TTFs; the page draws with the WOFF2s made
from the same glyphs. Also the English edition's text font: Noto Sans (regular, bold, italic) cut to Latin, Greek and
the punctuation, symbols and arrows of the text (_static/fonts/MB-Noto-Sans-Text-*.woff2), so that English pages look
the same on every machine. Run after `make book` when a chart gains characters (tests/publish/test_static_charts.py
says so):

    npm pack @expo-google-fonts/noto-sans-sc@0.4.3 @expo-google-fonts/noto-sans@0.4.2   # in a scratch folder
    python -m venv /tmp/fv && /tmp/fv/bin/pip install fonttools==4.68.0 brotli==1.2.1
    /tmp/fv/bin/python fonts/subset.py SCRATCH_FOLDER
"""
import json
import re
import sys
import tarfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
HTML = HERE.parent / "_build" / "html"
SPEC = re.compile(r'<script type="application/json" class="mb-spec">(.*?)</script>', re.S)
# Always kept: printable ASCII, and what number formats and labels may produce beyond the specs' own strings.
ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "\u2212\u2013\u2014\u2026\u00d7\u00b7\u2070\u00b9\u00b2\u00b3" \
    "\u2074\u2075\u2076\u2077\u2078\u2079\u00a0\u2009\u2018\u2019\u201c\u201d\u00b0\u2264\u2265\u2192"
FACES = {"MB-Noto-Sans-SC": ("expo-google-fonts-noto-sans-sc-0.4.3.tgz", "NotoSansSC"),
         "MB-Noto-Sans": ("expo-google-fonts-noto-sans-0.4.2.tgz", "NotoSans")}
WEIGHTS = {"Regular": "400Regular", "Bold": "700Bold"}
# The English text font: every character of these ranges the font has (Chinese text is marked lang="zh" and set in the
# Chinese stack; what the font lacks, such as the circled numbers, falls back to the next font of the stack).
TEXT_FACE = ("MB-Noto-Sans-Text", "expo-google-fonts-noto-sans-0.4.2.tgz", "NotoSans")
TEXT_STYLES = {"Regular": "400Regular", "Bold": "700Bold", "Italic": "400Regular_Italic"}
TEXT_RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x2000, 0x20CF), (0x2100, 0x22FF), (0x2460, 0x25FF)]


def chart_characters(edition: str) -> set[str]:
    """Every character of every chart spec on the built pages of ``edition`` ('' for zh, 'en')."""
    chars: set[str] = set()
    root = HTML / edition
    for page in sorted(root.rglob("*.html")):
        if edition == "" and page.is_relative_to(HTML / "en"):
            continue
        for text in SPEC.findall(page.read_text(encoding="utf-8")):
            chars |= set("".join(strings(json.loads(text))))
    return {c for c in chars if c.isprintable()}


def source_characters() -> set[str]:
    """Every character of the hand-entered sources and of the words the code draws with: what an author's edit can
    bring into a chart, kept so that such an edit rarely needs a new subset."""
    root = HERE.parent
    files = sorted(root.glob("data/sources/**/*.yaml")) + sorted(root.glob("src/materials_book/**/*.texts.yaml"))
    chars = set().union(*(set(f.read_text(encoding="utf-8")) for f in files + [root / "src/materials_book/labels.py"]))
    return {c for c in chars if c.isprintable()}


def strings(node):
    """Every string in a JSON value, keys included."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def rename(font: TTFont, family: str, style: str) -> None:
    names = {1: family, 2: style, 4: f"{family} {style}", 6: f"{family}-{style}", 16: family, 17: style}
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (3, 16, 17, 21, 22, 25):
            table.removeNames(nameID=record.nameID)
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)


def main(scratch: str) -> None:
    zh, en = chart_characters("") | source_characters(), chart_characters("en")
    # Each subset keeps what its font has of every chart's characters: the Latin font is the fallback of the Chinese
    # charts (superscripts), the SC font that of the English ones.
    wanted = {"MB-Noto-Sans-SC": zh | en | set(ALWAYS), "MB-Noto-Sans": zh | en | set(ALWAYS)}
    for family, (package, stem) in FACES.items():
        with tarfile.open(Path(scratch) / package) as tar:
            for style, folder in WEIGHTS.items():
                member = tar.extractfile(f"package/{folder}/{stem}_{folder}.ttf")
                font = TTFont(member, recalcTimestamp=False)
                options = subset.Options()
                options.layout_features = ["kern", "liga", "calt", "ccmp", "locl", "mark", "mkmk", "palt"]
                options.name_IDs = [0, 1, 2, 4, 5, 6, 13, 14, 16, 17]
                options.notdef_outline = True
                options.hinting = False
                cmap = font.getBestCmap()
                sub = subset.Subsetter(options)
                sub.populate(unicodes=sorted(ord(c) for c in wanted[family] if ord(c) in cmap))
                sub.subset(font)
                rename(font, family, style)
                font.flavor = None
                font.save(HERE / f"{family}-{style}.ttf", reorderTables=True)
                font.flavor = "woff2"
                font.save(HERE.parent / "_static" / "fonts" / f"{family}-{style}.woff2")
        licence = tar_text(Path(scratch) / package, "package/LICENSE_FONT")
        for folder in (HERE, HERE.parent / "_static" / "fonts"):
            (folder / f"OFL-{family}.txt").write_text(licence, encoding="utf-8")
        print(family, len(wanted[family]), "characters wanted")


def text_font(scratch: str) -> None:
    """The English text font, each style as WOFF2 into _static/fonts/ (the page only: no chart measures with it)."""
    family, package, stem = TEXT_FACE
    wanted = [c for a, b in TEXT_RANGES for c in range(a, b + 1)]
    with tarfile.open(Path(scratch) / package) as tar:
        for style, folder in TEXT_STYLES.items():
            font = TTFont(tar.extractfile(f"package/{folder}/{stem}_{folder}.ttf"), recalcTimestamp=False)
            options = subset.Options()
            options.layout_features = ["kern", "liga", "calt", "ccmp", "locl", "mark", "mkmk", "pnum", "tnum"]
            options.name_IDs = [0, 1, 2, 4, 5, 6, 13, 14, 16, 17]
            options.notdef_outline = True
            options.hinting = False
            cmap = font.getBestCmap()
            sub = subset.Subsetter(options)
            sub.populate(unicodes=[c for c in wanted if c in cmap])
            sub.subset(font)
            rename(font, family, style)
            font.flavor = "woff2"
            font.save(HERE.parent / "_static" / "fonts" / f"{family}-{style}.woff2")
    licence = tar_text(Path(scratch) / package, "package/LICENSE_FONT")
    (HERE.parent / "_static" / "fonts" / f"OFL-{family}.txt").write_text(licence, encoding="utf-8")


def tar_text(package: Path, name: str) -> str:
    with tarfile.open(package) as tar:
        return tar.extractfile(name).read().decode("utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
    text_font(sys.argv[1])
