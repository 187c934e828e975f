"""One build at a time, and a stopped build leaves the last whole set: real processes on a copy of the project whose
own src/ makes every path point into the copy. The first writer is slowed (each file written waits) so that the
second starts while it is writing, every time."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from materials_book import paths

pytestmark = pytest.mark.slow

SLOW_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from materials_book import cli
    from materials_book import files
    write, started = files._write, Path(sys.argv[1])
    def slow(path, data, previous):
        write(path, data, previous)
        started.touch()
        time.sleep(0.08)
    files._write = slow
    cli.main(["data", "build"])
""")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for rel in ("data/raw", "data/sources", "data/built", "src"):
        shutil.copytree(paths.ROOT / rel, root / rel, ignore=shutil.ignore_patterns(".*", "__pycache__", "*.egg-info"))
    return root


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MATERIALS_BOOK_BUILD_LOCK"}
    return {**env, "PYTHONPATH": str(root / "src"), "PYTHONDONTWRITEBYTECODE": "1"}


def _slow_build(root: Path) -> tuple[subprocess.Popen, Path]:
    started = root / "started"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(started)],
        cwd=root,
        env=_env(root),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not started.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the first build wrote nothing"
        time.sleep(0.01)
    return proc, started


def _command(root: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "materials_book", *argv],
        cwd=root,
        env=_env(root),
        capture_output=True,
        text=True,
        timeout=120,
    )


VERIFY = "from materials_book.pipeline import manifest; manifest.verify()"


def _whole(root: Path) -> None:
    check = subprocess.run([sys.executable, "-c", VERIFY], cwd=root, env=_env(root), capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert not list((root / "data").glob(".built.*")), list((root / "data").glob(".built.*"))


def test_a_second_build_waits_for_the_first_and_the_set_stays_whole(copy):
    first, _ = _slow_build(copy)
    second = _command(copy, "data", "build")
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert second.returncode == 0, second.stderr
    assert "data build: waiting for another build to finish (pid " in second.stderr, second.stderr
    assert f"pid {first.pid}: data build; lock .cache/build.lock)" in second.stderr
    assert len(second.stderr.splitlines()) == 1, second.stderr
    _whole(copy)


def test_site_pages_waits_for_a_data_build(copy):
    first, _ = _slow_build(copy)
    started = time.monotonic()
    waiter = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from materials_book import lock, cli\nwith lock.one_build('site pages'): print('got it')",
        ],
        cwd=copy,
        env=_env(copy),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = waiter.communicate(timeout=120)
    assert first.wait(timeout=120) == 0
    assert out == "got it\n" and "site pages: waiting for another build" in err, err
    assert time.monotonic() - started > 0.5  # it waited for the slowed writer


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_build_stopped_by_a_signal_leaves_no_folder_and_the_last_set(copy, sig):
    before = {p.name: p.read_bytes() for p in (copy / "data" / "built").iterdir()}
    proc, _ = _slow_build(copy)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig, err
    assert "Traceback" not in err, err
    assert {p.name: p.read_bytes() for p in (copy / "data" / "built").iterdir()} == before
    _whole(copy)


def test_after_sigkill_the_last_set_is_in_place_and_the_next_build_clears_the_leftover(copy):
    proc, _ = _slow_build(copy)
    proc.kill()
    proc.wait(timeout=60)
    assert list((copy / "data").glob(".built.new-*")), "killed before it could clean up: a folder is left"
    check = subprocess.run([sys.executable, "-c", VERIFY], cwd=copy, env=_env(copy), capture_output=True, text=True)
    assert check.returncode == 0, check.stderr  # readers still see the last whole set
    again = _command(copy, "data", "build")
    assert again.returncode == 0 and "waiting" not in again.stderr, again.stderr  # the dead holder's lock is gone
    _whole(copy)


def test_the_lock_is_reentrant_for_commands_run_under_it(copy):
    script = (
        "import subprocess, sys\nfrom materials_book import lock\nwith lock.one_build('make book'):\n"
        "    sys.exit(subprocess.call([sys.executable, '-m', 'materials_book', 'data', 'build']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=copy, env=_env(copy), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and "waiting" not in done.stderr, done.stderr
    _whole(copy)


def test_the_runner_passes_the_exit_status_and_refuses_a_bad_call(copy):
    run = [sys.executable, "-m", "materials_book.lock"]
    ok = subprocess.run(
        [
            *run,
            "x",
            "--",
            sys.executable,
            "-c",
            "import os; raise SystemExit(3 if os.environ['MATERIALS_BOOK_BUILD_LOCK'].endswith('build.lock') else 4)",
        ],
        cwd=copy,
        env=_env(copy),
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 3, ok.stderr
    bad = subprocess.run([*run, "x"], cwd=copy, env=_env(copy), capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("usage: python -m materials_book.lock WHAT -- COMMAND")
