"""Static assets of the site, generated before the book build: the offline vega bundle and data downloads."""
from __future__ import annotations

from functools import partial

import pandas as pd

from .. import data, paths
from ..checks import coverage, reconcile
from ..files import write_if_changed
from ..labels import kind, mark_zh, pick
from ..pipeline import sources
from ..pipeline.documents import catalogue as documents
from . import editions

BUNDLE = paths.STATIC / "vega-bundle.js"
DOWNLOADS = paths.DOWNLOADS


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
    for old in DOWNLOADS.glob("*.*"):
        if old.name.split(".")[0] not in data.names():
            old.unlink()
    return changed


def appendix_markdown(lang: str) -> str:
    """The data appendix: every dataset with title, description, row count, sources and downloads; how to cite."""
    t = partial(pick, lang)
    lines = [t("# 附录：数据集", "# Appendix: datasets"), "",
             t("本书所有图表都只读取下列数据集。每个数据集由 `data/sources/` 中逐行注明出处的手工录入文件构建，可下载为 CSV、Parquet 及元数据（JSON）。",
               "Every chart reads only these datasets, built from hand-entered rows in `data/sources/`, each with its verbatim quote. "
               "Download each as CSV, Parquet and metadata (JSON)."), ""]
    for name in data.names():
        m = data.meta(name)
        description = m["description"][lang] if lang == "zh" else mark_zh(m["description"][lang])
        lines += [f"## {m['title'][lang]}", "", description, "",
                  f"- {t('数据集', 'dataset')}: `{name}`, {m['row_count']} {t('行', 'rows')}"]
        if m.get("kinds"):
            lines.append(f"- {t('类型', 'kinds')}: " + ", ".join(f"{k} {n}" for k, n in m["kinds"].items()))
        if m.get("units"):
            lines.append(f"- {t('单位', 'units')}: " + ", ".join(u["unit"] for u in m["units"]))
        for src in m["sources"]:
            title = f"《{src['title']}》" if lang == "zh" else f"*{src['title_en']}*"
            publication = src["publication"] if lang == "zh" else mark_zh(src["publication"])
            lines.append(f"- {t('来源', 'source')} [{src['id']}]: {title} ({publication})")
        lines += [f"- {t('处理说明', 'processing')}: {m['processing'][lang] if lang == 'zh' else mark_zh(m['processing'][lang])}",
                  f'- {t("下载", "download")}: <a href="../_static/downloads/{name}.csv">CSV</a> · '
                  f'<a href="../_static/downloads/{name}.parquet">Parquet</a> · '
                  f'<a href="../_static/downloads/{name}.meta.json">{t("元数据", "metadata")} (JSON)</a>', ""]
    lines += reconciliation_lines(lang) + same_figure_lines(lang) + difference_lines(lang) + completeness_lines(lang)
    lines += [t("## 如何引用", "## How to cite"), "",
              t("引用本书数字时，请同时引用其原始文献（BibTeX 见仓库中的 `references.bib`）：",
                "When citing a number from this book, cite its source document too (BibTeX from `references.bib`):"), "",
              "```bibtex", (paths.ROOT / "references.bib").read_text(encoding="utf-8").strip(), "```", ""]
    return "\n".join(lines)


PACKAGES = ("jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme", "altair", "vl-convert-python", "papermill", "nbval",
            "pandas", "pyarrow", "pandera")


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


def reproducibility_markdown(lang: str) -> str:
    """For each chapter: parameters it was executed with, datasets read (content hash), package versions, rerun command."""
    from importlib.metadata import version

    t = partial(pick, lang)
    lines = [t("# 可复现性", "# Reproducibility"), "",
             t("本页在构建时由已提交的笔记本生成：每章执行时的参数、读取的数据集及其内容哈希（SHA-256 前 16 位）、软件包版本，以及重新运行的命令。",
               "Generated at build time from the committed notebooks: the parameters each chapter was executed with, the datasets it "
               "read with a content hash (first 16 hex digits of SHA-256), the package versions and the command to rerun it."), ""]
    for run in _chapter_runs(lang):
        args = " ".join(f"-p {k} {v}" for k, v in run["parameters"].items())
        lines += [f"## {run['title'] if lang == 'en' else run['title']}", "",
                  f"- {t('参数', 'parameters')}: " + ", ".join(f"`{k} = {v!r}`" for k, v in run["parameters"].items()),
                  f"- {t('数据集', 'datasets')}: " + ", ".join(f"`{n}` (`{h}`)" for n, h in run["datasets"].items()), "",
                  "```bash", f"materials-book rerun chapters/{run['chapter']}.ipynb {args}", "```", ""]
    lines += [t("## 软件包版本", "## Package versions"), "", "| package | version |", "|---|---|"]
    lines += [f"| {name} | {version(name)} |" for name in PACKAGES] + [""]
    return "\n".join(lines)


def glossary_markdown(lang: str) -> str:
    """The glossary: every entity, indicator and unit term in Chinese and English with its definition."""
    gl = data.load("glossary")
    head = ("# 术语表", "| 中文 | English | 用作 | 定义（英文） |") if lang == "zh" else ("# Glossary", "| English | 中文 | used as | definition |")
    lines = [head[0], "", "数据中所有实体、指标与单位的中英文名称。" if lang == "zh" else "Names of every entity, indicator and unit in the data.", "",
             head[1], "|---|---|---|---|"]
    for r in gl.sort_values("zh" if lang == "zh" else "en", key=lambda s: s.str.lower()).itertuples():
        if lang == "zh":
            lines.append(f"| {r.zh} | {r.en} | {r.type} | {r.definition} |")
        else:
            lines.append(f'| {r.en} | <span lang="zh">{r.zh}</span> | {r.type} | {mark_zh(r.definition)} |')
    return "\n".join(lines + [""])


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
    t = partial(pick, lang)
    rec = reconcile.table()
    lines = [t("## 文献 000 与 001 的核对", "## Reconciling 000 and 001"), "",
             t(f"文献 001 是 000 的网页转载。从 000 录入的 {len(rec)} 个数字中，{int(rec['agrees'].sum())} 个在 001 中出现；以下为不一致之处：",
               f"Document 001 reprints 000 on the web. Of the {len(rec)} numbers entered from 000, {int(rec['agrees'].sum())} also stand in 001; the differences:"), "",
             t("| 数据行 | 原文数值（000） | 001 中有原句 | 001 中有该数字 |", "| data row | as written (000) | sentence in 001 | number in 001 |"), "|---|---|---|---|"]
    yes, no = t("是", "yes"), t("否", "no")
    for r in rec[~rec["agrees"]].itertuples():
        written = r.value_as_written if lang == "zh" else mark_zh(r.value_as_written)
        lines.append(f"| `{r.id}` | {written} | {yes if r.quote_in_001 else no} | {yes if r.value_in_001 else no} |")
    web = reconcile.numbers_of_001()
    other = web[~web["in_000"] & ~web["heading"]]
    lines += ["", t(f"反向核对：001 中的 {len(web)} 个阿拉伯数字，{int(web['in_000'].sum())} 个连同前后文字出现在 000 中；"
                    f"{int((~web['in_000'] & web['heading']).sum())} 个是 001 自行编排的章节、图表编号；其余不一致 {len(other)} 个。",
                    f"The other way round: of the {len(web)} Arabic numerals in 001, {int(web['in_000'].sum())} stand in 000 with the "
                    f"characters around them; {int((~web['in_000'] & web['heading']).sum())} are section, figure or table numbers that 001 "
                    f"numbers its own way; {len(other)} other differences.")]
    return lines + [""]


def same_figure_lines(lang: str) -> list[str]:
    """Figures stated in more than one document, side by side."""
    t = partial(pick, lang)
    pairs = reconcile.same_figures()
    lines = [t("## 多份文献给出的同一数字", "## Figures stated in more than one document"), "",
             t("同一实体、指标、地区与年份在不同文献中的数值（按两者中较粗的书写精度比较）：",
               "The same entity, indicator, region and year in two documents (compared at the coarser of the two written precisions):"), "",
             t("| 实体 | 指标 | 年份 | 文献 A | 原文 A | 文献 B | 原文 B | 一致 |", "| entity | indicator | year | doc A | as written A | doc B | as written B | agree |"),
             "|---|---|---|---|---|---|---|---|"]
    for r in pairs.itertuples():
        a, b = (r.a_as_written, r.b_as_written) if lang == "zh" else (mark_zh(r.a_as_written), mark_zh(r.b_as_written))
        year = "" if pd.isna(r.year) else int(r.year)
        entity, indicator = (r.entity_zh, r.indicator_zh) if lang == "zh" else (r.entity_en, r.indicator_en)
        lines.append(f"| {entity} | {indicator} | {year} | {r.a_source} | {a} | {r.b_source} | {b} | {t('是', 'yes') if r.agrees else t('否', 'no')} |")
    ids = ", ".join(f"`{r.a}` / `{r.b}`" for r in pairs.itertuples())
    lines += ["", t(f"数据行：{ids}。", f"Data rows: {ids}.")]
    return lines + [""]


def difference_lines(lang: str) -> list[str]:
    """Every difference between or within the documents found during entry and by the checks (differences.yaml)."""
    t = partial(pick, lang)
    lines = [t("## 文献之间与文献内部的差异", "## Differences between and within the documents"), "",
             t("录入与核对中发现的全部差异；数据按原文录入，不作修正。", "Every difference found while entering and checking the data; rows keep the documents' wording, nothing is corrected."), "",
             t("| 类型 | 说明 | 数据行 |", "| kind | what | data rows |"), "|---|---|---|"]
    for e in reconcile.differences():
        what = e["zh"] if lang == "zh" else mark_zh(e["en"])
        lines.append(f"| {t(*reconcile.DIFFERENCE_KINDS[e['kind']])} | {what} | " + ", ".join(f"`{r}`" for r in e["rows"]) + " |")
    return lines + [""]


def completeness_lines(lang: str) -> list[str]:
    """How complete the data is: each document's numbers entered or listed, rows per document and kind, what was not encoded."""
    t = partial(pick, lang)
    counts = coverage.report()
    reasons = [r for r in coverage.REASONS if any(r in c for c in counts.values())]
    lines = [t("## 数据完整性", "## Completeness"), "",
             t("文献中的每个数字（阿拉伯数字，以及带量词的汉字数字，如“五倍”“十年”）要么录入为数据行，要么在 `data/sources/coverage/` "
               "中注明不是数据的原因（测试逐一核对）。文献 001 是 000 的转载，其数字由上文的核对覆盖。",
               "Every number in the documents (Arabic numerals, and Chinese numerals with a measure word such as <span lang=\"zh\">五倍</span>) "
               "is either entered as a data row or listed in `data/sources/coverage/` with the reason it is not data (a test checks each one). "
               "Document 001 reprints 000; the reconciliation above covers its numbers."), "",
             "| " + " | ".join([t("文献", "document")] + list(counts)) + " |", "|" + "---|" * (1 + len(counts))]
    statuses = [("numbers", t("数字（合计）", "numbers (all)"))] + [("entered", t("已录入为数据行", "entered as data rows"))] + \
               [(r, t("列出：", "listed: ") + t(*coverage.REASONS[r][:2])) for r in reasons] + [("missing", t("未处理", "missing"))]
    for key, label in statuses:
        cells = [sum(c.values()) if key == "numbers" else c.get(key, 0) for c in counts.values()]
        lines.append(f"| {label} | " + " | ".join(str(n) for n in cells) + " |")
    facts = data.all_facts()
    by_kind = facts.pivot_table(index="source", columns="kind", values="id", aggfunc="count", fill_value=0)
    kinds = [k for k in ("stated", "target", "projection", "derived") if k in by_kind.columns]
    lines += ["", t("数值数据行按文献与类型统计：", "Numeric rows by document and kind:"), "",
              f"| {t('文献', 'document')} | " + " | ".join(kind(k, lang) for k in kinds) + f" | {t('合计', 'total')} |", "|" + "---|" * (len(kinds) + 2)]
    lines += [f"| {doc} | " + " | ".join(str(int(row[k])) for k in kinds) + f" | {int(row[kinds].sum())} |" for doc, row in by_kind.iterrows()]
    lines += ["", t("无法编码为单个数值的表述：", "Statements that cannot be stored as one value:"), "",
              t("| 文献 | 原文 | 说明（英文） |", "| document | text | why |"), "|---|---|---|"]
    for doc, entries in sorted(coverage.listed().items()):
        for e in entries:
            if e["reason"] == "not_encodable":
                text = e["text"] if lang == "zh" else mark_zh(e["text"])
                lines.append(f"| {doc} | {text} | {e['note']} |")
    return lines + ([] if lines[-1] != "|---|---|---|" else [t("| – | （无） | – |", "| – | (none) | – |")]) + [""]


def quotes_markdown(lang: str) -> str:
    """Every entered number next to the sentence it comes from, by document and section; derived rows with their formula."""
    from itertools import groupby

    t = partial(pick, lang)
    def cell(text) -> str:  # a quote, a section or a value as written: Chinese text, marked as such on English pages
        text = str(text).replace("|", "\\|")
        return text if lang == "zh" else f'<span lang="zh">{text}</span>'

    facts = data.all_facts()
    docs = documents()
    lines = [t("# 附录：逐条出处", "# Appendix: every number and its sentence"), "",
             t("数据中的每个数字（文献数值、目标值、预测值）与其原句并列，按文献与原文顺序排列；原句与数值均为原文写法。"
               "推算值列出公式与输入，此处显示 6 位有效数字，完整精度见数据下载。",
               "Every number in the data (stated, target, projection) beside the sentence it was taken from, by document in the "
               "document's order; sentences and values as written. Derived values with their formula and inputs, shown here to "
               "6 significant digits (full precision in the downloads)."), ""]
    head = [t("| 原文数值 | 原句 | 类型 | 数据行 |", "| as written | sentence | kind | data row |"), "|---|---|---|---|"]
    typed = facts[facts["kind"] != "derived"].copy()
    typed["at"] = [sources.document_text(d).find(sources.squash(q)) for d, q in zip(typed["source"], typed["quote"])]
    for doc, rows in typed.sort_values(["source", "at", "id"]).groupby("source", sort=True):
        title = f"《{docs[doc]['title']}》" if lang == "zh" else f"*{docs[doc]['title_en']}*"
        lines += [f"(doc-{doc})=", f"## [{doc}] {title}", ""]
        for section, part in groupby(rows.itertuples(), key=lambda r: r.section):
            lines += [f"**{t('章节', 'Section')}: {cell(section)}**", ""] + head
            lines += [f"| {cell(r.value_as_written)} | {cell(r.quote)} | {kind(r.kind, lang)} | `{r.id}` |" for r in part] + [""]
    derived = facts[facts["kind"] == "derived"]
    lines += [t("## 推算值", "## Derived values"), "", t("| 数据行 | 数值 | 公式与输入 |", "| data row | value | formula and inputs |"), "|---|---|---|"]
    lines += [f"| `{r.id}` | {r.value:.6g} {r.unit} | {r.formula} |" for r in derived.itertuples()]
    return "\n".join(lines + [""])


PAGES = {"appendix_data": appendix_markdown, "quotes": quotes_markdown, "glossary": glossary_markdown,
         "reproducibility": reproducibility_markdown}


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
    """Write the bundle, the downloads and generated pages (``part``: bundle, pages or all)."""
    if part in ("bundle", "all"):
        write_bundle()
    if part in ("pages", "all"):
        write_downloads()
        write_pages()
    return 0
