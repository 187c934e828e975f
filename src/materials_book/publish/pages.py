"""The pages generated before the book build (appendix of the data, quotes, glossary, reproducibility, findings, and
the material profiles), in each edition's ``generated/`` folder.

Every text from the data that reaches a generated page goes through ``materials_book.escape`` for the place it
lands (``_text`` for running text, ``_cell`` for a table cell, ``escape.code`` for ids), so a name, quote or note can
never add markup, a directive or script to the page.
"""

from __future__ import annotations

import re
import shlex
from urllib.parse import quote as url_quote

import pandas as pd

from .. import data, escape, paths
from ..chapters import frames
from ..checks import coverage, reconcile
from ..files import remove_others, write_if_changed
from ..labels import LANGS, Texts, kind, pick, qualifier
from ..pipeline import sources
from ..pipeline.documents import catalogue as documents
from ..quantities import derived_digits, restored, significant
from . import downloads, editions, findings, notebooks, pool, profiles
from .findings import row_anchor

# The generated pages' own texts; ``<page>.title`` and ``<page>.lead`` open a page or section (``_opening``), a
# ``.head`` is a table's header row with its separator row.
TEXT = Texts.beside(__file__)


# Data text reaches these pages with the documents' superscripts restored (quantities.restored), as in chapters.
def _text(text, lang: str) -> str:
    """Data text in running Markdown (:func:`frames.text_md`), its superscripts restored."""
    return frames.text_md(restored(text), lang)


def _cell(text, lang: str) -> str:
    """Data text in a Markdown table cell (:func:`frames.cell_md`), its superscripts restored."""
    return frames.cell_md(restored(text), lang)


def _zh_cell(text, lang: str) -> str:
    """Chinese data text (a quote, a section, a value as written) in a table cell, marked lang="zh" on English pages."""
    text = restored(text)
    return escape.table_cell(text) if lang == "zh" else f'<span lang="zh">{escape.table_cell(text)}</span>'


def _id(text) -> str:
    """A row id or dataset name in a table cell, as code."""
    return escape.code(text, in_table=True)


def _opening(page: str, lang: str, **values) -> list[str]:
    """The first lines of a page or section: its title and lead paragraph (``<page>.title``, ``<page>.lead`` with
    ``values``), each followed by a blank line."""
    return [TEXT(f"{page}.title", lang), "", TEXT(f"{page}.lead", lang, **values), ""]


def _yes_no(flag, lang: str) -> str:
    return TEXT("yes" if flag else "no", lang)


def _doc_title(doc: dict, lang: str) -> str:
    """A document's title in running text: its Chinese title in 《》, or its English title in italics."""
    return TEXT(
        "doc_title", lang, title=escape.markdown(doc["title"]) if lang == "zh" else _text(doc["title_en"], lang)
    )


def appendix_markdown(lang: str) -> str:
    """The data appendix: every dataset with title, description, row count, sources and downloads; how to cite."""
    lines = _opening("appendix", lang)
    for name in data.names():
        m = data.meta(name)
        lines += [
            f"## {escape.markdown(m['title'][lang])}",
            "",
            _text(m["description"][lang], lang),
            "",
            TEXT("appendix.rows", lang, name=escape.code(name), n=int(m["row_count"])),
        ]
        if m.get("kinds"):
            lines.append(
                TEXT(
                    "appendix.kinds",
                    lang,
                    kinds=", ".join(f"{escape.markdown(k)} {int(n)}" for k, n in m["kinds"].items()),
                )
            )
        if m.get("units"):
            lines.append(TEXT("appendix.units", lang, units=", ".join(escape.markdown(u["unit"]) for u in m["units"])))
        for src in m["sources"]:
            lines.append(
                TEXT(
                    "appendix.source",
                    lang,
                    id=escape.markdown(src["id"]),
                    title=_doc_title(src, lang),
                    publication=_text(src["publication"], lang),
                )
            )
        href = escape.html_attribute(url_quote(name))
        links = " · ".join(
            f'<a href="../_static/downloads/{href}.{ext}">{label}</a>'
            for ext, label in (("csv", "CSV"), ("parquet", "Parquet"), ("meta.json", TEXT("appendix.metadata", lang)))
        )
        lines += [
            TEXT("appendix.processing", lang, text=_text(m["processing"][lang], lang)),
            TEXT("appendix.download", lang, links=links),
            "",
        ]
    lines += reconciliation_lines(lang) + same_figure_lines(lang) + difference_lines(lang) + completeness_lines(lang)
    bib = (paths.ROOT / "references.bib").read_text(encoding="utf-8").strip()
    lines += _opening("cite", lang) + [f"{escape.fence(bib)}bibtex", bib, escape.fence(bib), ""]
    return "\n".join(lines)


PACKAGES = (
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "sphinx-book-theme",
    "altair",
    "vl-convert-python",
    "papermill",
    "nbval",
    "pandas",
    "pyarrow",
    "pandera",
)


def _chapter_runs(lang: str) -> list[dict]:
    """Per committed notebook of the ``lang`` edition: title, parameters, datasets read with their hashes."""
    runs = []
    for path, nb, outs in notebooks.committed(lang):
        datasets: dict[str, str] = {}
        for out in outs:
            datasets = out.get("data", {}).get("application/json", {}).get("datasets", datasets)
        title = next(
            (
                c.source.splitlines()[0].lstrip("# ")
                for c in nb.cells
                if c.cell_type == "markdown" and f"lang-{lang}" in c.metadata.get("tags", [])
            ),
            path.stem,
        )
        runs.append(
            {
                "chapter": path.stem,
                "title": title,
                "parameters": nb.metadata["materials_book"]["parameters"],
                "datasets": datasets,
            }
        )
    return runs


def _shell(word) -> str:
    """A word of a shell command, quoted unless it is plain (letters of any script, digits, ``._,:/=+@%-``)."""
    return str(word) if re.fullmatch(r"[\w.,:/=+@%-]+", str(word)) else shlex.quote(str(word))


def reproducibility_markdown(lang: str) -> str:
    """For each chapter: parameters it was executed with, datasets read (content hash), package versions, rerun
    command."""
    from importlib.metadata import version

    lines = _opening("reproducibility", lang)
    for run in _chapter_runs(lang):
        args = " ".join(f"-p {_shell(k)} {_shell(v)}" for k, v in run["parameters"].items())
        notebook = _shell(f"chapters/{run['chapter']}.ipynb")
        command = f"materials-book rerun {notebook} {args}"
        parameters = ", ".join(escape.code(f"{k} = {v!r}") for k, v in run["parameters"].items())
        datasets = ", ".join(f"{escape.code(n)} ({escape.code(h)})" for n, h in run["datasets"].items())
        lines += [
            f"## {escape.markdown(run['title'])}",
            "",
            TEXT("reproducibility.parameters", lang, values=parameters),
            TEXT("reproducibility.datasets", lang, values=datasets),
            "",
            f"{escape.fence(command)}bash",
            escape.plain(command),
            escape.fence(command),
            "",
        ]
    lines += [TEXT("packages.title", lang), "", "| package | version |", "|---|---|"]
    lines += [f"| {name} | {version(name)} |" for name in PACKAGES] + [""]
    return "\n".join(lines)


def glossary_markdown(lang: str) -> str:
    """The glossary: every entity, indicator and unit term in Chinese and English with its definition."""
    gl = data.load("glossary")
    profile_of = profiles.profile_of()
    lines = _opening("glossary", lang) + [TEXT("glossary.head", lang)]
    for r in gl.sort_values("zh" if lang == "zh" else "en", key=lambda s: s.str.lower()).itertuples():
        names = [_cell(r.zh, lang), _cell(r.en, lang)] if lang == "zh" else [_cell(r.en, lang), _zh_cell(r.zh, lang)]
        if r.key in profile_of:  # a term with a profile page links to it
            names[0] = f"[{names[0]}]({profiles.page_name(profile_of[r.key])}.md)"
        lines.append("| " + " | ".join(names + [_cell(r.type, lang), _cell(r.definition, lang)]) + " |")
    return "\n".join(lines + [""])


def reconciliation_lines(lang: str) -> list[str]:
    """The 000 against 001 reconciliation as an appendix section."""
    rec = reconcile.table()
    lines = _opening("reconciliation", lang, n=len(rec), agree=int(rec["agrees"].sum()))
    lines.append(TEXT("reconciliation.head", lang))
    for r in rec[~rec["agrees"]].itertuples():
        lines.append(
            f"| {_id(r.id)} | {_cell(r.value_as_written, lang)} | {_yes_no(r.quote_in_001, lang)} "
            f"| {_yes_no(r.value_in_001, lang)} |"
        )
    web = reconcile.numbers_of_001()
    other = web[~web["in_000"] & ~web["heading"]]
    same, headings = int(web["in_000"].sum()), int((~web["in_000"] & web["heading"]).sum())
    lines += ["", TEXT("reconciliation.reverse", lang, n=len(web), same=same, headings=headings, other=len(other))]
    return lines + [""]


def same_figure_lines(lang: str) -> list[str]:
    """Figures stated in more than one document, side by side."""
    pairs = reconcile.same_figures()
    lines = _opening("same_figures", lang) + [TEXT("same_figures.head", lang)]
    for r in pairs.itertuples():
        year = "" if pd.isna(r.year) else int(r.year)
        entity, indicator = (r.entity_zh, r.indicator_zh) if lang == "zh" else (r.entity_en, r.indicator_en)
        cells = [
            _cell(entity, lang),
            _cell(indicator, lang),
            year,
            _cell(r.a_source, lang),
            _cell(r.a_as_written, lang),
            _cell(r.b_source, lang),
            _cell(r.b_as_written, lang),
            _yes_no(r.agrees, lang),
        ]
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    ids = ", ".join(f"{escape.code(r.a)} / {escape.code(r.b)}" for r in pairs.itertuples())
    lines += ["", TEXT("same_figures.rows", lang, ids=ids)]
    return lines + [""]


def difference_lines(lang: str) -> list[str]:
    """Every difference between or within the documents found during entry and by the checks (differences.yaml)."""
    lines = _opening("differences", lang) + [TEXT("differences.head", lang)]
    for e in reconcile.differences():
        what = _cell(e["zh"] if lang == "zh" else e["en"], lang)
        rows = ", ".join(_id(r) for r in e["rows"])
        lines.append(f"| {_cell(pick(lang, *reconcile.DIFFERENCE_KINDS[e['kind']]), lang)} | {what} | {rows} |")
    return lines + [""]


def completeness_lines(lang: str) -> list[str]:
    """How complete the data is: each document's numbers entered or listed, rows per document and kind, what was
    not encoded."""
    counts = coverage.report()
    reasons = [r for r in coverage.REASONS if any(r in c for c in counts.values())]
    lines = _opening("completeness", lang)
    lines += [
        "| " + " | ".join([TEXT("document", lang)] + [_cell(d, lang) for d in counts]) + " |",
        "|" + "---|" * (1 + len(counts)),
    ]
    statuses = [(key, TEXT(f"completeness.{key}", lang)) for key in ("numbers", "entered")]
    statuses += [(r, TEXT("completeness.listed", lang, reason=pick(lang, *coverage.REASONS[r][:2]))) for r in reasons]
    statuses += [("missing", TEXT("completeness.missing", lang))]
    for key, label in statuses:
        cells = [sum(c.values()) if key == "numbers" else c.get(key, 0) for c in counts.values()]
        lines.append(f"| {label} | " + " | ".join(str(int(n)) for n in cells) + " |")
    facts = data.all_facts()
    by_kind = facts.pivot_table(index="source", columns="kind", values="id", aggfunc="count", fill_value=0)
    kinds = [k for k in ("stated", "target", "projection", "derived") if k in by_kind.columns]
    lines += [
        "",
        TEXT("completeness.by_kind", lang),
        "",
        f"| {TEXT('document', lang)} | " + " | ".join(kind(k, lang) for k in kinds) + f" | {TEXT('total', lang)} |",
        "|" + "---|" * (len(kinds) + 2),
    ]
    lines += [
        f"| {_cell(doc, lang)} | " + " | ".join(str(int(row[k])) for k in kinds) + f" | {int(row[kinds].sum())} |"
        for doc, row in by_kind.iterrows()
    ]
    unencodable = [
        f"| {_cell(doc, lang)} | {_zh_cell(e['text'], lang)} | {escape.table_cell(e['note'])} |"
        for doc, entries in sorted(coverage.listed().items())
        for e in entries
        if e["reason"] == "not_encodable"
    ]
    lines += ["", TEXT("completeness.unencodable", lang), "", TEXT("completeness.unencodable.head", lang)]
    return lines + (unencodable or [TEXT("completeness.none", lang)]) + [""]


def quotes_markdown(lang: str) -> str:
    """Every entered number next to the sentence it comes from, by document and section; derived rows with their
    formula."""
    from itertools import groupby

    facts = data.all_facts()
    docs = documents()
    lines = _opening("quotes", lang)
    typed = facts[facts["kind"] != "derived"].copy()
    typed["at"] = [sources.document_text(d).find(sources.squash(q)) for d, q in zip(typed["source"], typed["quote"])]
    for doc, rows in typed.sort_values(["source", "at", "id"]).groupby("source", sort=True):
        lines += [f"(doc-{_anchor(doc)})=", f"## \\[{escape.markdown(doc)}\\] {_doc_title(docs[doc], lang)}", ""]
        for section, part in groupby(rows.itertuples(), key=lambda r: r.section):
            section_text = escape.markdown(section)
            if lang == "en":
                section_text = f'<span lang="zh">{section_text}</span>'
            lines += [TEXT("quotes.section", lang, section=section_text), "", TEXT("quotes.head", lang)]
            lines += [
                f"| {_zh_cell(r.value_as_written, lang)} | {_zh_cell(r.quote, lang)} | {kind(r.kind, lang)} "
                f'| <span id="{row_anchor(r.id)}"></span>{_id(r.id)} |'
                for r in part
            ] + [""]
    derived = facts[facts["kind"] == "derived"]
    lines += [TEXT("derived.title", lang), "", TEXT("derived.head", lang)]
    written = facts.set_index("id")["value_as_written"].to_dict()
    shown = [
        significant(r.value, derived_digits([written.get(i.split("=", 1)[1]) for i in r.inputs.split(";")]))
        for r in derived.itertuples()
    ]
    lines += [
        f'| <span id="{row_anchor(r.id)}"></span>{_id(r.id)} | '
        f"{TEXT('derived.value', lang, qualifier=qualifier(r.qualifier, lang), value=v)}"
        f"{_cell(r.unit, lang)} | {_cell(r.formula, lang)} |"
        for r, v in zip(derived.itertuples(), shown)
    ]
    return "\n".join(lines + [""])


def _anchor(doc_id: str) -> str:
    """A document id as the label of a MyST target (doc-000); anything else is refused."""
    if not re.fullmatch(r"[0-9A-Za-z_-]+", str(doc_id)):
        raise ValueError(f"document id {doc_id!r} cannot be a page anchor")
    return str(doc_id)


PAGES = {
    "appendix_data": appendix_markdown,
    "quotes": quotes_markdown,
    "glossary": glossary_markdown,
    "reproducibility": reproducibility_markdown,
    "findings": findings.findings_markdown,
}


def write_edition(lang: str) -> tuple[set[str], dict[str, list[dict]]]:
    """The generated pages of one edition (its ``generated/`` folder: the appendices, the materials index and a
    profile page per material), pages no longer generated removed; returns the page names and each chart's rows."""
    folder = paths.generated(lang)
    for name, page in PAGES.items():
        write_if_changed(folder / f"{name}.md", page(lang).encode("utf-8"))
    written, charts = profiles.write(folder, paths.DOWNLOADS / "materials", lang, write_if_changed)
    remove_others(folder, "*.md", written | set(PAGES))
    return written, charts


def write_pages() -> None:
    """Generated pages of both editions, written at once (one process each: the editions share no file but the
    profiles' CSVs, which only the Chinese one writes), then the per-chart data files and the English config."""
    done = pool.run_all([(lang,) for lang in LANGS], fn=write_edition, desc="pages", progress=False)
    written = set().union(*(names for names, _ in done))
    drawn = {chart: rows for _, charts in done for chart, rows in charts.items()}
    remove_others(paths.DOWNLOADS / "materials", "*.csv", written)
    editions.write_english_config()
    downloads.write_chart_data(drawn)
