"""What `materials-book outputs` re-executes after which change (no kernel), and that the pool writes what a
sequential run writes (slow). Decisions about data, notebooks and records are taken on the small book of
tests/fixtures/ (``small``), so that rewording the book changes none of them; those about the book's own modules and
pages on a private copy of the book (``book``)."""

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from helpers import outputs_of
from materials_book import paths
from materials_book.publish import outputs, pool


def _executed(e: outputs.Edition) -> None:
    """Record today's inputs in ``e``'s notebook as an execution would (its outputs, and so what it read, kept)."""
    nb = json.loads(e.dest.read_text(encoding="utf-8"))
    chapter = nb if e.dest == e.chapter else json.loads(e.chapter.read_text(encoding="utf-8"))
    nb["metadata"].setdefault("materials_book", {})["inputs"] = outputs.inputs(chapter, e.lang, outputs.provenance(nb))
    e.dest.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def book(tmp_path, data_copy, repoint, monkeypatch):
    """Copies of the notebooks, data, package modules and requirements, each edition recorded as just executed."""
    for src, name in ((paths.CHAPTERS, "chapters"), (paths.EN_CHAPTERS, "en_chapters")):
        dest = tmp_path / src.relative_to(paths.ROOT)
        shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".*"))
        repoint(**{name: dest})
    package = tmp_path / "src" / "materials_book"
    shutil.copytree(outputs.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(outputs, "PACKAGE_DIR", package)
    shutil.copy(outputs.requirements(), tmp_path / "requirements.txt")
    monkeypatch.setattr(outputs, "requirements", lambda: tmp_path / "requirements.txt")
    for e in outputs.editions():
        _executed(e)
    assert outputs.plan() == []
    return tmp_path


@pytest.fixture
def small(small_book):
    """The small book (a private copy), each edition recorded as executed with today's package and environment."""
    for e in outputs.editions():
        _executed(e)
    assert outputs.plan() == []
    return small_book


SMALL = {f"{c} [{lang}]" for c in ("01_demand", "02_names", "03_stocks") for lang in ("zh", "en")}


def planned() -> set[str]:
    return {str(e) for e, _ in outputs.plan()}


def readers(dataset: str) -> set[str]:
    return {
        str(e)
        for e in outputs.editions()
        if dataset in outputs.provenance(json.loads(e.dest.read_text(encoding="utf-8")))
    }


def both(*chapters: str) -> set[str]:
    return {f"{c} [{lang}]" for c in chapters for lang in ("zh", "en")}


ALL = {str(e) for e in outputs.editions()}


def touch(path, text=None):
    if text is None:
        path.write_bytes(path.read_bytes() + b"\0")
    else:
        path.write_text(text, encoding="utf-8")


def test_a_dataset_changed_reexecutes_only_the_chapters_that_read_it_in_both_editions(small):
    touch(paths.parquet("demand"))
    assert planned() == readers("demand") == both("01_demand")
    assert [why for _, why in outputs.plan()] == [["dataset demand"]] * 2


def test_a_shared_dataset_reexecutes_each_chapter_that_read_it(small):
    touch(paths.parquet("names"))
    assert planned() == readers("names")
    assert both("01_demand", "02_names") <= planned() < SMALL


def test_dataset_metadata_counts_as_the_dataset(small):
    meta = json.loads(paths.metadata("stocks").read_text(encoding="utf-8"))
    meta["description"]["en"] += " More."
    touch(paths.metadata("stocks"), json.dumps(meta, ensure_ascii=False))
    assert planned() == readers("stocks") == both("03_stocks")


def test_documents_cited_by_any_dataset_or_a_new_dataset_reexecute_everything(small):
    # captions name documents through data.documents(), which reads the metadata of every dataset
    meta = json.loads(paths.metadata("stocks").read_text(encoding="utf-8"))
    meta["sources"][0]["title_en"] += " (revised)"
    touch(paths.metadata("stocks"), json.dumps(meta, ensure_ascii=False))
    assert readers("stocks") < planned() == SMALL
    for e in outputs.editions():
        _executed(e)
    shutil.copy(paths.parquet("names"), paths.parquet("new_dataset"))
    shutil.copy(paths.metadata("names"), paths.metadata("new_dataset"))
    assert planned() == SMALL and {tuple(why) for _, why in outputs.plan()} == {("catalogue",)}


def test_a_changed_code_cell_reexecutes_that_chapter_in_both_editions(small):
    nb = json.loads((paths.CHAPTERS / "02_names.ipynb").read_text(encoding="utf-8"))
    cell = next(
        c for c in nb["cells"] if c["cell_type"] == "code" and "parameters" not in c["metadata"].get("tags", [])
    )
    cell["source"] = "".join(cell["source"]) + "\n"
    touch(paths.CHAPTERS / "02_names.ipynb", json.dumps(nb, ensure_ascii=False))
    assert planned() == both("02_names")
    assert {tuple(why) for _, why in outputs.plan()} == {("notebook",)}


def test_a_changed_default_parameter_reexecutes_that_chapter(small):
    path = paths.CHAPTERS / "01_demand.ipynb"
    text = path.read_text(encoding="utf-8")
    assert "scale: float = 1.0" in text
    touch(path, text.replace("scale: float = 1.0", "scale: float = 1.5"))
    assert planned() == both("01_demand")


def test_outputs_ids_and_flipped_language_tags_are_not_inputs(small):
    path = paths.CHAPTERS / "03_stocks.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        cell["id"] = cell.get("id", "x") + "-other"
        if cell["cell_type"] == "code":
            cell["outputs"] = []
        tags = cell["metadata"].get("tags", [])
        if "lang-zh" in tags:  # what the English edition does to the Chinese text
            cell["metadata"]["tags"] = sorted(set(tags) | {"remove-cell"})
    touch(path, json.dumps(nb, ensure_ascii=False))
    assert planned() == set()


def test_a_chapter_module_reexecutes_its_chapter_and_a_shared_module_every_chapter(book):
    module = outputs.PACKAGE_DIR / "chapters" / "industry_progress.py"
    touch(module, module.read_text(encoding="utf-8") + "\n# changed\n")
    assert planned() == both("05_industry_progress")
    assert [why for _, why in outputs.plan()] == [["module materials_book/chapters/industry_progress.py"]] * 2
    for e in outputs.editions():
        _executed(e)
    touch(outputs.PACKAGE_DIR / "labels.py", (outputs.PACKAGE_DIR / "labels.py").read_text() + "\n# changed\n")
    assert planned() == ALL


def test_a_chapter_s_texts_reexecute_its_chapter(book):
    texts = outputs.PACKAGE_DIR / "chapters" / "tis_comparison.texts.yaml"
    touch(texts, texts.read_text(encoding="utf-8") + "# changed\n")
    assert planned() == both("03_tis_comparison")
    assert [why for _, why in outputs.plan()] == [["module materials_book/chapters/tis_comparison.texts.yaml"]] * 2


def test_modules_follow_the_import_graph_and_leave_out_the_execution_machinery(book):
    for e in outputs.editions():
        found = outputs.inputs(json.loads(e.chapter.read_text()), e.lang, [])["modules"]
        module = next(
            m
            for m in outputs.modules(outputs.code(json.loads(e.chapter.read_text())))
            if m.startswith("materials_book/chapters/") and not m.endswith(("__init__.py", "frames.py"))
        )
        for expected in (
            module,
            "materials_book/data.py",
            "materials_book/labels.py",
            "materials_book/publish/render.py",
            "materials_book/chapters/__init__.py",
            "materials_book/__init__.py",
            "materials_book/publish/params.py",
        ):
            assert expected in found, (e, expected)
        assert not {
            "materials_book/publish/notebooks.py",
            "materials_book/publish/outputs.py",
            "materials_book/publish/sweep.py",
            "materials_book/cli.py",
        } & set(found)


def test_relative_imports_inside_functions_are_followed():
    text = "from materials_book.chapters import status\n"
    assert "materials_book/chapters/status.py" in outputs.modules(text)
    code = "def f():\n    from .. import data\n    from ..pipeline.derive import cagr\n"
    found = outputs.imports(code, "materials_book.chapters.x")
    assert found >= {"materials_book.data", "materials_book.pipeline.derive"}
    assert outputs.imports("%matplotlib inline\nimport materials_book.labels as L\n") >= {"materials_book.labels"}


def test_requirements_reexecute_everything_and_all_forces_everything(small):
    assert {str(e) for e, why in outputs.plan(force=True) if why == ["--all"]} == SMALL
    pinned = small / "requirements.txt"
    pinned.write_text("altair==6.3.0\n    # via -r requirements.in\npandas==3.0.0  # the frames\n", encoding="utf-8")
    assert planned() == SMALL
    for e in outputs.editions():
        _executed(e)
    # pip-compile's notes, comments, blank lines and order change no pin
    pinned.write_text("# compiled\n\npandas==3.0.0\n    # via -r requirements.in\naltair==6.3.0 # charts\n", "utf-8")
    assert planned() == set()
    pinned.write_text("pandas==3.0.1\naltair==6.3.0\n", encoding="utf-8")
    assert planned() == SMALL


def test_pins_are_the_requirement_lines_without_comments():
    text = "# header\nfoo==1.0  # why\n  # via bar\n\nbaz @ https://example.org/baz.zip#sha256=ab\nfoo==1.0\n"
    assert outputs.pins(text) == ["baz @ https://example.org/baz.zip#sha256=ab", "foo==1.0"]


def test_missing_record_or_notebook(small):
    path = paths.EN_CHAPTERS / "03_stocks.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    del nb["metadata"]["materials_book"]["inputs"]
    touch(path, json.dumps(nb))
    (paths.EN_CHAPTERS / "02_names.ipynb").unlink()
    assert dict((str(e), why) for e, why in outputs.plan()) == {
        "03_stocks [en]": ["no record of inputs"],
        "02_names [en]": ["not executed yet"],
    }


def test_the_record_is_deterministic(small_book):
    """Two processes with different hash seeds (and no cache shared) record the same inputs, byte for byte."""
    code = (
        "import json, sys; from materials_book.publish import outputs; e = outputs.editions()[0]; "
        "nb = json.loads(e.chapter.read_text(encoding='utf-8')); "
        "sys.stdout.write(json.dumps(outputs.inputs(nb, 'zh', None), ensure_ascii=False))"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] and json.loads(runs[0])["modules"]


def test_nothing_changed_reports_up_to_date(small, capsys):
    assert outputs.main() == 0
    assert "outputs up to date: 6 notebooks" in capsys.readouterr().out


def test_deciding_starts_no_kernel_and_imports_no_papermill_or_pandas(small_book):
    code = (
        "import sys\nfrom materials_book.publish import outputs\noutputs.plan()\n"
        "print(sorted(m for m in ('papermill', 'nbclient', 'jupyter_client', 'pandas', 'nbformat', 'tqdm')"
        " if m in sys.modules))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_pool_runs_every_job_once_and_reports_errors_per_job():
    jobs = [(n,) for n in range(5)]
    with ThreadPoolExecutor(2) as ex:
        got = pool.run_all(jobs, ex, desc="test", progress=False, fn=lambda n: None if n != 3 else "boom")
    assert got == [None, None, None, "boom", None]


@pytest.mark.slow
def test_pool_outputs_are_byte_identical_to_a_sequential_run(small_book, tmp_path):
    """Two editions run side by side in the pool give the bytes that each gives run alone (the book's committed
    chapters are such runs: test_notebooks.test_execution_is_deterministic runs the Chinese one alone)."""
    chapter = paths.CHAPTERS / "01_demand.ipynb"
    jobs = [(outputs.Edition(chapter, lang), tmp_path / f"pool-{lang}.ipynb") for lang in ("zh", "en")]
    assert pool.run_all(jobs, desc="test", progress=False, fn=outputs._execute) == [None, None]
    for e, pooled in jobs:
        alone = tmp_path / f"alone-{e.lang}.ipynb"
        outputs.execute(e, alone)
        assert pooled.read_bytes() == alone.read_bytes(), e
    assert jobs[0][1].read_bytes() != jobs[1][1].read_bytes()


def rebuilt(name: str, column: str) -> None:
    """Dataset ``name`` built again with its first ``column`` value changed, the manifest with it (as `materials-book
    data build` writes them): a change that kernels can read, unlike ``touch``."""
    import hashlib

    import pandas as pd

    df = pd.read_parquet(paths.parquet(name))
    df.loc[0, column] += 1
    df.to_parquet(paths.parquet(name), index=False)
    manifest = json.loads((paths.DATA / "manifest.json").read_text(encoding="utf-8"))
    manifest["datasets"][name]["parquet"] = hashlib.sha256(paths.parquet(name).read_bytes()).hexdigest()
    (paths.DATA / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.slow
def test_outputs_reexecutes_what_changed_and_then_nothing(small, capsys):
    """The kernels read the changed dataset (the small book is theirs too), so the new outputs show it."""
    rebuilt("demand", "kt")
    before = {e: e.dest.read_bytes() for e in outputs.editions()}
    assert outputs.main(progress=False) == 0
    assert "executed 2 of 6 notebooks, 4 up to date" in capsys.readouterr().out
    assert {str(e) for e, b in before.items() if e.dest.read_bytes() != b} == both("01_demand")
    assert "50% more than in 2020" in outputs_of(paths.EN_CHAPTERS / "01_demand.ipynb")  # 51% before
    assert outputs.plan() == []


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 1.0], ids=["kernels-starting", "kernels-running"])
def test_terminated_outputs_stop_the_pool_its_kernels_and_leave_no_temporary_file(small_book, tmp_path, delay):
    """The small book's six editions keep both workers' kernels busy for a few seconds, long enough to be stopped."""
    import signal
    import time

    import psutil

    temp = tmp_path / "tmp"
    temp.mkdir()
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.ipynb")}
    script = "from materials_book.publish import outputs; raise SystemExit(outputs.main(force=True, progress=False))"
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        env={**os.environ, "TMPDIR": str(temp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline, kernels = time.monotonic() + 120, []
    while len(kernels) < 2:  # both workers run a kernel
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no kernels started"
        kernels = [p for p in psutil.Process(proc.pid).children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
        time.sleep(0.05)
    time.sleep(delay)
    family = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    gone, alive = psutil.wait_procs(family, timeout=20)
    assert not alive, f"still running: {[' '.join(p.cmdline())[:80] for p in alive]}"
    assert not list(temp.iterdir()), list(temp.iterdir())
    assert sorted(tmp_path.rglob("*.ipynb")) == sorted(before), "a notebook appeared or vanished"
    assert not [p for p in tmp_path.rglob(".*") if p.is_file()]


def test_a_hand_edit_to_an_english_notebook_is_named(small):
    path = paths.EN_CHAPTERS / "01_demand.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "lang-en" in c["metadata"].get("tags", []))
    cell["source"] = "".join(cell["source"]) + " An edit made here."
    touch(path, json.dumps(nb, ensure_ascii=False))
    ((edition, why),) = outputs.plan()
    assert str(edition) == "01_demand [en]"
    assert why[0].startswith("its cells differ from 01_demand.ipynb's: edited by hand?")
    assert "lang-en cells of chapters/01_demand.ipynb" in why[0]


def test_the_site_is_not_written_while_a_chapter_lags_behind_its_inputs(book, monkeypatch):
    from materials_book.errors import DataError
    from materials_book.publish import downloads, pages, site

    nb = json.loads((paths.CHAPTERS / "02_bottlenecks.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    cell["source"] = "".join(cell["source"]) + "\n"
    touch(paths.CHAPTERS / "02_bottlenecks.ipynb", json.dumps(nb, ensure_ascii=False))
    written = []
    monkeypatch.setattr(pages, "write_pages", lambda: written.append(True))
    monkeypatch.setattr(downloads, "write_downloads", lambda: written.append(True))
    expected = (
        r"^chapters/02_bottlenecks.ipynb and 1 more \(02_bottlenecks \[en\]\) no longer follow from their "
        r"inputs \(notebook\): run `make outputs`, then `make book`"
    )
    with pytest.raises(DataError, match=expected):
        site.main("pages")
    assert written == []


def test_a_notebook_cannot_name_a_file_outside_the_data_set_for_its_record():
    nb = {
        "cells": [
            {
                "outputs": [
                    {
                        "data": {
                            "application/json": {
                                "datasets": {"/dev/zero": 1, "../../etc/passwd": 1, "minerals_demand": 1}
                            }
                        }
                    }
                ]
            }
        ]
    }
    assert outputs.provenance(nb) == ["minerals_demand"]


def test_editing_a_pipeline_or_check_module_reexecutes_no_chapter(book):
    """Chapters read built data only: how it is built and checked is not in any chapter's record."""
    found = sorted([*(outputs.PACKAGE_DIR / "pipeline").glob("*.py"), *(outputs.PACKAGE_DIR / "checks").glob("*.py")])
    assert len(found) > 10
    for module in found:
        touch(module, module.read_text(encoding="utf-8") + "\n# changed\n")
        assert planned() == set(), module.name


def test_editing_a_chapter_module_reexecutes_only_its_chapter(book):
    for module in sorted((outputs.PACKAGE_DIR / "chapters").glob("*.py")):
        if module.name in (
            "__init__.py",
            "frames.py",
            "style.py",
            "layout.py",
            "kit.py",
        ):  # the chart kit: every chapter
            continue
        touch(module, module.read_text(encoding="utf-8") + "\n# changed\n")
        chapter = next(
            e.chapter.stem
            for e in outputs.editions()
            if f"materials_book/chapters/{module.name}"
            in outputs.modules(outputs.code(json.loads(e.chapter.read_text(encoding="utf-8"))))
        )
        assert planned() == both(chapter), module.name
        for e in outputs.editions():
            _executed(e)
