"""Execute chapters with papermill and strip run-specific metadata so that outputs are byte-identical."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import nbformat

from .. import paths
from ..files import write_if_changed

KERNEL = "python3"


def chapters() -> list[Path]:
    """The chapter notebooks, in book order."""
    return sorted(paths.CHAPTERS.glob("[0-9][0-9]_*.ipynb"))


def edition_path(chapter: Path, lang: str) -> Path:
    """Where the committed notebook of ``chapter`` lives in the ``lang`` edition."""
    return chapter if lang == "zh" else paths.EN_CHAPTERS / chapter.name


def show_language(nb: nbformat.NotebookNode, lang: str) -> None:
    """Keep the markdown cells of ``lang`` (tag lang-zh / lang-en) and hide the other language's with remove-cell."""
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if {"lang-zh", "lang-en"} & tags:
            if f"lang-{lang}" in tags:
                tags.discard("remove-cell")
            else:
                tags.add("remove-cell")
            cell.metadata["tags"] = sorted(tags)


def fingerprint() -> str:
    """Hash of the built data that chapter outputs follow from (nbval covers the code)."""
    h = hashlib.sha256()
    for f in sorted(paths.DATA.glob("*.parquet")) + sorted(paths.DATA.glob("*.meta.json")):
        h.update(f.relative_to(paths.ROOT).as_posix().encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()[:16]



def strip(nb: nbformat.NotebookNode, parameters: dict) -> nbformat.NotebookNode:
    """Drop timestamps, durations and paths; record parameters and the data fingerprint instead."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["materials_book"] = {"parameters": parameters, "fingerprint": fingerprint()}
    show_language(nb, parameters.get("lang", "zh"))
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
            cell.metadata["tags"] = ["injected-parameters", "remove-cell"]
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)
    return nb


def dumps(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def execute(src: Path, dest: Path, values: dict, *, inject: bool, progress: bool = False) -> None:
    """Run ``src`` with ``values`` into ``dest`` atomically; on failure nothing is written and the error propagates."""
    import papermill as pm

    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.stem}.", suffix=".ipynb")
    os.close(fd)
    try:
        pm.execute_notebook(str(src), tmp, parameters=values if inject else {}, kernel_name=KERNEL,
                            cwd=str(paths.CHAPTERS), progress_bar=progress, log_output=False)
        nb = strip(nbformat.read(tmp, as_version=4), values)
        write_if_changed(dest, dumps(nb).encode("utf-8"))
    finally:
        Path(tmp).unlink(missing_ok=True)


def recorded(nb_path: Path) -> dict:
    return json.loads(Path(nb_path).read_text(encoding="utf-8"))["metadata"].get("materials_book", {})
