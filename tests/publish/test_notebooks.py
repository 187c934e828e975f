"""Committed outputs and execution.

Three guards used to overlap; each kept one catches what the others cannot:
- nbval (``make test`` runs it on every committed notebook): outputs that no longer follow from code and data.
- ``test_committed_outputs_follow_todays_inputs`` (fast tier): a notebook, dataset, imported module, parameter
  default or pinned requirement changed since the outputs were executed (the record ``make outputs`` keeps and
  compares, so ``make outputs`` would re-execute it), and the recorded parameters.
- ``test_execution_is_deterministic``: a run gives the committed bytes, with no run-specific metadata (nbval ignores
  metadata, so it cannot see timestamps, paths or random ids).
"""

import nbformat
import pytest

from materials_book import paths
from materials_book.publish import notebooks, outputs, params

EDITIONS = outputs.editions()


@pytest.mark.parametrize("edition", EDITIONS, ids=[f"{e.chapter.stem}-{e.lang}" for e in EDITIONS])
def test_committed_outputs_follow_todays_inputs(edition):
    assert edition.dest.exists(), f"{edition.dest} missing: run `make outputs`"
    changed = outputs.stale(edition)
    assert not changed, (
        f"{edition.dest.relative_to(paths.ROOT)} was executed before these inputs changed: "
        f"{', '.join(changed[:5])}; run `make outputs` and commit the notebooks"
    )
    assert notebooks.recorded(edition.dest).get("parameters") == params.check(edition.chapter.stem, lang=edition.lang)


def test_each_chart_output_carries_its_manifest_entry():
    import nbformat

    nb = nbformat.read(paths.CHAPTERS / "01_status.ipynb", as_version=4)
    entries = [
        o.metadata["materials_book"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "materials_book" in o.get("metadata", {})
    ]
    assert len(entries) == 4
    assert all(len(e["chart"]) == 12 and e["rows"] for e in entries)


@pytest.mark.slow
def test_execution_is_deterministic(tmp_path):
    """A run gives the bytes of the committed notebook, itself a run (make outputs): same inputs, same bytes."""
    edition = outputs.Edition(paths.CHAPTERS / "01_status.ipynb", "zh")
    outputs.execute(edition, tmp_path / "again.ipynb")
    text = (tmp_path / "again.ipynb").read_text(encoding="utf-8")
    assert text == edition.dest.read_text(encoding="utf-8"), "run `make outputs` if the inputs changed"
    for word in ("start_time", "end_time", "duration", str(paths.ROOT), "altair-viz-", "cdn.jsdelivr"):
        assert word not in text, word


def test_temporary_notebooks_are_never_collected(tmp_path):
    import subprocess
    import sys

    import nbformat

    (tmp_path / "chapters").mkdir()
    for name in ("kept.ipynb", ".01_status.abc123.ipynb"):
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), tmp_path / "chapters" / name)
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(paths.ROOT / "pyproject.toml"),
            "--rootdir",
            str(tmp_path),
            "--collect-only",
            "-q",
            "--nbval",
            "-p",
            "no:cacheprovider",
            "chapters",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert "kept.ipynb" in r.stdout, r.stdout + r.stderr
    assert ".01_status" not in r.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sig", "delay"),
    [("SIGTERM", 0.0), ("SIGTERM", 1.0), ("SIGHUP", 0.5)],
    ids=["SIGTERM-kernel-starting", "SIGTERM-kernel-running", "SIGHUP"],
)
def test_terminated_rerun_leaves_no_temporary_file_and_no_kernel(tmp_path, sig, delay):
    """The signal arrives while the kernel starts or runs: the command exits 128 + n, stops its kernel, writes no
    output and leaves nothing in the temporary folder or beside the committed notebooks."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import psutil

    temp, out = tmp_path / "tmp", tmp_path / "out.ipynb"
    temp.mkdir()
    hidden = lambda: sorted(p.name for d in (paths.CHAPTERS, paths.EN_CHAPTERS) for p in d.glob(".*"))  # noqa: E731
    before = hidden()
    proc = subprocess.Popen(
        [sys.executable, "-m", "materials_book", "rerun", "01_status", "-p", "lang", "en", "-q", "-o", str(out)],
        cwd=paths.ROOT,
        env={**os.environ, "TMPDIR": str(temp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    kernels: list = []
    while not kernels:  # papermill has started the kernel
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no kernel started"
        kernels = [p for p in psutil.Process(proc.pid).children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
        time.sleep(0.05)
    assert list(temp.glob("materials-book-*")), "the execution does not run in the temporary folder"
    time.sleep(delay)
    proc.send_signal(getattr(signal, sig))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + getattr(signal, sig), err
    assert not out.exists()
    assert not [p for p in temp.rglob("*") if p.suffix == ".ipynb" or p.name.startswith("materials-book-")]
    assert hidden() == before
    gone, alive = psutil.wait_procs(kernels, timeout=20)
    assert not alive, f"kernel still running: {alive}"


def test_a_failed_execution_reads_as_one_text():
    import papermill as pm

    exc = pm.PapermillExecutionError(3, 7, "x = 1 / 0", "ZeroDivisionError", "division by zero", [])
    assert notebooks.error_text(exc) == "cell 7 failed: ZeroDivisionError: division by zero"
    assert notebooks.error_text(exc, source=True) == "cell 7 failed:\nx = 1 / 0\nZeroDivisionError: division by zero"
    assert notebooks.error_text(OSError("disk full")) == "OSError: disk full"


@pytest.mark.parametrize("chapter", [p.stem for p in notebooks.chapters()])
def test_show_code_reads_as_the_method(chapter):
    """The import cell is shown, names its modules in full (no two-letter aliases) and binds each parameter once from
    the checked ``P``; no other cell reads ``P`` again."""
    nb = nbformat.read(paths.CHAPTERS / f"{chapter}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
    head = code[0]
    assert "remove-cell" not in head.metadata.get("tags", []) and "hide-input" in head.metadata.get("tags", [])
    assert f'P = params.in_notebook("{chapter}", globals())' in head.source
    assert " as " not in "\n".join(line for line in head.source.splitlines() if "import" in line)
    names = [p.name for p in params.declared(chapter)]
    for name in names:
        assert f'P["{name}"]' in head.source, name
    assert not [c.source for c in code[1:] if 'P["' in c.source]
