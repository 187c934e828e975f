"""Sphinx extension for the book: offline pages (no thebe CDN loader) and a language switch on every page.

The Chinese edition is the site root; the English edition lives in ``en/`` beside it, page for page.
"""
from __future__ import annotations

SWITCH = {"zh": ("English", "en"), "en": ("中文", "zh")}


def _offline(context) -> None:
    def keep(js) -> bool:
        body = getattr(js, "attributes", {}).get("body", "") or ""
        return "thebe" not in (getattr(js, "filename", None) or "") and "THEBE_JS_URL" not in body

    if "script_files" in context:
        context["script_files"] = [js for js in context["script_files"] if keep(js)]
    if "css_files" in context:
        context["css_files"] = [css for css in context["css_files"]
                                if "thebe" not in (getattr(css, "filename", "") or "")]


def other_edition_href(pagename: str, lang: str) -> str:
    """Relative link from ``pagename`` in the ``lang`` edition to the same page in the other edition."""
    up = "../" * pagename.count("/")
    return f"{up}en/{pagename}.html" if lang == "zh" else f"{up}../{pagename}.html"


def _page(app, pagename, templatename, context, doctree) -> None:
    _offline(context)
    lang = app.config.materials_book_lang
    label, hreflang = SWITCH[lang]
    href = other_edition_href(pagename, lang)
    link = f'<p class="mb-lang-switch"><a href="{href}" hreflang="{hreflang}" lang="{hreflang}">{label}</a></p>\n'
    if "body" in context:
        context["body"] = link + context["body"]


def setup(app):
    app.add_config_value("materials_book_lang", "zh", "html")
    app.connect("html-page-context", _page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
