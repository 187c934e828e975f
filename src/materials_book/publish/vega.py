"""Each chart drawn when the book is built: compiled to Vega for the live view and rendered to SVG by vl-convert at
the column's widths with the book's own fonts, so it is visible at first paint and the live view replaces it exactly.

Results are cached in .cache/ by content, compiler and font version: a rebuild renders only charts that changed."""

from __future__ import annotations

import hashlib
import html
import json
import re
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from .. import escape, paths
from ..files import atomic_write_bytes

FIGURE = re.compile(r'<figure class="mb-chart"[^>]*>.*?</figure>', re.S)
SPEC = re.compile(r'(<script type="application/json" class="mb-spec">)(.*?)(</script>)', re.S)
VIEW = re.compile(r'(<div id="vis-(\w+)" class="mb-vega"[^>]*>)(</div>)')
VEGA_LITE = re.compile(r"/vega-lite/v(\d+\.\d+)")
VERSION = version("vl-convert-python")  # what vl-convert makes (these specs, the bundle) is cached under its version
# The chart fonts, per language: a CJK font first would make Latin punctuation full-width in English.
FONTS = {"zh": "MB-Noto-Sans-SC, MB-Noto-Sans, sans-serif", "en": "MB-Noto-Sans, MB-Noto-Sans-SC, sans-serif"}
# px: the column's width at 390 px (a phone), at about 600 px (a tablet, a narrow window) and at 1400 px; the page
# shows the widest that fits (charts.css), and draws the live view at that width too.
WIDTHS = (342, 552, 768)


@paths.cached
def font_version() -> str:
    """A hash of the font files and of this module: a changed subset or way of drawing renders every chart again."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for font in sorted(paths.FONTS.glob("*.ttf")):
        digest.update(font.name.encode() + font.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def _converter():
    import vl_convert

    vl_convert.register_font_directory(str(paths.FONTS))
    return vl_convert


def _with_font(text: str, lang: str) -> dict:
    spec = json.loads(text)
    spec.setdefault("config", {})["font"] = FONTS[lang]
    return spec


def _vl_version(spec: dict) -> str | None:
    found = VEGA_LITE.search(spec.get("$schema", ""))
    return found.group(1) if found else None


def _cached(kind: str, key: str, make) -> str:
    cached = paths.CACHE / f"{kind}-{VERSION}-{font_version()}" / key
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    made = make()
    atomic_write_bytes(cached, made.encode("utf-8"))
    return made


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def compiled(text: str, lang: str = "zh") -> str:
    """The Vega spec (JSON) of the Vega-Lite spec ``text`` (JSON) in the fonts of ``lang``."""

    def make() -> str:
        spec = _with_font(text, lang)
        vega = _converter().vegalite_to_vega(spec, vl_version=_vl_version(spec))
        return json.dumps(vega, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    return _cached("vega", _key(text, lang) + ".json", make)


def _fixed_width(node, width: int):
    """The spec as its live view sees it in a container ``width`` px wide (vl-convert has no container)."""
    if isinstance(node, str):
        return node.replace("containerSize()[0]", str(width))
    if isinstance(node, dict):
        return {k: width if k == "width" and v == "container" else _fixed_width(v, width) for k, v in node.items()}
    if isinstance(node, list):
        return [_fixed_width(v, width) for v in node]
    return node


def svg(text: str, lang: str, width: int) -> str:
    """The chart ``text`` (Vega-Lite JSON) drawn by vl-convert at ``width`` px, as an SVG document."""

    def make() -> str:
        spec = _fixed_width(_with_font(text, lang), width)
        return _converter().vegalite_to_svg(spec, vl_version=_vl_version(spec))

    return _cached("svg", _key(text, lang, str(width)) + ".svg", make)


def inline_svg(document: str, prefix: str, width: int) -> str:
    """An SVG document as an element of the page: its ids (clip paths, gradients) made unique on the page."""
    body = document[document.index("<svg") :]
    body = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}\1"', body)
    body = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", body)
    body = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}\1"', body)
    return body.replace("<svg ", f'<svg data-width="{width}" ', 1)


def controls(vega: dict) -> str:
    """The chart's bound parameters as the form vega draws for them (same elements, same classes), so that the
    page shows them before the live view binds its own in their place. Scripts off, the page hides them."""
    out = []
    for signal in vega.get("signals", []):
        bind = signal.get("bind")
        if not isinstance(bind, dict) or bind.get("input") not in ("range", "select"):
            continue
        name, value = escape.html_attribute(signal["name"]), signal.get("value")
        label = html.escape(str(bind.get("name") or signal["name"]), quote=False)
        if bind["input"] == "range":
            attributes = "".join(
                f' {k}="{escape.html_attribute(_number(bind[k]))}"' for k in ("min", "max", "step") if k in bind
            )
            field = (
                f'<input type="range" name="{name}"{attributes} value="{_number(value)}"><span>{_number(value)}</span>'
            )
        else:
            labels = bind.get("labels") or []
            options = "".join(
                f'<option value="{escape.html_attribute(o)}"{" selected" if str(o) == str(value) else ""}>'
                f"{html.escape(str(labels[i] if i < len(labels) else o), quote=False)}</option>"
                for i, o in enumerate(bind.get("options", []))
            )
            field = f'<select name="{name}">{options}</select>'
        out.append(f'<div class="vega-bind"><label><span class="vega-bind-name">{label}</span>{field}</label></div>')
    return f'<div class="mb-controls mb-static-controls">{"".join(out)}</div>\n' if out else ""


def _number(value) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def figure(markup: str, lang: str) -> str:
    """One chart's figure: its spec compiled to Vega, its static drawings inlined, its controls drawn."""
    spec = SPEC.search(markup)
    if not spec:
        return markup
    text = spec.group(2)
    vega = compiled(text, lang)
    markup = markup[: spec.start()] + spec.group(1) + escape.script_json(vega) + spec.group(3) + markup[spec.end() :]
    view = VIEW.search(markup)
    if not view:
        return markup
    uid = view.group(2)
    drawings = "".join(inline_svg(svg(text, lang, w), f"s{uid}-{w}-", w) for w in WIDTHS)
    return (
        markup[: view.start()]
        + view.group(1)
        + f'<div class="mb-static">{drawings}</div>'
        + view.group(3)
        + controls(json.loads(vega))
        + markup[view.end() :]
    )


def compile_page(body: str, lang: str = "zh") -> str:
    """``body`` with every chart's Vega-Lite spec replaced by its Vega spec (still safe inside <script>) and its
    static drawings and controls in place."""
    return FIGURE.sub(lambda m: figure(m.group(0), lang), body)
