"""Parameter sweeps (``materials-book sweep``): one run of a chapter for every combination of parameter values.

Every combination is checked like ``rerun`` before any kernel starts (a bad value: exit 2, one line). The runs go
through a ``concurrent.futures.Executor``, by default a process pool sized to the cores; anything with the same
``submit`` returning ``concurrent.futures`` futures can be passed instead, such as the executor of a dask.distributed
cluster (``Client(...).get_executor(pure=False)``; ``--scheduler`` makes one, see ``cluster``). A run is sent as the
notebook's JSON and comes back as the executed notebook's bytes, so workers need the package and the data but no
shared folder.

The sweep writes, to ``reruns/sweeps/<chapter>/`` (git-ignored, replaced by each sweep of that chapter), one notebook
per combination and ``summary.csv`` / ``summary.parquet``: one row per run and headline number (``run``,
``notebook``, the swept parameters, ``number``, ``value``).

Headline numbers: a chapter module may define ``headline(P) -> dict[str, float]``, the key numbers of a run given the
notebook's checked parameters ``P``. The sweep appends to its copy of the notebook one hidden cell that displays them
as ``application/json`` and reads them back from the executed notebook, so they are the run's own numbers. Without
such a function the summary lists the runs and their parameters only.
"""

from __future__ import annotations

import ast
import contextlib
import itertools
import json
import math
import sys
from concurrent.futures import Executor
from pathlib import Path

from .. import paths
from ..files import atomic_write_bytes, inside, remove_others, slug
from . import cluster, notebooks, outputs, params, pool

HEADLINE_TAG = "headline"
SUMMARY = ("summary.csv", "summary.parquet")
# A sweep of more runs than this is refused unless confirmed (--many): 200 runs take about 7 minutes on 2 cores.
MAX_RUNS = 200
SECONDS_PER_RUN = 4.0  # one execution of a chapter on one core, kernel start included


def folder(chapter: str) -> Path:
    return paths.RERUNS / "sweeps" / chapter


def values(chapter: str, given: list[tuple[str, str]]) -> dict[str, list[str]]:
    """The values of each swept parameter, from ``-p NAME VALUES`` pairs: VALUES is comma-separated, except for a
    parameter whose value is itself a comma-separated subset (repeat ``-p NAME`` for each subset)."""
    decl = {p.name: p for p in params.declared(chapter)}
    found: dict[str, list[str]] = {}
    for name, text in given:
        if name not in decl:
            raise params.ParamError(f"unknown parameter {name!r} for {chapter}; allowed: {', '.join(decl)}")
        items = [text] if decl[name].multi else text.split(",")
        for item in items:
            if not item.strip():
                raise params.ParamError(f"parameter {name!r}: empty value in {text!r}")
            if item.strip() in found.get(name, []):
                raise params.ParamError(f"parameter {name!r}: value {item.strip()!r} given twice")
            found.setdefault(name, []).append(item.strip())
    return found


def grid(chapter: str, swept: dict[str, list[str]]) -> list[tuple[dict, dict]]:
    """Every combination as (the swept values as given, all typed parameters), each checked like ``rerun``."""
    names = list(swept)
    runs = []
    for combo in itertools.product(*(swept[n] for n in names)):
        given = dict(zip(names, combo))
        try:
            runs.append((given, params.check(chapter, **given)))
        except params.ParamError as exc:
            where = ", ".join(f"{k}={v}" for k, v in given.items())
            raise params.ParamError(f"combination {where}: {exc}") from None
    return runs


def count(swept: dict[str, list[str]]) -> int:
    """The number of runs of a sweep, without building its grid."""
    return math.prod(len(v) for v in swept.values())


def bound(chapter: str, swept: dict[str, list[str]], many: bool = False) -> int:
    """The number of runs; ParamError (exit 2) above MAX_RUNS unless ``many``, with the count and an estimated time."""
    n = count(swept)
    if n > MAX_RUNS and not many:
        hours = n * SECONDS_PER_RUN / pool.workers() / 3600
        took = f"{hours:.1f} h" if hours >= 1 else f"{hours * 60:.0f} min"
        sizes = " × ".join(f"{len(v)} {k}" for k, v in swept.items())
        raise params.ParamError(
            f"sweep {chapter}: {n} runs ({sizes}), about {took} on {pool.workers()} cores; "
            f"more than {MAX_RUNS} runs need --many"
        )
    return n


def checked(chapter: str, given: list[tuple[str, str]], many: bool = False) -> list[tuple[dict, dict]]:
    """The grid of a sweep with its values and its number of runs checked: a ParamError before anything starts."""
    swept = values(chapter, given)
    bound(chapter, swept, many)
    return grid(chapter, swept)


def run_name(i: int, given: dict) -> str:
    """``001_demand_scale=0.8_recycling_share_2035=20``: the run's number and values, safe as a file name."""
    text = "_".join(f"{k}={v}" for k, v in given.items()) or "defaults"
    text = slug(text)
    return f"{i:03d}_{text if len(text) <= 100 else text[:90] + '_' + outputs.digest(text.encode())[:8]}"


def headline_module(chapter_nb: dict) -> str | None:
    """The materials_book.chapters module the notebook imports that defines ``headline``, if any."""
    for name in sorted(outputs.imports(outputs.code(chapter_nb))):
        path = outputs.module_file(name)
        if name.startswith("materials_book.chapters.") and path and path.name != "__init__.py":
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if any(isinstance(n, ast.FunctionDef) and n.name == "headline" for n in tree.body):
                return name
    return None


def with_headline(chapter_nb: dict, chapter: str, module: str | None) -> dict:
    """A copy of the chapter notebook with a last hidden cell displaying ``module.headline(P)`` as JSON (``P``: the
    checked parameters, as the chapter's import cell binds them)."""
    nb = json.loads(json.dumps(chapter_nb))
    if module:
        source = (
            "from IPython.display import display as _display\n"
            f"import {module} as _chapter\n"
            "_display({'application/json': {'headline': _chapter.headline(P)}}, raw=True)"
        )
        nb["cells"].append(
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "headline",
                "outputs": [],
                "metadata": {"tags": [HEADLINE_TAG, "remove-cell"]},
                "source": source,
            }
        )
    return nb


def headline_of(nb: dict) -> dict[str, float]:
    for cell in nb["cells"]:
        if HEADLINE_TAG in cell.get("metadata", {}).get("tags", []):
            for out in cell.get("outputs", []):
                found = out.get("data", {}).get("application/json", {})
                if isinstance(found, dict) and "headline" in found:
                    return found["headline"]
    return {}


def run(notebook_json: str, name: str, values: dict) -> tuple[bytes, dict] | str:
    """One run, in a worker: the executed notebook's bytes and its headline numbers, or the error as text."""
    import tempfile

    try:
        with tempfile.TemporaryDirectory(prefix=notebooks.TEMP_PREFIX) as tmp:
            src, dest = Path(tmp) / "source.ipynb", Path(tmp) / "run.ipynb"
            src.write_text(notebook_json, encoding="utf-8")
            notebooks.execute(src, dest, values, inject=True)
            data = dest.read_bytes()
    except Exception as exc:  # noqa: BLE001  reported with its run, the other runs go on
        return notebooks.error_text(exc)
    return data, headline_of(json.loads(data))


def sweep(
    chapter: str,
    given: list[tuple[str, str]],
    executor: Executor | None = None,
    *,
    progress: bool = True,
    out: Path | None = None,
    many: bool = False,
) -> tuple[Path, list, dict]:
    """Run the grid; returns (folder, rows of the summary, run name -> error). The number of runs (``bound``) and
    the values are checked before any run."""
    runs = checked(chapter, given, many)
    chapter_nb = json.loads((paths.CHAPTERS / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    module = headline_module(chapter_nb)
    text = json.dumps(with_headline(chapter_nb, chapter, module), ensure_ascii=False)
    jobs = [(text, run_name(i, g), typed) for i, (g, typed) in enumerate(runs, 1)]
    results = pool.run_all(jobs, executor, desc=f"sweep {chapter}", progress=progress, fn=run, label=lambda job: job[1])
    out = out or folder(chapter)
    out.mkdir(parents=True, exist_ok=True)
    rows, failed = [], {}
    for i, ((g, typed), job, result) in enumerate(zip(runs, jobs, results), 1):
        if isinstance(result, str):
            failed[job[1]] = result
            continue
        data, numbers = result
        atomic_write_bytes(inside(out, f"{job[1]}.ipynb"), data)
        base = {"run": i, "notebook": f"{job[1]}.ipynb"} | {k: typed[k] for k in g}
        rows += [base | {"number": k, "value": v} for k, v in numbers.items()] if numbers else [base]
    keep = {f"{job[1]}.ipynb" for job in jobs}
    remove_others(out, "[0-9][0-9][0-9]_*.ipynb", keep, name=lambda p: p.name)  # runs of an earlier sweep
    _summary(out, rows)
    return out, rows, failed


def _summary(out: Path, rows: list[dict]) -> None:
    import io

    import pandas as pd

    df = pd.DataFrame(rows, columns=None if rows else ["run", "notebook"])
    atomic_write_bytes(out / SUMMARY[0], df.to_csv(index=False).encode("utf-8"))
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    atomic_write_bytes(out / SUMMARY[1], buf.getvalue())


def _executor(scheduler: str | None):
    """The cluster of ``--scheduler`` (see ``cluster``), or none: ``run_all``'s process pool."""
    if scheduler is None:
        return contextlib.nullcontext()

    return cluster.executor(scheduler)


def main(
    chapter: str, given: list[tuple[str, str]], progress: bool = True, many: bool = False, scheduler: str | None = None
) -> int:
    """``materials-book sweep``: 0 when every run succeeded, 1 when one failed (its error printed). A bad
    ``--scheduler``, chapter or value stops it before a cluster or kernel starts."""
    if scheduler is not None:
        cluster.check(scheduler)
    if chapter not in params.chapters():
        raise params.ParamError(f"unknown chapter {chapter!r}; chapters: {', '.join(params.chapters())}")
    checked(chapter, given, many)
    with _executor(scheduler) as executor:
        out, rows, failed = sweep(chapter, given, executor, progress=progress, many=many)
    for name, err in failed.items():
        print(f"{name}: nothing written; {err}", file=sys.stderr)
    runs = len({r["run"] for r in rows})
    numbers = sum(1 for r in rows if "number" in r)
    module = headline_module(json.loads((paths.CHAPTERS / f"{chapter}.ipynb").read_text(encoding="utf-8")))
    what = f"{numbers} headline numbers" if module else "no headline numbers: its chapter module has no headline()"
    rel = out.relative_to(paths.ROOT) if out.is_relative_to(paths.ROOT) else out
    print(
        f"wrote {runs} notebooks and {' + '.join(SUMMARY)} ({what}) to {rel}/"
        + (f"; {len(failed)} runs failed" if failed else "")
    )
    return 1 if failed else 0
