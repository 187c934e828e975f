"""SIGTERM and SIGHUP unwound like Ctrl-C, so that every ``finally`` and ``with`` cleans up (temporary folders,
kernels, a half-written data set) when a run is stopped by a service manager or a closed terminal."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Terminated(SystemExit):
    """Raised in the main thread by SIGTERM or SIGHUP, with the exit status a shell gives that signal (128 + n)."""


def _terminate(signum, frame) -> None:
    for s in SIGNALS:  # a second signal must not interrupt the clean-up the first one started
        signal.signal(s, signal.SIG_IGN)
    raise Terminated(128 + signum)


@contextlib.contextmanager
def terminable() -> Iterator[None]:
    """Within the block SIGTERM and SIGHUP raise ``Terminated``, so ``finally`` and ``with`` clean up as for Ctrl-C;
    the previous handlers are restored on leaving. Outside the main thread (where handlers cannot be set) it does
    nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _terminate) for s in SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
