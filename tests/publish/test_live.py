"""`make live`: a rebuild runs the steps in order and stops at the first failure, whose message replaces every page
until a save fixes it; what builds write is never watched; the server serves both editions with the reload script."""

import asyncio
import concurrent.futures
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from materials_book import paths
from materials_book.publish import live


class Done:
    def __init__(self, code, err=""):
        self.returncode, self.stderr, self.stdout = code, err, ""


def test_a_failed_step_stops_the_rebuild_and_its_message_is_kept_until_a_good_one(tmp_path):
    ran, results = (
        [],
        {
            ("b",): Done(
                2,
                "make: *** [Makefile] Error 2\nmaterials-book: data/sources/x.yaml row 3: "
                "value 12 does not occur in the quote\n",
            )
        },
    )
    rebuild = live.Rebuild(
        tmp_path,
        steps=(["a"], ["b"], ["c"]),
        run=lambda step, root: (ran.append(step[0]), results.get(tuple(step), Done(0)))[1],
    )
    assert rebuild([tmp_path / "data" / "sources" / "x.yaml"]) is False and ran == ["a", "b"]
    error = tmp_path / live.ERROR
    assert error.read_text(encoding="utf-8") == (
        "make b\nmaterials-book: data/sources/x.yaml row 3: value 12 does not occur in the quote\n"
    )  # make's own line left out
    results.clear()
    assert rebuild([tmp_path / "data" / "sources" / "x.yaml"]) is True and ran[2:] == ["a", "b", "c"]
    assert not error.exists()


def test_what_builds_write_is_not_watched_and_what_authors_edit_is():
    ignored = live.Filter()
    for written in (
        "_build/html/index.html",
        "generated/quotes.md",
        "en/generated/glossary.md",
        "en/chapters/01_status.ipynb",
        "data/built/manifest.json",
        "_static/downloads/x.csv",
        ".cache/vega-1.9/x.json",
        "chapters/.01_status.ipynb.tmp",
        "src/materials_book/__pycache__/x.pyc",
    ):
        assert ignored(str(paths.ROOT / written)), written
    for edited in (
        "data/sources/localization.yaml",
        "intro.md",
        "en/intro.md",
        "src/materials_book/chapters/status.texts.yaml",
        "_static/book.css",
    ):
        assert not ignored(str(paths.ROOT / edited)), edited


def test_a_chapter_is_watched_unless_the_outputs_step_just_wrote_it(tmp_path):
    """A notebook whose editions follow from their inputs was written by the execution: not a reason to rebuild
    (and reload the page) again; one an author edited is stale, and watched."""
    chapter = tmp_path / "chapters" / "01_x.ipynb"
    chapter.parent.mkdir()
    chapter.write_text("{}", encoding="utf-8")
    asked = []

    def stale(edition, why=()):
        asked.append(edition.lang)
        return list(why)

    assert live.Filter(tmp_path, stale=stale)(str(chapter)) is True and asked == ["zh", "en"]
    edited = live.Filter(tmp_path, stale=lambda e: ["notebook"] if e.lang == "en" else [])
    assert edited(str(chapter)) is False
    assert live.Filter(tmp_path, stale=stale)(str(tmp_path / "intro.md")) is False  # not a chapter: watched
    assert live.Filter(tmp_path, stale=stale)(str(tmp_path / "chapters" / "gone.ipynb")) is False  # removed


def _run(coroutine) -> None:
    """The coroutine run to its end in a thread of its own: a test before this one in the same worker (Playwright's
    sync API) may leave an event loop running in this thread, where asyncio.run refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def test_while_a_rebuild_has_failed_every_page_is_the_error_page(tmp_path):
    sent = []

    async def files(scope, receive, send):
        sent.append("file")

    async def send(message):
        sent.append(message)

    page = live.ErrorPage(files, root=tmp_path)
    _run(page({"type": "http", "path": "/chapters/01_status.html"}, None, send))
    assert sent == ["file"]
    error = tmp_path / live.ERROR
    error.parent.mkdir(parents=True)
    error.write_text("make book\nmaterials-book: <bad> value\n", encoding="utf-8")
    sent.clear()
    _run(page({"type": "http", "path": "/en/"}, None, send))
    assert sent[0]["status"] == 500 and b"&lt;bad&gt; value" in sent[1]["body"] and b"<bad>" not in sent[1]["body"]
    sent.clear()
    _run(page({"type": "http", "path": "/_static/book.css"}, None, send))
    assert sent == ["file"]


@pytest.mark.slow
def test_the_server_serves_both_editions_with_the_reload_script():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "materials_book.publish.live", "--port", str(port)],
        cwd=paths.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                pages = {
                    p: urllib.request.urlopen(f"http://127.0.0.1:{port}/{p}", timeout=5).read().decode()
                    for p in ("", "en/intro.html", "chapters/04_minerals_roadmap.html")
                }
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None and time.monotonic() < deadline, server.stdout.read()
                time.sleep(0.5)
        assert all("/websocket-reload" in html for html in pages.values())
        assert 'lang="en"' in pages["en/intro.html"] and "mb-chart" in pages["chapters/04_minerals_roadmap.html"]
        assert not Path(paths.ROOT / live.ERROR).exists()
    finally:
        server.terminate()
        server.wait(timeout=20)
    warm = live.Warm().socket  # stopped with the server, its socket removed
    deadline = time.monotonic() + 10
    while warm.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not warm.exists(), "the warm server outlived make live"


def test_a_step_failing_on_a_file_saved_meanwhile_keeps_the_page_for_the_next_rebuild(tmp_path):
    source = tmp_path / "data" / "sources" / "x.yaml"
    source.parent.mkdir(parents=True)
    source.write_text("rows: []\n", encoding="utf-8")
    time.sleep(0.01)

    def run(step, root):
        if step == ["a"]:  # the author saves again while the data set is built
            time.sleep(0.05)  # file times come from a coarser clock than time.time_ns()
            source.write_text("rows: [1]\n", encoding="utf-8")
            return Done(0)
        return Done(2, "materials-book: data/built/ does not follow from data/sources/x.yaml: run make data\n")

    rebuild = live.Rebuild(tmp_path, steps=(["a"], ["b"]), run=run)
    assert rebuild([source]) is False and not (tmp_path / live.ERROR).exists()
    assert live.saved_since(tmp_path, 0) == ["data/sources/x.yaml"]
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / "written.html").write_text("", encoding="utf-8")  # what builds write is never a save
    assert live.saved_since(tmp_path, 0) == ["data/sources/x.yaml"]
    later = time.time_ns()
    assert live.saved_since(tmp_path, later) == []
    failing = live.Rebuild(tmp_path, steps=(["b"],), run=run)  # nothing saved meanwhile: the error is shown
    assert failing([source]) is False and (tmp_path / live.ERROR).read_text(encoding="utf-8").startswith("make b\n")


def test_stopping_the_warm_server_stops_the_commands_it_is_running(tmp_path):
    (tmp_path / "sleeper.py").write_text(
        "import os, pathlib, time\npathlib.Path('pid').write_text(str(os.getpid()))\ntime.sleep(120)\n",
        encoding="utf-8",
    )
    warm = live.Warm(tmp_path)
    warm.start()
    try:
        deadline = time.monotonic() + 60
        while not warm.socket.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        client = subprocess.Popen(warm.prefix.split() + [sys.executable, "-m", "sleeper"], cwd=tmp_path)
        while not (tmp_path / "pid").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        child = int((tmp_path / "pid").read_text())
        assert child not in (client.pid, warm.process.pid)  # run by a child the server forked
    finally:
        warm.stop()
    client.wait(timeout=20)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(f"/proc/{child}").exists(), "a command outlived the warm server"
