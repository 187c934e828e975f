"""Sweeps on dask.distributed (``materials-book sweep --scheduler``): a local cluster of worker processes or a
running cluster's scheduler, used through a ``concurrent.futures`` executor. dask is optional:
``pip install '.[cluster]'``.

Every run is submitted with ``pure=False``: dask would otherwise give identical calls one key and run them once.
Each worker thread runs one kernel at a time, so a local cluster of N workers runs at most N kernels at once; an
execution changes no state of its process (no chdir, kernel sockets in its own folder), so the threads of a running
cluster's workers can run one each.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from concurrent.futures import Executor

from .params import ParamError

ALLOWED = "local:N (N worker processes on this machine, N from 1 to {max}) or tcp://HOST:PORT (a running scheduler)"
MAX_LOCAL_WORKERS = 64
CONNECT_TIMEOUT = 5.0  # seconds to reach a scheduler before giving up
INSTALL = "pip install '.[cluster]'"
_LOCAL = re.compile(r"local:([0-9]+)")
_TCP = re.compile(r"tcp://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):([0-9]{1,5})")


def parse(text: str) -> tuple[str, int | str]:
    """``("local", N)`` or ``("tcp", address)``, checked before dask is imported so a typo costs nothing."""
    if m := _LOCAL.fullmatch(text):
        n = int(m.group(1))
        if 1 <= n <= MAX_LOCAL_WORKERS:
            return "local", n
    elif (m := _TCP.fullmatch(text)) and 0 < int(m.group(2)) < 65536:
        return "tcp", text
    raise ParamError(f"--scheduler {text!r}: give {ALLOWED.format(max=MAX_LOCAL_WORKERS)}")


def _distributed():
    """The dask.distributed module, or a ParamError saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise ParamError(f"--scheduler needs dask.distributed, which is not installed: {INSTALL}") from None
    return distributed


def check(text: str) -> tuple[str, int | str]:
    """The parsed scheduler, once dask is known to be importable: both mistakes stop a sweep before it starts."""
    spec = parse(text)
    _distributed()
    return spec


def _reason(exc: BaseException) -> str:
    """Why a connection failed, in a few words (`` (Connection refused)``): the last error dask met while retrying,
    or nothing when that was the time-out itself."""
    last = exc.__cause__ or exc
    if isinstance(last, TimeoutError) or str(last).startswith("Timed out"):
        return ""
    text = " ".join(str(last).split()).split(">: ", 1)[-1]  # without dask's "in <TCPConnector object at 0x…>: "
    return f" ({text or type(last).__name__})"


@contextlib.contextmanager
def _client(kind: str, where: int | str) -> Iterator:
    """A client of a new local cluster (stopped on leaving) or of the scheduler at ``where``."""
    distributed = _distributed()
    if kind == "local":
        with (
            distributed.LocalCluster(
                n_workers=where,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = distributed.Client(where, timeout=CONNECT_TIMEOUT)
    except (OSError, ValueError) as exc:
        raise ParamError(
            f"--scheduler {where}: no scheduler reached within {CONNECT_TIMEOUT:g} s{_reason(exc)}"
        ) from None
    with client:
        yield client


@contextlib.contextmanager
def executor(text: str) -> Iterator[Executor]:
    """The cluster named by ``--scheduler`` as an executor submitting with ``pure=False``."""
    with _client(*check(text)) as client:
        yield client.get_executor(pure=False)
