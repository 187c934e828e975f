"""`materials-book preview NOTEBOOK`: an executed rerun as a page of its own, offline, without touching the book.

The page is written to ``reruns/preview/<name>/chapters/<name>.html`` beside its own ``_static/`` (the chart
bundle, the book's stylesheet and the CSV of every chart), the layout the chart markup expects; links to the quotes
page point at the built book when there is one.
"""

from __future__ import annotations

import html
import os
import sys
from pathlib import Path

import nbformat
import pandas as pd
from markdown_it import MarkdownIt

from .. import paths
from ..files import UnsafeName, atomic_write_bytes, inside
from . import untrusted


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _cells(nb: nbformat.NotebookNode, lang: str) -> tuple[list[str], dict[str, list]]:
    """HTML of the visible cells in order, and the rows of every chart by id."""
    md = _markdown()
    parts, charts = [], {}
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if cell.cell_type == "markdown":
            if "remove-cell" not in tags and ({"lang-zh", "lang-en"} & tags in (set(), {f"lang-{lang}"})):
                parts.append(md.render(cell.source))
            continue
        if cell.cell_type != "code" or "remove-cell" in tags:
            continue
        for out in cell.get("outputs", []):
            bundle = out.get("data", {})
            chart = out.get("metadata", {}).get("materials_book")
            if isinstance(chart, dict) and isinstance(chart.get("rows"), list):
                charts[str(chart.get("chart"))] = chart["rows"]
            if "text/html" in bundle:
                parts.append(bundle["text/html"])
            elif "text/markdown" in bundle:
                parts.append(md.render(bundle["text/markdown"]))
            elif "text/plain" in bundle:  # a value with no richer form, as Jupyter Book shows it
                parts.append(f"<pre>{html.escape(bundle['text/plain'])}</pre>")
            elif out.get("output_type") == "stream" and out.get("name") == "stdout":  # print(): its text, no bundle
                text = out.get("text", "")
                parts.append(f"<pre>{html.escape(text if isinstance(text, str) else ''.join(text))}</pre>")
    return parts, charts


def write(notebook: Path) -> Path:
    """Render ``notebook`` (an executed chapter) as an offline page; returns the page's path."""

    nb = nbformat.read(notebook, as_version=4)
    lang = nb.metadata.get("materials_book", {}).get("parameters", {}).get("lang", "zh")
    name = notebook.stem
    root = inside(paths.PREVIEWS, name, rule=None)
    page = root / "chapters" / f"{name}.html"
    parts, charts = _cells(nb, lang)
    csvs = {}  # every name checked before anything is written
    for uid, rows in charts.items():
        try:
            csvs[inside(root / "_static" / "downloads" / "charts", f"{uid}.csv")] = rows
        except UnsafeName as exc:
            raise UnsafeName(f"{notebook.name}: chart id in an output's metadata: {exc}") from None
    body, dropped = untrusted.clean("\n".join(parts))
    if dropped:
        print(
            f"{notebook.name}: {dropped} elements or attributes that the book's outputs do not use left out "
            "(scripts, handlers, embedded frames, active links)",
            file=sys.stderr,
        )
    quotes = paths.HTML / ("" if lang == "zh" else "en") / "generated" / "quotes.html"
    target = os.path.relpath(quotes, page.parent) if quotes.exists() else "#"
    body = body.replace('href="../generated/quotes.html', f'href="{target}')
    if not paths.BUNDLE.exists():
        raise FileNotFoundError(f"{paths.shown(paths.BUNDLE)} missing: run `make book`")
    atomic_write_bytes(root / "_static" / "vega-bundle.js", paths.BUNDLE.read_bytes())
    for static in ["book.css", "charts.js", *(f"fonts/{f.name}" for f in sorted((paths.STATIC / "fonts").glob("*")))]:
        atomic_write_bytes(root / "_static" / static, (paths.STATIC / static).read_bytes())
    for path, rows in csvs.items():
        atomic_write_bytes(path, pd.DataFrame(rows).to_csv(index=False).encode("utf-8-sig"))
    doc = (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(name)}</title>"
        '<link rel="stylesheet" href="../_static/book.css"><script defer src="../_static/vega-bundle.js"></script>'
        '<script defer src="../_static/charts.js"></script>'
        # no drawing made at build time here: every chart is drawn live once the page has loaded
        '<script>addEventListener("load", function () { window.mbCharts.all(); });</script>'
        "<style>body{max-width:56rem;margin:1rem auto;padding:0 1rem;line-height:1.6}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem}</style></head>\n"
        f"<body><main><article>\n{body}\n</article></main></body></html>\n"
    )
    atomic_write_bytes(page, doc.encode("utf-8"))
    return page
