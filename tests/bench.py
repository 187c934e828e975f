"""Benchmark (make bench): seconds as the median of 3 runs and as a ratio to the floor.

The floor is starting a kernel and importing pandas, pyarrow and altair (a one-cell notebook run by papermill).
Targets from the foundation issue are printed beside the figures; nothing here fails a build.
"""
from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TMP = Path(tempfile.mkdtemp(prefix="bench-"))


def run(cmd: str) -> None:
    subprocess.run(cmd, shell=True, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def median(cmd: str, before: str | None = None, n: int = 3) -> float:
    times = []
    for _ in range(n):
        if before:
            run(before)
        t = time.perf_counter()
        run(cmd)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    floor_nb = TMP / "floor.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import pandas, pyarrow, altair")],
                                            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}), floor_nb)
    chapters = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
    pm = f"{BIN}/papermill -k python3 --no-progress-bar --cwd chapters"
    floor = median(f"{pm} {floor_nb} {TMP}/floor-out.ipynb")
    rows: list[tuple[str, float, str]] = []
    rows.append(("make setup (nothing to do)", median("make setup"), ""))
    rows.append(("data build", median(f"{BIN}/materials-book data build"), ""))
    rows.append(("load every dataset", median(f"{BIN}/python -c 'from materials_book import data; [data.load(n) for n in data.names()]'"), ""))
    per_chapter = 0.0  # both editions: every chapter in Chinese and in English
    for nb in chapters:
        t = median(f"{pm} {nb} {TMP}/{nb.name}")
        per_chapter += t + median(f"{pm} -p lang en {nb} {TMP}/en-{nb.name}")
        rows.append((f"execute {nb.stem} (bare papermill)", t, ""))
        r = median(f"{BIN}/materials-book rerun {nb} -q -o {TMP}/rerun-{nb.name} --force")
        rows.append((f"rerun {nb.stem} (materials-book)", r, f"target <= 1.2x bare papermill: {r / t:.2f}x"))
    outputs = median("make outputs")
    rows.append(("make outputs", outputs, ""))
    clean = median("make book", before="rm -rf _build")
    rows.append(("make book (clean)", clean, f"target <= 0.3x executing all chapters, both editions ({per_chapter:.2f}s): {clean / per_chapter:.2f}x"))
    bare = median(f"{BIN}/jupyter-book build . --quiet && {BIN}/jupyter-book build en --path-output _build/en --quiet")
    nochange = median("make book")
    rows.append(("jupyter-book build, both editions (bare, no change)", bare, ""))
    rows.append(("make book (no change)", nochange, f"target <= 1.2x bare: {nochange / bare:.2f}x"))
    nbval = median(f"{BIN}/python -m pytest chapters en/chapters --nbval -q -p no:cacheprovider")
    rows.append(("nbval over all chapters, both editions", nbval, f"target <= 1.2x executing: {nbval / per_chapter:.2f}x"))
    rows.append(("browser test", median(f"{BIN}/python -m pytest tests/test_site.py -q -p no:cacheprovider"), ""))
    print(f"{'step':<44} {'seconds':>8} {'x floor':>8}  note")
    print(f"{'floor: kernel + import pandas, pyarrow, altair':<44} {floor:8.2f} {1:8.2f}")
    for name, t, note in rows:
        print(f"{name:<44} {t:8.2f} {t / floor:8.2f}  {note}")
    bundle = ROOT / "_static" / "vega-bundle.js"
    for page in sorted((ROOT / "_build" / "html" / "chapters").glob("*.html")):
        print(f"page {page.name}: {page.stat().st_size / 1024:.0f} KB (target < 150 KB) beside the shared bundle "
              f"{bundle.stat().st_size / 1024:.0f} KB")
    shutil.rmtree(TMP)


if __name__ == "__main__":
    main()
