"""Sphinx extension for the book: keep pages offline by dropping the thebe loader (a CDN URL) that Jupyter Book adds."""
from __future__ import annotations


def _offline(app, pagename, templatename, context, doctree) -> None:
    def keep(js) -> bool:
        body = getattr(js, "attributes", {}).get("body", "") or ""
        return "thebe" not in (getattr(js, "filename", None) or "") and "THEBE_JS_URL" not in body

    if "script_files" in context:
        context["script_files"] = [js for js in context["script_files"] if keep(js)]
    if "css_files" in context:
        context["css_files"] = [css for css in context["css_files"] if "thebe" not in (getattr(css, "filename", "") or "")]


def setup(app):
    app.connect("html-page-context", _offline, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
