"""Static assets of the site, generated before the book build: the offline vega bundle and data downloads.

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
from ..checks import coverage, reconcile
from ..files import write_if_changed
from ..labels import Texts, kind, mark_zh, pick
from ..pipeline import sources
from ..pipeline.documents import catalogue as documents
from . import editions, findings
from .findings import row_anchor

BUNDLE = paths.STATIC / "vega-bundle.js"
DOWNLOADS = paths.DOWNLOADS
# The generated pages' own texts; ``<page>.title`` and ``<page>.lead`` open a page or section (``_opening``), a
# ``.head`` is a table's header row with its separator row.
TEXT = Texts({
    "yes": ("是", "yes"), "no": ("否", "no"), "document": ("文献", "document"), "total": ("合计", "total"),
    "doc_title": ("《{title}》", "*{title}*"),
    "appendix.title": ("# 附录：数据集", "# Appendix: datasets"),
    "appendix.lead": ("本书所有图表都只读取下列数据集。每个数据集由 `data/sources/` 中逐行注明出处的手工录入文件构建，"
                      "可下载为 CSV、Parquet 及元数据（JSON）。",
                      "Every chart reads only these datasets, built from hand-entered rows in `data/sources/`, each "
                      "with its verbatim quote. Download each as CSV, Parquet and metadata (JSON)."),
    "appendix.rows": ("- 数据集: {name}, {n} 行", "- dataset: {name}, {n} rows"),
    "appendix.kinds": ("- 类型: {kinds}", "- kinds: {kinds}"),
    "appendix.units": ("- 单位: {units}", "- units: {units}"),
    "appendix.source": ("- 来源 \\[{id}\\]: {title} ({publication})", "- source \\[{id}\\]: {title} ({publication})"),
    "appendix.processing": ("- 处理说明: {text}", "- processing: {text}"),
    "appendix.download": ("- 下载: {links}", "- download: {links}"),
    "appendix.metadata": ("元数据 (JSON)", "metadata (JSON)"),
    "cite.title": ("## 如何引用", "## How to cite"),
    "cite.lead": ("引用本书数字时，请同时引用其原始文献（BibTeX 见仓库中的 `references.bib`）：",
                  "When citing a number from this book, cite its source document too (BibTeX from `references.bib`):"),
    "reproducibility.title": ("# 可复现性", "# Reproducibility"),
    "reproducibility.lead": ("本页在构建时由已提交的笔记本生成：每章执行时的参数、读取的数据集及其内容哈希"
                             "（SHA-256 前 16 位）、软件包版本，以及重新运行的命令。",
                             "Generated at build time from the committed notebooks: the parameters each chapter was "
                             "executed with, the datasets it read with a content hash (first 16 hex digits of "
                             "SHA-256), the package versions and the command to rerun it."),
    "reproducibility.parameters": ("- 参数: {values}", "- parameters: {values}"),
    "reproducibility.datasets": ("- 数据集: {values}", "- datasets: {values}"),
    "packages.title": ("## 软件包版本", "## Package versions"),
    "glossary.title": ("# 术语表", "# Glossary"),
    "glossary.lead": ("数据中所有实体、指标与单位的中英文名称。",
                      "Names of every entity, indicator and unit in the data."),
    "glossary.head": ("| 中文 | English | 用作 | 定义（英文） |\n|---|---|---|---|",
                      "| English | 中文 | used as | definition |\n|---|---|---|---|"),
    "reconciliation.title": ("## 文献 000 与 001 的核对", "## Reconciling 000 and 001"),
    "reconciliation.lead": ("文献 001 是 000 的网页转载。从 000 录入的 {n} 个数字中，{agree} 个在 001 中出现；"
                            "以下为不一致之处：",
                            "Document 001 reprints 000 on the web. Of the {n} numbers entered from 000, {agree} also "
                            "stand in 001; the differences:"),
    "reconciliation.head": ("| 数据行 | 原文数值（000） | 001 中有原句 | 001 中有该数字 |\n|---|---|---|---|",
                            "| data row | as written (000) | sentence in 001 | number in 001 |\n|---|---|---|---|"),
    "reconciliation.reverse": ("反向核对：001 中的 {n} 个阿拉伯数字，{same} 个连同前后文字出现在 000 中；"
                               "{headings} 个是 001 自行编排的章节、图表编号；其余不一致 {other} 个。",
                               "The other way round: of the {n} Arabic numerals in 001, {same} stand in 000 with the "
                               "characters around them; {headings} are section, figure or table numbers that 001 "
                               "numbers its own way; {other} other differences."),
    "same_figures.title": ("## 多份文献给出的同一数字", "## Figures stated in more than one document"),
    "same_figures.lead": ("同一实体、指标、地区与年份在不同文献中的数值（按两者中较粗的书写精度比较）：",
                          "The same entity, indicator, region and year in two documents (compared at the coarser of "
                          "the two written precisions):"),
    "same_figures.head": ("| 实体 | 指标 | 年份 | 文献 A | 原文 A | 文献 B | 原文 B | 一致 |\n"
                          "|---|---|---|---|---|---|---|---|",
                          "| entity | indicator | year | doc A | as written A | doc B | as written B | agree |\n"
                          "|---|---|---|---|---|---|---|---|"),
    "same_figures.rows": ("数据行：{ids}。", "Data rows: {ids}."),
    "differences.title": ("## 文献之间与文献内部的差异", "## Differences between and within the documents"),
    "differences.lead": ("录入与核对中发现的全部差异；数据按原文录入，不作修正。",
                         "Every difference found while entering and checking the data; rows keep the documents' "
                         "wording, nothing is corrected."),
    "differences.head": ("| 类型 | 说明 | 数据行 |\n|---|---|---|", "| kind | what | data rows |\n|---|---|---|"),
    "completeness.title": ("## 数据完整性", "## Completeness"),
    "completeness.lead": ("文献中的每个数字（阿拉伯数字，以及带量词的汉字数字，如“五倍”“十年”）要么录入为数据行，"
                          "要么在 `data/sources/coverage/` 中注明不是数据的原因（测试逐一核对）。"
                          "文献 001 是 000 的转载，其数字由上文的核对覆盖。",
                          "Every number in the documents (Arabic numerals, and Chinese numerals with a measure word "
                          "such as <span lang=\"zh\">五倍</span>) is either entered as a data row or listed in "
                          "`data/sources/coverage/` with the reason it is not data (a test checks each one). Document "
                          "001 reprints 000; the reconciliation above covers its numbers."),
    "completeness.numbers": ("数字（合计）", "numbers (all)"),
    "completeness.entered": ("已录入为数据行", "entered as data rows"),
    "completeness.listed": ("列出：{reason}", "listed: {reason}"),
    "completeness.missing": ("未处理", "missing"),
    "completeness.by_kind": ("数值数据行按文献与类型统计：", "Numeric rows by document and kind:"),
    "completeness.unencodable": ("无法编码为单个数值的表述：", "Statements that cannot be stored as one value:"),
    "completeness.unencodable.head": ("| 文献 | 原文 | 说明（英文） |\n|---|---|---|",
                                      "| document | text | why |\n|---|---|---|"),
    "completeness.none": ("| – | （无） | – |", "| – | (none) | – |"),
    "quotes.title": ("# 附录：逐条出处", "# Appendix: every number and its sentence"),
    "quotes.lead": ("数据中的每个数字（文献数值、目标值、预测值）与其原句并列，按文献与原文顺序排列；"
                    "原句与数值均为原文写法。推算值列出公式与输入，此处显示 6 位有效数字，完整精度见数据下载。",
                    "Every number in the data (stated, target, projection) beside the sentence it was taken from, by "
                    "document in the document's order; sentences and values as written. Derived values with their "
                    "formula and inputs, shown here to 6 significant digits (full precision in the downloads)."),
    "quotes.head": ("| 原文数值 | 原句 | 类型 | 数据行 |\n|---|---|---|---|",
                    "| as written | sentence | kind | data row |\n|---|---|---|---|"),
    "quotes.section": ("**章节: {section}**", "**Section: {section}**"),
    "derived.title": ("## 推算值", "## Derived values"),
    "derived.head": ("| 数据行 | 数值 | 公式与输入 |\n|---|---|---|",
                     "| data row | value | formula and inputs |\n|---|---|---|"),
})


def _text(text, lang: str) -> str:
    """Data text in running Markdown; on English pages its Chinese runs are marked lang="zh"."""
    return escape.markdown(text) if lang == "zh" else mark_zh(escape.markdown(text))


def _cell(text, lang: str) -> str:
    """Data text in a Markdown table cell; on English pages its Chinese runs are marked lang="zh"."""
    return escape.table_cell(text) if lang == "zh" else mark_zh(escape.table_cell(text))


def _zh_cell(text, lang: str) -> str:
    """Chinese data text (a quote, a section, a value as written) in a table cell, marked lang="zh" on English pages."""
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
    return TEXT("doc_title", lang,
                title=escape.markdown(doc["title"]) if lang == "zh" else _text(doc["title_en"], lang))


def write_bundle() -> bool:
    """vega + vega-lite + vega-embed from vl-convert, wrapped in an IIFE so it does not clash with the theme."""
    import vl_convert

    js = "(function(){\n" + vl_convert.javascript_bundle() + "\n})();\n"
    return write_if_changed(BUNDLE, js.encode("utf-8"))


def write_downloads() -> int:
    """Every dataset as CSV, Parquet and metadata JSON under _static/downloads/; returns files changed."""
    changed = 0
    for name in data.names():
        df = data.load(name)
        csv = df.to_csv(index=False).encode("utf-8-sig")
        changed += write_if_changed(DOWNLOADS / f"{name}.csv", csv)
        changed += write_if_changed(DOWNLOADS / f"{name}.parquet", paths.parquet(name).read_bytes())
        changed += write_if_changed(DOWNLOADS / f"{name}.meta.json", paths.metadata(name).read_bytes())
    names = data.names()
    for old in DOWNLOADS.glob("*.*"):
        if old.name.split(".")[0] not in names:
            old.unlink()
    return changed


def appendix_markdown(lang: str) -> str:
    """The data appendix: every dataset with title, description, row count, sources and downloads; how to cite."""
    lines = _opening("appendix", lang)
    for name in data.names():
        m = data.meta(name)
        lines += [f"## {escape.markdown(m['title'][lang])}", "", _text(m["description"][lang], lang), "",
                  TEXT("appendix.rows", lang, name=escape.code(name), n=int(m["row_count"]))]
        if m.get("kinds"):
            lines.append(TEXT("appendix.kinds", lang,
                              kinds=", ".join(f"{escape.markdown(k)} {int(n)}" for k, n in m["kinds"].items())))
        if m.get("units"):
            lines.append(TEXT("appendix.units", lang, units=", ".join(escape.markdown(u["unit"]) for u in m["units"])))
        for src in m["sources"]:
            lines.append(TEXT("appendix.source", lang, id=escape.markdown(src["id"]), title=_doc_title(src, lang),
                              publication=_text(src["publication"], lang)))
        href = escape.html_attribute(url_quote(name))
        links = " · ".join(f'<a href="../_static/downloads/{href}.{ext}">{label}</a>' for ext, label in
                           (("csv", "CSV"), ("parquet", "Parquet"), ("meta.json", TEXT("appendix.metadata", lang))))
        lines += [TEXT("appendix.processing", lang, text=_text(m["processing"][lang], lang)),
                  TEXT("appendix.download", lang, links=links), ""]
    lines += reconciliation_lines(lang) + same_figure_lines(lang) + difference_lines(lang) + completeness_lines(lang)
    bib = (paths.ROOT / "references.bib").read_text(encoding="utf-8").strip()
    lines += _opening("cite", lang) + [f"{escape.fence(bib)}bibtex", bib, escape.fence(bib), ""]
    return "\n".join(lines)


PACKAGES = ("jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme", "altair", "vl-convert-python", "papermill",
            "nbval", "pandas", "pyarrow", "pandera")


def _chapter_runs(lang: str) -> list[dict]:
    """Per committed notebook of the ``lang`` edition: title, parameters, datasets read with their hashes."""
    import nbformat

    from . import notebooks

    runs = []
    for src in notebooks.chapters():
        nb = nbformat.read(notebooks.edition_path(src, lang), as_version=4)
        datasets = {}
        for out in (o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])):
            datasets = out.get("data", {}).get("application/json", {}).get("datasets", datasets)
        title = next((c.source.splitlines()[0].lstrip("# ") for c in nb.cells if c.cell_type == "markdown"
                      and f"lang-{lang}" in c.metadata.get("tags", [])), src.stem)
        runs.append({"chapter": src.stem, "title": title, "parameters": nb.metadata["materials_book"]["parameters"],
                     "datasets": datasets})
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
        lines += [f"## {escape.markdown(run['title'])}", "",
                  TEXT("reproducibility.parameters", lang, values=parameters),
                  TEXT("reproducibility.datasets", lang, values=datasets), "",
                  f"{escape.fence(command)}bash", escape.plain(command), escape.fence(command), ""]
    lines += [TEXT("packages.title", lang), "", "| package | version |", "|---|---|"]
    lines += [f"| {name} | {version(name)} |" for name in PACKAGES] + [""]
    return "\n".join(lines)


def glossary_markdown(lang: str) -> str:
    """The glossary: every entity, indicator and unit term in Chinese and English with its definition."""
    gl = data.load("glossary")
    lines = _opening("glossary", lang) + [TEXT("glossary.head", lang)]
    for r in gl.sort_values("zh" if lang == "zh" else "en", key=lambda s: s.str.lower()).itertuples():
        if lang == "zh":
            names = [_cell(r.zh, lang), _cell(r.en, lang)]
        else:
            names = [_cell(r.en, lang), _zh_cell(r.zh, lang)]
        lines.append("| " + " | ".join(names + [_cell(r.type, lang), _cell(r.definition, lang)]) + " |")
    return "\n".join(lines + [""])


_CHART_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def write_chart_data() -> int:
    """The data drawn by every chart of the committed notebooks, as _static/downloads/charts/<chart id>.csv, from
    the manifest entry the renderer puts in each chart output's metadata."""
    import nbformat

    from . import notebooks

    wanted = {}
    for src in notebooks.chapters():
        for lang in ("zh", "en"):
            nb = nbformat.read(notebooks.edition_path(src, lang), as_version=4)
            for out in (o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])):
                chart = out.get("metadata", {}).get("materials_book")
                if chart:
                    if not _CHART_ID.fullmatch(str(chart["chart"])):
                        raise ValueError(f"{notebooks.edition_path(src, lang).name}: chart id {chart['chart']!r} "
                                         "is not a file name")
                    wanted[chart["chart"]] = chart["rows"]
    out_dir = paths.DOWNLOADS / "charts"
    changed = 0
    for uid, rows in wanted.items():
        changed += write_if_changed(out_dir / f"{uid}.csv", pd.DataFrame(rows).to_csv(index=False).encode("utf-8-sig"))
    for old in out_dir.glob("*.csv"):
        if old.stem not in wanted:
            old.unlink()
    return changed


def reconciliation_lines(lang: str) -> list[str]:
    """The 000 against 001 reconciliation as an appendix section."""
    rec = reconcile.table()
    lines = _opening("reconciliation", lang, n=len(rec), agree=int(rec["agrees"].sum()))
    lines.append(TEXT("reconciliation.head", lang))
    for r in rec[~rec["agrees"]].itertuples():
        lines.append(f"| {_id(r.id)} | {_cell(r.value_as_written, lang)} | {_yes_no(r.quote_in_001, lang)} "
                     f"| {_yes_no(r.value_in_001, lang)} |")
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
        cells = [_cell(entity, lang), _cell(indicator, lang), year, _cell(r.a_source, lang),
                 _cell(r.a_as_written, lang), _cell(r.b_source, lang), _cell(r.b_as_written, lang),
                 _yes_no(r.agrees, lang)]
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
    lines += ["| " + " | ".join([TEXT("document", lang)] + [_cell(d, lang) for d in counts]) + " |",
              "|" + "---|" * (1 + len(counts))]
    statuses = [(key, TEXT(f"completeness.{key}", lang)) for key in ("numbers", "entered")]
    statuses += [(r, TEXT("completeness.listed", lang, reason=pick(lang, *coverage.REASONS[r][:2]))) for r in reasons]
    statuses += [("missing", TEXT("completeness.missing", lang))]
    for key, label in statuses:
        cells = [sum(c.values()) if key == "numbers" else c.get(key, 0) for c in counts.values()]
        lines.append(f"| {label} | " + " | ".join(str(int(n)) for n in cells) + " |")
    facts = data.all_facts()
    by_kind = facts.pivot_table(index="source", columns="kind", values="id", aggfunc="count", fill_value=0)
    kinds = [k for k in ("stated", "target", "projection", "derived") if k in by_kind.columns]
    lines += ["", TEXT("completeness.by_kind", lang), "",
              f"| {TEXT('document', lang)} | " + " | ".join(kind(k, lang) for k in kinds)
              + f" | {TEXT('total', lang)} |",
              "|" + "---|" * (len(kinds) + 2)]
    lines += [f"| {_cell(doc, lang)} | " + " | ".join(str(int(row[k])) for k in kinds) + f" | {int(row[kinds].sum())} |"
              for doc, row in by_kind.iterrows()]
    unencodable = [f"| {_cell(doc, lang)} | {_zh_cell(e['text'], lang)} | {escape.table_cell(e['note'])} |"
                   for doc, entries in sorted(coverage.listed().items())
                   for e in entries if e["reason"] == "not_encodable"]
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
            lines += [f"| {_zh_cell(r.value_as_written, lang)} | {_zh_cell(r.quote, lang)} | {kind(r.kind, lang)} "
                      f'| <span id="{row_anchor(r.id)}"></span>{_id(r.id)} |' for r in part] + [""]
    derived = facts[facts["kind"] == "derived"]
    lines += [TEXT("derived.title", lang), "", TEXT("derived.head", lang)]
    lines += [f"| {_id(r.id)} | {r.value:.6g} {_cell(r.unit, lang)} | {_cell(r.formula, lang)} |"
              for r in derived.itertuples()]
    return "\n".join(lines + [""])


def _anchor(doc_id: str) -> str:
    """A document id as the label of a MyST target (doc-000); anything else is refused."""
    if not re.fullmatch(r"[0-9A-Za-z_-]+", str(doc_id)):
        raise ValueError(f"document id {doc_id!r} cannot be a page anchor")
    return str(doc_id)


PAGES = {"appendix_data": appendix_markdown, "quotes": quotes_markdown, "glossary": glossary_markdown,
         "reproducibility": reproducibility_markdown, "findings": findings.findings_markdown}


def write_pages() -> None:
    """Generated pages of both editions (each edition's ``generated/`` folder) and the per-chart data files."""
    for lang in ("zh", "en"):
        folder = paths.generated(lang)
        for name, page in PAGES.items():
            write_if_changed(folder / f"{name}.md", page(lang).encode("utf-8"))
        for old in folder.glob("*.md"):
            if old.stem not in PAGES:
                old.unlink()
    editions.write_english_config()
    write_chart_data()


def main(part: str = "all") -> int:
    """Write the bundle, the downloads and generated pages (``part``: bundle, pages or all). Pages are written only
    from a whole and current data set (``data.verify``: DataError otherwise, never a page without a dataset)."""
    if part in ("pages", "all"):
        data.verify()
    if part in ("bundle", "all"):
        write_bundle()
    if part in ("pages", "all"):
        write_downloads()
        write_pages()
    return 0
