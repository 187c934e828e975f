"""Execute chapters with papermill and strip run-specific metadata so that outputs are byte-identical.

Executions are safe on termination: papermill writes into a temporary folder outside the book (never beside the
committed notebooks, where nbval would collect a half-executed copy), the result replaces the destination in one
step, and SIGTERM and SIGHUP unwind like Ctrl-C (the kernel is shut down and the temporary folder removed).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .. import paths
from ..files import write_if_changed
from ..signals import terminable

KERNEL = "python3"
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]  # no start-up warnings through the progress bar
TEMP_PREFIX = "materials-book-"  # temporary folders of running executions, in the system's temporary directory
IPC_PATH_MAX = 90  # a socket path, with the "-N" zmq adds, must fit in sun_path (108 bytes on Linux, 104 on macOS)


def _kernel_config(folder: str):
    """The kernel's connection file in the run's own folder and, on POSIX, its sockets too (IPC, not TCP ports):
    kernels started at once by many processes cannot race for a port (papermill#511), and threads share nothing."""
    from traitlets.config import Config

    manager = {"connection_file": os.path.join(folder, "kernel.json")}
    ip = os.path.join(folder, "kernel")
    if os.name == "posix" and len(ip) < IPC_PATH_MAX:
        manager |= {"transport": "ipc", "ip": ip}
    return Config({"KernelManager": manager})


def _stop_kernels(folder: str, timeout: float = 5.0) -> None:
    """Stop the kernels whose connection file is in ``folder`` (so started by this run) and wait for them."""
    proc = Path("/proc")
    if not proc.is_dir():
        return
    pids = []
    for entry in proc.glob("[0-9]*"):
        try:
            if folder.encode() in (entry / "cmdline").read_bytes():
                pids.append(int(entry.name))
        except (OSError, ValueError):
            continue
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while pids and time.monotonic() < deadline + 2:
        for pid in list(pids):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)  # reap our own child
            try:
                gone = (proc / str(pid) / "stat").read_text().split(") ")[-1][:1] in ("Z", "X")
            except OSError:
                gone = True
            if gone:
                pids.remove(pid)
            elif time.monotonic() > deadline:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)


def chapters() -> list[Path]:
    """The chapter notebooks, in book order."""
    return sorted(paths.CHAPTERS.glob("[0-9][0-9]_*.ipynb"))


def edition_path(chapter: Path, lang: str) -> Path:
    """Where the committed notebook of ``chapter`` lives in the ``lang`` edition."""
    return chapter if lang == "zh" else paths.EN_CHAPTERS / chapter.name


def committed(lang: str) -> Iterator[tuple[Path, Any, list[dict]]]:
    """Each committed chapter notebook of the ``lang`` edition, in book order: (its path, the notebook, the outputs of
    its code cells in order)."""
    import nbformat  # only the pages and downloads read notebooks; outputs decides without it

    for src in chapters():
        path = edition_path(src, lang)
        nb = nbformat.read(path, as_version=4)
        yield path, nb, [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def show_language(nb, lang: str) -> None:
    """Keep the markdown cells of ``lang`` (tag lang-zh / lang-en) and hide the other language's with remove-cell."""
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if {"lang-zh", "lang-en"} & tags:
            if f"lang-{lang}" in tags:
                tags.discard("remove-cell")
            else:
                tags.add("remove-cell")
            cell.metadata["tags"] = sorted(tags)


def strip(nb, parameters: dict, inputs: dict | None = None):
    """Drop timestamps, durations and paths; record the parameters and, for committed outputs, the hashes of the
    inputs they follow from (``outputs.inputs``). Raise ``outputs.VERSION`` when what this writes changes."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["materials_book"] = {"parameters": parameters} | ({"inputs": inputs} if inputs is not None else {})
    show_language(nb, parameters.get("lang", "zh"))
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
            cell.metadata["tags"] = ["injected-parameters", "remove-cell"]
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)
    return nb


def dumps(nb) -> str:
    import nbformat

    return nbformat.writes(nb) + "\n"


def execute(
    src: Path,
    dest: Path,
    values: dict,
    *,
    inject: bool,
    progress: bool = False,
    inputs: Callable[[dict], dict] | None = None,
) -> None:
    """Run ``src`` with ``values`` into ``dest`` atomically; on failure or termination nothing is written, no
    temporary file is left and the error propagates. ``inputs(executed notebook)`` gives the record of inputs kept
    in the metadata (``outputs`` passes it for the committed notebooks)."""
    import nbformat
    import papermill as pm

    with terminable(), tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as tmp:
        out = Path(tmp) / "run.ipynb"
        try:
            # The kernel is killed once the last cell's outputs are in (or on failure or termination): a graceful
            # shutdown added about 0.25 s to every run and, on Ctrl-C, waited for the busy kernel (2-4 s).
            # The kernel's folder is given to nbclient, not as papermill's cwd, which would chdir the whole process
            # (racing with other threads of a dask worker).
            pm.execute_notebook(
                str(src),
                str(out),
                parameters=values if inject else {},
                kernel_name=KERNEL,
                progress_bar=progress,
                log_output=False,
                extra_arguments=KERNEL_ARGUMENTS,
                shutdown_kernel="immediate",
                config=_kernel_config(tmp),
                resources={"metadata": {"path": str(paths.CHAPTERS)}},
            )
        except BaseException:
            _stop_kernels(tmp)  # stopped while starting, a kernel outlives papermill and would write into tmp
            raise
        nb = nbformat.read(out, as_version=4)
        nb = strip(nb, values, inputs(nb) if inputs else None)
        write_if_changed(dest, dumps(nb).encode("utf-8"))


def error_text(exc: BaseException, *, source: bool = False) -> str:
    """A failed execution as text a worker can send back (papermill's errors do not always pickle): the cell, with
    its code when ``source``, and the error."""
    import papermill as pm

    if isinstance(exc, pm.PapermillExecutionError):
        code = f"\n{exc.source}\n" if source else " "
        return f"cell {exc.exec_count} failed:{code}{exc.ename}: {exc.evalue}"
    return f"{type(exc).__name__}: {exc}"


def recorded(nb_path: Path) -> dict:
    return json.loads(Path(nb_path).read_text(encoding="utf-8"))["metadata"].get("materials_book", {})
