"""Benchmark (make bench): what a user runs, timed as the median of BENCH_RUNS runs (default 3), each printed with
its target and as a multiple of the floor.

The floor is starting a kernel and importing pandas, pyarrow and altair (a one-cell notebook run by papermill): no
execution of a chapter can be faster. Every command is run as the README gives it, from the repository root. Steps
that change files restore them: the dataset changed for the one-dataset row gets its bytes back and `make outputs`
records it again; `make clean` removes reruns/ as it does for a user. The chapter pages of the built site are opened
in headless Chromium as a reader opens them (first visit and warm reload: first paint, every chart visible, the
controls responding). BENCH_ONLY=charts (or outputs, sweep, book, tests, live) runs only those. Nothing here
fails a build; the machine is noisy (and may be shared), so the two sides of each ratio are run alternately and
compared within one run.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

import chromium

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TMP = Path(tempfile.mkdtemp(prefix="bench-"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
MB = f"{BIN}/materials-book"
ROADMAP = "chapters/04_minerals_roadmap.ipynb"
SWEEP = {"demand_scale": ("0.8", "1.0", "1.3"), "recycling_share_2035": ("20", "30", "45")}  # 9 runs
CHANGED = "minerals_demand"  # read by chapter 04 only: one chapter, both editions
CHART_WIDTH = 1400  # px: a desktop window, charts at their full width
# Loaded before the page's first script: stamps performance.now() (ms since navigation start) on each chart's element
# the first time vega has drawn into it. vega's SVG renderer makes <svg class="marks"> and an empty <g> as soon as the
# view is initialised; the group marks (class "mark-group") appear only when the scene is rendered, in one go. Parser
# insertions are skipped by looking only at mutations inside an SVG, so the observer adds almost nothing to the load.
DRAWN = """
window.__mbDrawn = new Map();
window.__mbLive = new Map();
new MutationObserver(function (records) {
  var t = performance.now();
  records.forEach(function (r) {
    if (r.type === "attributes" && r.target.matches("figure.mb-chart[data-live]")) window.__mbLive.set(r.target, t);
  });
  if (!records.some(function (r) { return r.target.namespaceURI === "http://www.w3.org/2000/svg" ||
                                           r.addedNodes.length; })) return;
  document.querySelectorAll("figure.mb-chart .mb-vega").forEach(function (el) {
    if (!window.__mbDrawn.has(el) && el.querySelector(MARKS)) window.__mbDrawn.set(el, t);
  });
}).observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: ["data-live"]});
""".replace("MARKS", json.dumps(chromium.DRAWN_MARKS))
ALL_DRAWN = "document.querySelectorAll('figure.mb-chart').length === window.__mbDrawn.size"
CONTROLS = "figure.mb-chart:has(.mb-static-controls, .mb-controls)"
CONTROLS_LIVE = f"[...document.querySelectorAll('{CONTROLS}')].every(f => window.__mbLive.has(f))"
TIMES = f"""() => {{
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const controls = [...document.querySelectorAll('{CONTROLS}')].map(f => window.__mbLive.get(f));
  return [fcp ? fcp.startTime : null, Math.max(0, ...window.__mbDrawn.values()),
          controls.length ? Math.max(...controls) : null];
}}"""

rows: list[tuple[str, float | None, str]] = []


def run(cmd: str) -> bool:
    done = subprocess.run(cmd, shell=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return done.returncode == 0


def median(cmd: str, before: str | None = None, n: int = RUNS, setup=None) -> float | None:
    """Median seconds of ``cmd`` (None when it failed), ``before`` or ``setup(i)`` run untimed before each run."""
    return pair(cmd, None, before=before, n=n, setup=setup)[0]


def pair(a: str, b: str | None, before: str | None = None, n: int = RUNS, setup=None) -> tuple:
    """Median seconds of ``a`` and of ``b``, run alternately so that both see the same load on a shared machine."""
    times: dict[str, list[float]] = {a: [], b: []} if b else {a: []}
    failed = set()
    for i in range(n):
        for cmd in times:
            if before:
                run(before)
            if setup:
                setup(i)
            t = time.perf_counter()
            if not run(cmd):
                failed.add(cmd)
            times[cmd].append(time.perf_counter() - t)
    return tuple(None if cmd in failed else statistics.median(ts) for cmd, ts in times.items())


def row(name: str, seconds: float | None, note: str = "") -> float | None:
    rows.append((name, seconds, note))
    print(f"  {name}: {'failed' if seconds is None else f'{seconds:.2f} s'}", file=sys.stderr, flush=True)
    return seconds


def ratio(a: float | None, b: float | None) -> str:
    return "n/a" if a is None or not b else f"{a / b:.2f}x"


def floor() -> float:
    nb = TMP / "floor.ipynb"
    nbformat.write(
        nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell("import pandas, pyarrow, altair")],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        ),
        nb,
    )
    return median(f"{BIN}/papermill -k python3 --no-progress-bar --cwd chapters {nb} {TMP}/floor-out.ipynb")


def outputs() -> None:
    """make outputs: nothing changed, one dataset changed, everything forced, everything one at a time."""
    from materials_book import paths

    run("make outputs")  # start from committed outputs that follow from their inputs
    row("make outputs (nothing changed)", median("make outputs"), "target <= 0.5 s (no kernel)")
    parquet, manifest = paths.parquet(CHANGED), paths.DATA / "manifest.json"
    original = {f: f.read_bytes() for f in (parquet, manifest)}

    def change(i: int) -> None:
        """New bytes, same rows (the schema metadata carries a counter), recorded in the manifest as a data build
        records them: chapters refuse a file whose SHA-256 is not the manifest's."""
        import hashlib
        import json

        import pyarrow.parquet as pq

        table = pq.read_table(parquet)
        meta = dict(table.schema.metadata or {}) | {b"bench": str(i).encode()}
        pq.write_table(table.replace_schema_metadata(meta), parquet)
        m = json.loads(manifest.read_text(encoding="utf-8"))
        m["datasets"][CHANGED]["parquet"] = hashlib.sha256(parquet.read_bytes()).hexdigest()
        manifest.write_text(json.dumps(m, indent=2), encoding="utf-8")

    try:
        one = median("make outputs", setup=change)
    finally:
        for f, b in original.items():
            f.write_bytes(b)
        run("make outputs")
    forced, alone = pair(f"{MB} outputs --all -q", f"{MB} outputs --all -q -j 1")
    row(
        f"make outputs (dataset {CHANGED} changed: 04, 2 editions)",
        one,
        f"target <= 0.35x forced (2 of 12 editions): {ratio(one, forced)}",
    )
    row(
        f"materials-book outputs --all (12 editions, {os.cpu_count()} cores)",
        forced,
        f"target <= 0.6x one at a time: {ratio(forced, alone)}",
    )
    row("materials-book outputs --all -j 1 (one at a time, as before)", alone)


def sweep() -> None:
    """A sweep of 9 runs against the same 9 runs as sequential reruns."""
    args = " ".join(f"-p {k} {','.join(v)}" for k, v in SWEEP.items())
    reruns = " && ".join(
        f"{MB} rerun {ROADMAP} -p demand_scale {d} -p recycling_share_2035 {r} -q -o {TMP}/rerun.ipynb --force"
        for d in SWEEP["demand_scale"]
        for r in SWEEP["recycling_share_2035"]
    )
    swept, sequential = pair(f"{MB} sweep {ROADMAP} {args} -q", reruns)
    row("materials-book sweep 04 (3 x 3 = 9 runs)", swept, f"target <= 0.6x 9 reruns: {ratio(swept, sequential)}")
    row("9 sequential materials-book rerun 04", sequential)


def readme() -> float | None:
    """The other README commands; returns the time of executing every chapter once (bare papermill, both editions)."""
    row("make setup (nothing to do)", median("make setup"))
    row("make data", median("make data"))
    row("materials-book params (01)", median(f"{MB} params chapters/01_status.ipynb"), "target <= 0.5 s")
    pm = f"{BIN}/papermill -k python3 --no-progress-bar --cwd chapters"
    executing = 0.0
    for nb in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")):
        bare = median(f"{pm} {nb} {TMP}/{nb.name}")
        executing += (bare or 0) + (median(f"{pm} -p lang en {nb} {TMP}/en-{nb.name}") or 0)
        rerun = median(f"{MB} rerun {nb} -q -o {TMP}/rerun-{nb.name} --force")
        row(f"materials-book rerun {nb.stem}", rerun, f"target <= 1.2x bare papermill: {ratio(rerun, bare)}")
    row("executing every chapter once, both editions (bare papermill)", executing)
    return executing


def book(executing: float | None) -> None:
    bare = median(
        f"{BIN}/jupyter-book build . --quiet && {BIN}/jupyter-book build en "
        f"--config en/generated/_config.yml --path-output _build/en --quiet",
        before="make book",
    )
    run("make book")
    nochange = median("make book")
    clean = median("make book", before="make clean")
    fresh = median("make book", before="rm -rf _build")
    row("jupyter-book build, both editions (bare, no change)", bare)
    row("make book (nothing changed)", nochange, f"target <= 0.3x bare no-change build: {ratio(nochange, bare)}")
    row("make clean && make book", clean, f"target <= 0.3x executing every chapter: {ratio(clean, executing)}")
    row("rm -rf _build && make book", fresh, f"target <= 0.3x executing every chapter: {ratio(fresh, executing)}")


class _Observed:
    """The browser as chromium.visit() uses it, each new context carrying DRAWN: the observer must be in place before
    the page's first script runs, and visit() navigates as soon as it has made the page."""

    def __init__(self, browser):
        self.browser = browser

    def new_context(self, **kwargs):
        context = self.browser.new_context(**kwargs)
        context.add_init_script(DRAWN)
        return context


def page_times(browser, page_path: Path) -> tuple[list | None, list | None, int]:
    """A first visit (a new context: nothing cached) and a warm reload of one page: for each, seconds from
    navigation start to the first contentful paint, to every chart visible (its scene in the page, and painted: not
    before the first paint) and to the controls responding (their chart live; None without controls). Also the
    number of charts. None for a visit where a chart never appears or the page breaks."""
    from playwright.sync_api import Error

    try:
        page, _, _ = chromium.visit(_Observed(browser), page_path, CHART_WIDTH)
    except Error:  # the page did not load
        return None, None, 0
    visits = []
    try:
        n = page.evaluate("document.querySelectorAll('figure.mb-chart').length")
        for warm in (False, True):
            if warm:
                page.reload(wait_until="load")
            page.wait_for_function(
                f"({ALL_DRAWN}) && ({CONTROLS_LIVE}) && performance.getEntriesByName('first-contentful-paint').length",
                timeout=30_000,
            )
            fcp, drawn, controls = page.evaluate(TIMES)
            visits.append([fcp / 1000, max(fcp, drawn) / 1000, None if controls is None else controls / 1000])
        return visits[0], visits[1], n
    except Error:  # a chart never drawn (timed out), or the page crashed
        return None, None, 0
    finally:
        page.context.close()


def charts() -> None:
    """Each chapter page in headless Chromium, both editions, first visit and warm reload: first contentful paint,
    every chart visible, the controls responding; medians of BENCH_RUNS loads at CHART_WIDTH px. The pages are taken
    in turn within each run so that every page sees the same load; the heaviest page carries the targets."""
    from playwright.sync_api import sync_playwright

    html = ROOT / "_build" / "html"
    pages = {
        (p.stem, edition): p
        for edition, d in (("zh", html / "chapters"), ("en", html / "en" / "chapters"))
        for p in sorted(d.glob("[0-9][0-9]_*.html"))
    }
    if not pages:
        row("chart pages", None, "no chapter pages in _build/html: run make book")
        return
    first: dict[tuple, list] = {key: [] for key in pages}
    warm: dict[tuple, list] = {key: [] for key in pages}
    counts: dict[tuple, int] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium.EXECUTABLE, args=chromium.ARGS)
        try:
            for _ in range(RUNS):
                for key, path in pages.items():
                    a, b, n = page_times(browser, path)
                    first[key].append(a)
                    warm[key].append(b)
                    counts[key] = max(n, counts.get(key, 0))
        finally:
            browser.close()

    def medians(visits: list) -> list:
        if None in visits:
            return [None, None, None]
        return [None if None in column else statistics.median(column) for column in zip(*visits)]

    def text(values: list) -> str:
        return " / ".join("-" if v is None else f"{v:.2f}" for v in values)

    for (stem, edition), n in counts.items():
        if n == 0:
            continue
        f, w = medians(first[(stem, edition)]), medians(warm[(stem, edition)])
        row(
            f"chart page {stem} ({edition}), first visit: paint / charts / controls",
            f[1],
            f"{text(f)}; warm reload {text(w)}; {n} charts",
        )
    heavy = max((k for k in counts if counts[k]), key=lambda k: (counts[k], k[1] == "zh"))
    f = medians(first[heavy])
    row(
        f"heaviest page {heavy[0]} ({heavy[1]}), first visit: first contentful paint",
        f[0],
        f"target <= 0.4 s; every chart visible at {text(f[1:2])} s; {counts[heavy]} charts, {CHART_WIDTH} px",
    )
    row(f"heaviest page {heavy[0]} ({heavy[1]}), first visit: controls respond", f[2], "target <= 0.6 s")


def live() -> None:
    """make live: from saving a file to the page reloaded in the browser, for a narrative edit (intro.md) and for one
    value of a dataset read by chapter 04 only (its note: the data set, both editions of 04 and their pages). Each
    edit is reverted and its rebuild waited for before the next; the chapter's execution is timed in the same run."""
    import re
    import signal
    import socket
    import threading

    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        ["make", "--no-print-directory", "live", f"LIVE_PORT={port}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    narrative, source = ROOT / "intro.md", ROOT / "data" / "sources" / f"{CHANGED}.yaml"
    originals = {f: f.read_bytes() for f in (narrative, source)}
    edits = {
        narrative: lambda text, i: text + f"\n\n<!-- bench {i} -->\n",
        source: lambda text, i: re.sub(r"(\n  note: )(.*)", rf"\g<1>\g<2> (bench {i})", text, count=1),
    }
    times: dict[Path, list] = {f: [] for f in edits}
    built = [0]  # rebuilds the server has finished; read on a thread, which also keeps its pipe from filling

    def read_server() -> None:
        for line in server.stdout:
            built[0] += "live: built" in line

    try:
        for line in server.stdout:
            if "http://" in line:
                break
        threading.Thread(target=read_server, daemon=True).start()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium.EXECUTABLE, args=chromium.ARGS)
            page = browser.new_page()
            # the pages themselves, not the index (which goes on to the first page: a load no rebuild caused)
            for path, url in ((narrative, "/intro.html"), (source, "/chapters/04_minerals_roadmap.html")):
                page.goto(f"http://127.0.0.1:{port}{url}", wait_until="load")
                for i in range(RUNS):
                    for text in (edits[path](originals[path].decode("utf-8"), i), originals[path].decode("utf-8")):
                        time.sleep(1)  # the watcher settled after the last rebuild
                        before, started = built[0], time.monotonic()
                        # the reload that follows this save's rebuild, not a late one of the save before
                        with page.expect_event("load", predicate=lambda _, n=before: built[0] > n, timeout=120_000):
                            path.write_text(text, encoding="utf-8")
                        if text != originals[path].decode("utf-8"):
                            times[path].append(time.monotonic() - started)
            browser.close()
    except Exception as exc:  # noqa: BLE001  a failed step is reported, the others go on
        print(f"  make live: {exc}", file=sys.stderr)
    finally:
        for f, b in originals.items():
            f.write_bytes(b)
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=60)
        run("make outputs")
    # the chapter's execution as a rebuild runs it: both editions at once
    execute = median(
        f"{MB} rerun {ROADMAP} -q -o {TMP}/live-04-zh.ipynb --force & zh=$!; "
        f"{MB} rerun {ROADMAP} -p lang=en -q -o {TMP}/live-04-en.ipynb --force && wait $zh"
    )
    row(
        "make live: narrative edit -> page reloaded",
        statistics.median(times[narrative]) if len(times[narrative]) == RUNS else None,
        "target <= 3 s",
    )
    one = statistics.median(times[source]) if len(times[source]) == RUNS else None
    row(
        f"make live: one value of {CHANGED} edited -> page reloaded",
        one,
        f"target <= one chapter execution (both editions at once) + 3 s: {execute and f'{execute:.2f} + 3 s'}"
        + ("" if one is None or execute is None else f", {'met' if one <= execute + 3 else 'not met'}"),
    )


def tests(executing: float | None) -> None:
    nbval = median(f"{BIN}/python -m pytest chapters en/chapters --nbval -q -p no:cacheprovider", n=1)
    row("nbval over every chapter, both editions", nbval, f"target <= 1.2x executing: {ratio(nbval, executing)}")
    row("make test-fast", median("make test-fast", n=1), "median of 1")
    row("make test", median("make test", n=1), "target < 120 s; median of 1")


def main() -> None:
    print(f"bench: {RUNS} runs per step, in {ROOT}", file=sys.stderr)
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))  # e.g. BENCH_ONLY=charts,live

    def step(name: str) -> bool:
        return not only or name in only

    base = row("floor: kernel + import pandas, pyarrow, altair", floor())
    for name, fn in (("outputs", outputs), ("sweep", sweep)):
        if step(name):
            fn()
    executing = readme() if step("book") or step("tests") else None
    if step("book"):
        book(executing)
    if step("charts"):
        charts()
    if step("live"):
        live()
    if step("tests"):
        tests(executing)
    print(f"\n{'step':<72} {'seconds':>8} {'x floor':>8}  target and ratio")
    for name, t, note in rows:
        secs = "failed" if t is None else f"{t:.2f}"
        print(f"{name:<72} {secs:>8} {ratio(t, base).rstrip('x'):>8}  {note}")
    shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
