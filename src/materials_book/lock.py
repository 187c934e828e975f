"""One build at a time: ``data build``, ``site pages``, ``make outputs`` and ``make book`` hold an advisory lock on
.cache/build.lock (``fcntl.flock``), so a second run waits for the first instead of writing over the set it is
writing. The kernel releases the lock when its holder dies, however it dies.

``python -m materials_book.lock WHAT -- COMMAND…`` runs a command under the lock; the commands it starts see
``MATERIALS_BOOK_BUILD_LOCK`` and do not take it again (``make book`` runs its steps this way).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from . import paths
from .files import umask
from .signals import terminable

HELD = "MATERIALS_BOOK_BUILD_LOCK"  # set while held, to the lock's path: child processes run under it


def path() -> Path:
    return paths.CACHE / "build.lock"


def _where(p: Path) -> str:
    try:
        return str(p.relative_to(paths.ROOT))
    except ValueError:
        return str(p)


@contextlib.contextmanager
def one_build(what: str) -> Iterator[None]:
    """Hold the build lock for the block, waiting (with one line on stderr naming the holder) while another run
    holds it. Re-entrant for the process that holds it and for the commands it starts."""
    p = path()
    if os.environ.get(HELD) == str(p):
        yield
        return
    p.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(p, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666 & ~umask())
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "a run that did not say"
            print(
                f"{what}: waiting for another build to finish ({holder}; lock {_where(p)})", file=sys.stderr, flush=True
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}: {what}\n".encode(), 0)
        os.environ[HELD] = str(p)
        try:
            yield
        finally:
            del os.environ[HELD]
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock


def main(argv: list[str]) -> int:
    """Run ``COMMAND…`` (after ``--``) under the lock, as ``WHAT``; its exit status is returned."""
    if len(argv) < 3 or argv[1] != "--":
        print("usage: python -m materials_book.lock WHAT -- COMMAND [ARG…]", file=sys.stderr)
        return 2

    with terminable(), one_build(argv[0]):
        proc = subprocess.Popen(argv[2:])
        try:
            return proc.wait()
        except BaseException:  # stopped: stop the command too before the lock is released
            proc.terminate()
            proc.wait()
            raise


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
