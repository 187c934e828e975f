"""Warm starts for `make live`: a server that has imported the heavy libraries (Sphinx, Jupyter Book, MyST-NB,
pandas, pyarrow, pandera, altair) forks a fresh child for each book command, which then skips those imports.

``warm.py serve SOCKET`` is the server; ``warm.py run SOCKET -- COMMAND…`` runs COMMAND through it with its own
standard streams, folder, environment and exit status, or as usual when no server answers. Only third-party modules
are preloaded, never the book's own (an edited module is read afresh), and the server starts afresh once packages are
installed; each command starts from the same untouched state, as a new process would."""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import os
import runpy
import signal
import socket
import struct
import sys
import sysconfig
import traceback
from typing import Any

PRELOAD = (
    "pandas",
    "pyarrow.parquet",
    "pandera.pandas",
    "altair",
    "yaml",
    "nbformat",
    "papermill",
    "sphinx.application",
    "jupyter_book.cli.main",
    "jupyter_book.sphinx",
    "myst_nb.sphinx_ext",
    "sphinx_book_theme",
    "jieba",
    "bs4",
    "soupsieve",  # the theme's sidebar selects with it on every page (its patterns compiled in _warm_up)
    "pandera.backends.pandas.builtin_checks",  # what a first validation imports (hypothesis among it)
    # what a Jupyter Book build's extensions import in their setup (0.2 s of a one-page rebuild)
    "sphinx_togglebutton",
    "sphinx_copybutton",
    "sphinx_thebe",
    "sphinx_comments",
    "sphinx_multitoc_numbering",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.builders.html.transforms",
    "sphinx.builders.latex.transforms",
    "sphinx.search.zh",
    "sphinx.search.en",
    "pydata_sphinx_theme",
    "jinja2.ext",
    "pybtex.style.formatting.unsrt",
    "pybtex.backends.plaintext",
    "pygments.lexers.shell",
)
# Packages preloaded with every submodule: extensions whose setup imports most of them.
PACKAGES = (
    "sphinx_design",
    "sphinx_external_toc",
    "sphinx_jupyterbook_latex",
    "a11y_pygments",
    "sphinxcontrib.bibtex",
    "myst_nb.ext",
    "myst_parser.sphinx_ext",
    "latexcodec",
    "pybtex.style",
)
# Console scripts a child runs in-process (by the name of argv[0]); `python -m MODULE` too.
SCRIPTS = {"jupyter-book": ("jupyter_book.cli.main", "main"), "materials-book": ("materials_book.cli", "main")}
_HEADER = struct.Struct("!I")
_STATUS = struct.Struct("!i")


def runnable(argv: list[str]) -> bool:
    """Whether the server can run ``argv`` in a child: one of SCRIPTS, or ``python -m MODULE``."""
    name = os.path.basename(argv[0]) if argv else ""
    return name in SCRIPTS or (name.startswith("python") and len(argv) > 2 and argv[1] == "-m")


def run(path: str, argv: list[str]) -> int:
    """``argv`` run by the server at ``path``, its exit status returned; run as usual when none answers."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        if not runnable(argv):
            raise ConnectionRefusedError
        conn.connect(path)
    except OSError:
        conn.close()
        os.execvp(argv[0], argv)  # no server: the command itself, in this process
    request = json.dumps({"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
    try:
        socket.send_fds(conn, [_HEADER.pack(len(request))], [0, 1, 2])
        conn.sendall(request)
        answer = _read(conn, _HEADER.size)
    except OSError:
        answer = b""
    pid = _HEADER.unpack(answer)[0] if len(answer) == _HEADER.size else 0
    if not pid:  # not started (the server is restarting): the command itself
        conn.close()
        os.execvp(argv[0], argv)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # a stop asked of this process stops the command
        signal.signal(sig, lambda s, _f: os.kill(pid, s))
    status = _read(conn, _STATUS.size)  # a fixed size: a process the command forked may hold the socket open
    return _STATUS.unpack(status)[0] if len(status) == _STATUS.size else 1  # none: the child died


def _read(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n and (chunk := conn.recv(n - len(data))):
        data += chunk
    return data


def serve(path: str) -> int:
    """Preload, then fork one child per connection until stopped; the children are reaped by the kernel."""
    for sig in (signal.SIGTERM, signal.SIGINT):  # the socket removed on the way out, without a traceback
        signal.signal(sig, lambda *_: sys.exit(0))
    _remember_entry_points()
    _preload()
    _warm_up()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # after the preload, whose imports may wait for a subprocess
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(16)
    print(f"materials-book warm: ready on {path}", flush=True)
    installed = _installed()
    try:
        while True:
            conn, _ = server.accept()
            if _installed() != installed:  # packages changed since the preload: start afresh, this command unserved
                conn.close()
                server.close()
                os.unlink(path)  # clients run their commands by themselves until the new server is ready
                os.execv(sys.executable, [sys.executable, "-m", "materials_book.publish.warm", "serve", path])
            if os.fork() == 0:
                server.close()
                # as a new process has them: subprocess.wait needs its children back, Ctrl-C raises, a stop stops
                for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
                    signal.signal(sig, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                os._exit(_child(conn))
            conn.close()
    finally:
        server.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _preload() -> None:
    """Import PRELOAD, Sphinx's built-in extensions and every submodule of PACKAGES; what is missing is skipped."""
    import pkgutil

    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    builtin = getattr(sys.modules.get("sphinx.application"), "builtin_extensions", ())
    for name in (*builtin, *PACKAGES):
        with contextlib.suppress(Exception):
            module = importlib.import_module(name)
            for info in pkgutil.walk_packages(getattr(module, "__path__", []), f"{name}."):
                with contextlib.suppress(Exception):  # a submodule needing what is not installed is left out
                    importlib.import_module(info.name)


def _warm_up() -> None:
    """What the preloaded libraries otherwise do on first use in every command: nbformat compiles its schema (0.15 s
    of each command reading a notebook), jieba loads its dictionary (0.8 s of a Chinese search index), soupsieve
    compiles its CSS parser's patterns (0.1 s of a build). A library that is missing or fails is left cold."""
    with contextlib.suppress(Exception):
        nbformat = sys.modules["nbformat"]
        nbformat.validate(nbformat.v4.new_notebook())
    with contextlib.suppress(Exception):
        jieba = sys.modules["jieba"]
        jieba.setLogLevel(60)
        jieba.initialize()
    with contextlib.suppress(Exception):
        import gc

        from soupsieve import css_parser

        for pattern in (o for o in gc.get_objects() if isinstance(o, css_parser.SelectorPattern)):
            _ = pattern.re_pattern


def _remember_entry_points() -> None:
    """Entry points read once, before the preload binds the function: Sphinx, pybtex and jupyter_client look them
    up on every build (about 0.1 s of one), and they change only with an install, which restarts the server."""
    for name in ("importlib.metadata", "importlib_metadata"):
        with contextlib.suppress(ImportError):
            module: Any = importlib.import_module(name)
            module.entry_points = functools.partial(_select, module.entry_points())


def _select(everything, **params):
    return everything.select(**params)


def _installed() -> tuple[float, ...]:
    """When the installed packages last changed (an install or removal changes the folders' times)."""
    folders = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")}
    return tuple(sorted(os.stat(f).st_mtime for f in folders if os.path.isdir(f)))


def _child(conn: socket.socket) -> int:
    """Take the client's streams, folder and environment, run its command, send back the exit status."""
    code = 1
    try:
        header, fds, _, _ = socket.recv_fds(conn, _HEADER.size, 3)
        request = json.loads(_read(conn, _HEADER.unpack(header)[0]))
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        conn.sendall(_HEADER.pack(os.getpid()))
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        code = _command(request["argv"])
    except BaseException:  # noqa: BLE001  whatever the command raised is shown, as a new process would
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        with contextlib.suppress(OSError):
            conn.sendall(_STATUS.pack(code if -(2**31) <= code < 2**31 else 1))
    return code


def _command(argv: list[str]) -> int:
    name = os.path.basename(argv[0])
    try:
        if name in SCRIPTS:
            module, function = SCRIPTS[name]
            sys.argv = [name, *argv[1:]]
            result = getattr(importlib.import_module(module), function)()
        else:  # as `python -m` runs it: the working folder first on the path
            sys.argv = [argv[2], *argv[3:]]
            sys.path[0] = os.getcwd()
            runpy.run_module(argv[2], run_name="__main__", alter_sys=True)
            result = 0
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
        result = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return result if isinstance(result, int) else 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "serve":
        return serve(args[1])
    if len(args) >= 4 and args[0] == "run" and args[2] == "--":
        return run(args[1], args[3:])
    print("usage: warm.py serve SOCKET | warm.py run SOCKET -- COMMAND [ARG …]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
