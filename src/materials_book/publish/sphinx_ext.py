"""Sphinx extension for the book: offline pages (no thebe CDN loader), a language switch, and on every page the date
it was last updated; on chapter pages a "how to cite" block with plain text and BibTeX.

The Chinese edition is the site root; the English edition lives in ``en/`` beside it, page for page. Dates come from
git (the last commit that touched the page's notebook or the data), so the same commit gives the same HTML.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import yaml

from .. import paths
from ..labels import pick
from . import bibstyle, search, vega

SWITCH = {"zh": ("English", "en"), "en": ("中文", "zh")}
LICENCE = {
    "zh": "本书文字与数据采用 CC BY 4.0 许可，代码采用 MIT 许可（见 LICENSE）；五份原始文献的权利归其作者与出版方，"
    "书中仅为注明出处而引用。",
    "en": "The book's text and data are licensed CC BY 4.0, its code MIT (see LICENSE); the five source documents "
    "remain under their authors' and publishers' rights and are quoted only for sourcing.",
}


def _offline(context) -> None:
    def keep(js) -> bool:
        body = getattr(js, "attributes", {}).get("body", "") or ""
        return "thebe" not in (getattr(js, "filename", None) or "") and "THEBE_JS_URL" not in body

    if "script_files" in context:
        context["script_files"] = [js for js in context["script_files"] if keep(js)]
    if "css_files" in context:
        context["css_files"] = [
            css for css in context["css_files"] if "thebe" not in (getattr(css, "filename", "") or "")
        ]


def other_edition_href(pagename: str, lang: str) -> str:
    """Relative link from ``pagename`` in the ``lang`` edition to the same page in the other edition."""
    up = "../" * pagename.count("/")
    return f"{up}en/{pagename}.html" if lang == "zh" else f"{up}../{pagename}.html"


@paths.cached
def citation() -> dict:
    """CITATION.cff: the book's title, authors and version, cited on every chapter page."""
    return yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))


@paths.cached
def last_updated(pagename: str, lang: str) -> str:
    """YYYY-MM-DD of the last commit that touched the page's source (notebook or markdown) or the data; '' outside
    a git checkout."""
    edition = paths.ROOT if lang == "zh" else paths.EN
    sources = [p for p in edition.glob(f"{pagename}.*") if p.suffix in (".ipynb", ".md")]
    tracked = [str(p.relative_to(paths.ROOT)) for p in sources if not p.is_relative_to(paths.generated(lang))]
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", *tracked, "data"],
            cwd=paths.ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except OSError:
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _bibtex_text(text: str) -> str:
    return re.sub(r"[{}\\]", "", text)


def cite_block(pagename: str, title: str, book_title: str, lang: str) -> str:
    """HTML of the "how to cite" block of one page: plain text and BibTeX with the page's address and the version."""
    book = dict(citation(), title=book_title)
    authors = "; ".join(a["name"] for a in book["authors"])
    year = str(book["date-released"])[:4]
    address = f"{'' if lang == 'zh' else 'en/'}{pagename}.html"
    updated = last_updated(pagename, lang)
    plain = pick(
        lang,
        f"{authors}（{year}）。{title}。载于《{book['title']}》，版本 {book['version']}，{address}",
        f"{authors} ({year}). {title}. In: {book['title']}, version {book['version']}, {address}",
    )
    key = "materials_book_" + re.sub(r"\W", "_", pagename.split("/")[-1]) + ("" if lang == "zh" else "_en")
    bib = (
        f"@misc{{{key},\n  author = {{{{{_bibtex_text(authors)}}}}},\n  title = {{{_bibtex_text(title)}}},\n"
        f"  howpublished = {{{_bibtex_text(book['title'])}, version {book['version']}}},\n"
        f"  year = {{{year}}},\n  note = {{{address}" + (f", updated {updated}" if updated else "") + "}\n}"
    )
    heading = pick(lang, "如何引用本页", "How to cite this page")
    return (
        f'<section class="mb-cite" aria-labelledby="mb-cite-h"><h2 id="mb-cite-h">{heading}</h2>\n'
        f"<p>{html.escape(plain)}</p>\n<pre><code>{html.escape(bib)}</code></pre>\n"
        f"<p>{LICENCE[lang]}</p></section>\n"
    )


CHART_SCRIPTS = ("vega-bundle.js", "charts.js")
# The chart fonts each edition draws with (fonts/, as WOFF2 in _static/fonts/), preloaded on pages with charts.
CHART_FONTS = {
    "zh": ("MB-Noto-Sans-SC-Regular", "MB-Noto-Sans-SC-Bold"),
    "en": ("MB-Noto-Sans-Regular", "MB-Noto-Sans-Bold"),
}


def chart_scripts() -> list:
    """The script that makes the charts live, deferred: only pages with charts load it, and it never blocks the first
    paint (the charts are drawn in the page); it loads the vega bundle itself when a chart is used or seen. The
    template puts it before the theme's deferred scripts (icons, menus)."""
    from sphinx.builders.html._assets import _JavaScript

    return [_JavaScript("_static/charts.js", defer="defer")]


def _only_where_charts_are(app, config) -> None:
    """jupyter-book lists every script of the book's _static/ in html_js_files, which puts the 900 KB vega bundle
    and the chart script on every page, in <head>, blocking; chart_scripts() adds them, deferred, where charts are."""
    config.html_js_files = [
        f for f in config.html_js_files if Path(f[0] if isinstance(f, (tuple, list)) else f).name not in CHART_SCRIPTS
    ]


def _no_figure_numbers(app, config) -> None:
    """Nothing in the book is a numbered figure or table, yet sphinx_jupyterbook_latex turns numfig on for every
    builder, and Sphinx then unpickles every page's doctree on each build to number none (0.3 s a build)."""
    config.numfig = False


def _compiled_templates(app) -> None:
    """The theme's Jinja templates compiled once and kept in .cache/ (keyed by each template's source, so an edited
    template is compiled again): compiling them was a fifth of a one-page rebuild."""
    import hashlib
    from importlib import metadata

    import jinja2

    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        env = templates.environment
        # Jinja checks its own version and each template's source; the folder is also the Sphinx and theme versions'
        # and the environment's extensions, which change how a template compiles
        names = ("sphinx", "jinja2", "pydata-sphinx-theme", "sphinx-book-theme")
        made = repr(([metadata.version(n) for n in names], sorted(env.extensions), type(env).__qualname__))
        folder = paths.CACHE / "jinja" / hashlib.sha256(made.encode()).hexdigest()[:16]
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:  # a cache that cannot be written: templates compiled on each build, as without one
            return
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def bibliography(body: str, lang: str) -> str:
    """The reference list as a plain list container (role="list" needs listitem children); on English pages each
    entry, written in Chinese, is marked lang="zh"."""
    body = body.replace('<div role="list" class="citation-list">', '<div class="citation-list">')
    if lang == "en":
        entry = r'(<div class="citation" [^>]*>\s*<span class="label">.*?</span></span>\s*)<p>'
        body = re.sub(entry, r'\1<p lang="zh">', body, flags=re.S)
    return body


def _named_toggles(context, lang: str) -> None:
    """The sidebar's toggles of a page with sub-pages (the materials) get a name: the theme's <summary> holds only an
    icon, which assistive technology reads as nothing (axe: summary-name)."""
    toctree = context.get("generate_toctree_html")
    if not callable(toctree):
        return
    label = pick(lang, "显示或隐藏下级页面", "Show or hide the pages below")
    bare = '<summary><span class="toctree-toggle" role="presentation">'
    named = f'<summary aria-label="{label}"><span class="toctree-toggle" role="presentation">'

    def generate(*args, **kwargs):
        from markupsafe import Markup

        return Markup(str(toctree(*args, **kwargs)).replace(bare, named))

    context["generate_toctree_html"] = generate


def _page(app, pagename, templatename, context, doctree) -> None:
    _offline(context)
    lang = app.config.materials_book_lang
    _named_toggles(context, lang)
    label, hreflang = SWITCH[lang]
    href = other_edition_href(pagename, lang)
    up = "../" * pagename.count("/")
    book_pdf = f"{up}pdf/book-{lang}.pdf"
    notebook = (
        f'<a href="{up}notebooks/{pagename.split("/")[-1]}.ipynb" download>'
        f"{pick(lang, '本章笔记本（.ipynb）', 'this chapter as a notebook (.ipynb)')}</a> · "
        if pagename.startswith("chapters/")
        else ""
    )
    keep_anchor = "this.href=this.href.split('#')[0]+location.hash"  # the other edition opens at the same chart
    # The PDF is linked once `make pdf` has printed it (it then rebuilds the pages): never a link to nothing.
    pdf = (
        f'<a href="{book_pdf}" download>{pick(lang, "全书 PDF", "Book as PDF")}</a> · '
        if (paths.HTML / ("" if lang == "zh" else "en") / "pdf" / f"book-{lang}.pdf").is_file()
        else ""
    )
    link = (
        f'<p class="mb-lang-switch">{notebook}{pdf}'
        f'<a href="{href}" hreflang="{hreflang}" lang="{hreflang}" onclick="{keep_anchor}">{label}</a></p>\n'
    )
    if "body" not in context:
        return
    if 'class="mb-chart"' in context["body"]:
        context["mb_chart_scripts"] = chart_scripts()
        context["mb_chart_fonts"] = [f"_static/fonts/{name}.woff2" for name in CHART_FONTS[lang]]
        context["body"] = vega.compile_page(context["body"], lang)
        context["mb_controls"] = "mb-static-controls" in context["body"]
    updated = last_updated(pagename, lang)
    stamp = f'<p class="mb-updated">{pick(lang, "最后更新：", "Last updated: ")}{updated}</p>\n' if updated else ""
    title = html.unescape(re.sub(r"<[^>]+>", "", context.get("title", "")))
    book_title = html.unescape(context.get("docstitle", ""))
    cite = cite_block(pagename, title, book_title, lang) if pagename.startswith("chapters/") else ""
    toggle = f'aria-label="{pick(lang, "显示或隐藏代码", "Show or hide the code")}"'  # myst-nb's words are English
    body = bibliography(context["body"], lang).replace('aria-label="Toggle hidden content"', toggle)
    context["body"] = link + body + stamp + cite


def copy_notebooks(app, exception) -> None:
    """Each chapter's executed notebook of this edition, as committed, beside the pages (notebooks/<name>.ipynb)."""
    if exception is not None:
        return
    import shutil
    from pathlib import Path

    out = Path(app.outdir) / "notebooks"
    out.mkdir(exist_ok=True)
    for nb in sorted((Path(app.srcdir) / "chapters").glob("[0-9][0-9]_*.ipynb")):
        shutil.copyfile(nb, out / nb.name)


def setup(app):

    bibstyle.setup()
    search.setup(app)
    app.add_config_value("materials_book_lang", "zh", "html")
    app.connect("config-inited", _only_where_charts_are)
    app.connect("config-inited", _no_figure_numbers, priority=900)  # after sphinx_jupyterbook_latex's
    app.connect("builder-inited", _compiled_templates)
    app.connect("html-page-context", _page, priority=900)
    app.connect("build-finished", copy_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
