"""Runs many jobs at once with one progress bar: a process pool sized to the cores (or any executor, such as a dask
cluster's), used by ``outputs`` for the stale editions and by ``sweep`` for its runs; termination stops them all."""

from __future__ import annotations

import os
import sys
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed

from .. import signals


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_all(
    jobs: list[tuple],
    executor: Executor | None = None,
    *,
    desc: str,
    progress: bool = True,
    fn,
    label=lambda job: str(job[0]),
    max_workers: int | None = None,
) -> list:
    """``fn(*job)`` for every job, through ``executor`` (default: a process pool of ``max_workers``, or sized to the
    cores), with one progress bar; the results in the order of ``jobs``. On termination (Ctrl-C, SIGTERM, SIGHUP)
    pending jobs are cancelled and the pool's workers stopped, each removing its temporary files."""
    import multiprocessing

    from tqdm import tqdm

    own = executor is None
    ex = executor or ProcessPoolExecutor(max_workers=max(1, min(max_workers or workers(), len(jobs))))
    futures: dict = {}
    results: list = [None] * len(jobs)
    with signals.terminable():
        try:
            futures = {ex.submit(fn, *job): i for i, job in enumerate(jobs)}  # workers start before the bar's thread
            with tqdm(
                total=len(jobs), desc=desc, unit="run", file=sys.stderr, disable=not progress, dynamic_ncols=True
            ) as bar:
                for f in as_completed(futures):
                    results[futures[f]] = f.result()
                    bar.set_postfix_str(label(jobs[futures[f]]), refresh=False)
                    bar.update()
        except BaseException:
            for f in futures:
                f.cancel()
            if own:
                for p in multiprocessing.active_children():
                    p.terminate()
            raise
        finally:
            if own:
                ex.shutdown(wait=True, cancel_futures=True)
    return results
