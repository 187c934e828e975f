"""Static assets of the site, generated before the book build: the offline vega bundle and data downloads."""
from __future__ import annotations

from . import data, paths
from .files import write_if_changed

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




APPENDIX = paths.ROOT / "appendix_data.md"


def appendix_markdown() -> str:
    """The data appendix: every dataset with title, description, row count, sources and downloads; how to cite."""
    lines = ["# 附录：数据集 / Appendix: datasets", "",
             "本书所有图表都只读取下列数据集。每个数据集由 `data/sources/` 中逐行注明出处的手工录入文件构建，可下载为 CSV、Parquet 及元数据（JSON）。",
             "", "*Every chart reads only these datasets, built from hand-entered rows in `data/sources/`, each with its verbatim quote.*", ""]
    for name in data.names():
        m = data.meta(name)
        lines += [f"## {m['title']['zh']} / {m['title']['en']}", "",
                  f"{m['description']['zh']}", "", f"*{m['description']['en']}*", "",
                  f"- 数据集 / dataset: `{name}`，{m['row_count']} 行 / rows"]
        if m.get("kinds"):
            lines.append("- 类型 / kinds: " + ", ".join(f"{k} {n}" for k, n in m["kinds"].items()))
        if m.get("units"):
            lines.append("- 单位 / units: " + ", ".join(f"{u['unit']}" for u in m["units"]))
        for s in m["sources"]:
            lines.append(f"- 来源 / source [{s['id']}]: {s['authors']}《{s['title']}》（{s['publication']}）")
        lines += [f"- 处理说明 / processing: {m['processing']['zh']} *{m['processing']['en']}*",
                  f'- 下载 / download: <a href="_static/downloads/{name}.csv">CSV</a> · <a href="_static/downloads/{name}.parquet">Parquet</a> · '
                  f'<a href="_static/downloads/{name}.meta.json">metadata (JSON)</a>', ""]
    lines += ["## 如何引用 / How to cite", "", "引用本书数字时，请同时引用其原始文献（BibTeX 见仓库中的 `references.bib`）：", "",
              "```bibtex", (paths.ROOT / "references.bib").read_text(encoding="utf-8").strip(), "```", ""]
    return "\n".join(lines)


def write_pages() -> None:
    write_if_changed(APPENDIX, appendix_markdown().encode("utf-8"))


def main(part: str = "all") -> int:
    """Write the bundle, the downloads and generated pages (``part``: bundle, pages or all)."""
    if part in ("bundle", "all"):
        write_bundle()
    if part in ("pages", "all"):
        write_downloads()
        write_pages()
    return 0
