"""Static assets of the site, generated before the book build: the offline vega bundle and data downloads."""
from __future__ import annotations

from . import data, paths
from .files import write_if_changed
from .lang import mark_zh

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
    for old in DOWNLOADS.glob("*"):
        if old.name.split(".")[0] not in data.names():
            old.unlink()
    return changed


def _edition_root(lang: str):
    return paths.ROOT if lang == "zh" else paths.EN


def appendix_markdown(lang: str) -> str:
    """The data appendix: every dataset with title, description, row count, sources and downloads; how to cite."""
    def t(zh: str, en: str) -> str:
        return zh if lang == "zh" else en

    lines = [t("# 附录：数据集", "# Appendix: datasets"), "",
             t("本书所有图表都只读取下列数据集。每个数据集由 `data/sources/` 中逐行注明出处的手工录入文件构建，可下载为 CSV、Parquet 及元数据（JSON）。",
               "Every chart reads only these datasets, built from hand-entered rows in `data/sources/`, each with its verbatim quote. "
               "Download each as CSV, Parquet and metadata (JSON)."), ""]
    for name in data.names():
        m = data.meta(name)
        lines += [f"## {m['title'][lang]}", "", m["description"][lang], "",
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
                  f'- {t("下载", "download")}: <a href="_static/downloads/{name}.csv">CSV</a> · '
                  f'<a href="_static/downloads/{name}.parquet">Parquet</a> · '
                  f'<a href="_static/downloads/{name}.meta.json">{t("元数据", "metadata")} (JSON)</a>', ""]
    lines += [t("## 如何引用", "## How to cite"), "",
              t("引用本书数字时，请同时引用其原始文献（BibTeX 见仓库中的 `references.bib`）：",
                "When citing a number from this book, cite its source document too (BibTeX from `references.bib`):"), "",
              "```bibtex", (paths.ROOT / "references.bib").read_text(encoding="utf-8").strip(), "```", ""]
    return "\n".join(lines)


def write_pages() -> None:
    """Generated pages of both editions."""
    for lang in ("zh", "en"):
        write_if_changed(_edition_root(lang) / "appendix_data.md", appendix_markdown(lang).encode("utf-8"))


def main(part: str = "all") -> int:
    """Write the bundle, the downloads and generated pages (``part``: bundle, pages or all)."""
    if part in ("bundle", "all"):
        write_bundle()
    if part in ("pages", "all"):
        write_downloads()
        write_pages()
    return 0
