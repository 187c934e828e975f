"""`make live`: both editions served on localhost with sphinx-autobuild's watcher, server and reload script, rebuilt on
save as `make`'s stamps and the outputs record decide, and a failed rebuild shown in the browser until a save fixes it.

Everything a build writes (``_build/``, the generated pages, downloads, the built data, the English notebooks, caches)
is outside what is watched, so a rebuild never triggers another."""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .. import paths, signals
from ..labels import LANGS
from . import outputs

ERROR = Path("_build") / ".live-error"  # below the root: the last failed rebuild's message, absent after a good one
WATCHED = (
    "data/sources",
    "data/raw",
    "src",
    "chapters",
    "intro.md",
    "en/intro.md",
    "_config.yml",
    "_toc.yml",
    "en/_toc.yml",
    "_static",
    "_templates",
    "references.bib",
    "CITATION.cff",
    "requirements.txt",
)
# Written by a build: never a reason to rebuild.
WRITTEN = (
    "_build",
    "generated",
    "en/generated",
    "en/chapters",
    "data/built",
    "_static/downloads",
    "_static/vega-bundle.js",
    ".cache",
    "reruns",
    "bench",
)
IGNORED_NAMES = r"(/\.[^/]*$|~$|\.swp$|/__pycache__/|\.ipynb_checkpoints)"  # editors' and Python's leftovers
# One rebuild: the data set when its inputs changed, the stale chapter editions, then the site (make's stamps).
STEPS = (["data/built/manifest.json"], ["outputs"], ["book"])


def make(target: list[str], root: Path | None = None, warm: str = "") -> subprocess.CompletedProcess:
    """``make target`` in ``root``, its book commands run through the warm server when ``warm`` names one."""
    return subprocess.run(
        ["make", "--no-print-directory", "-s", *target, *([f"WARM={warm}"] if warm else [])],
        cwd=root or paths.ROOT,
        capture_output=True,
        text=True,
    )


class Warm:
    """The warm server (materials_book.publish.warm) for one root, started and stopped with the live server; its
    socket lives in ``_build/`` (not watched). It starts afresh by itself once packages are installed or removed."""

    def __init__(self, root: Path | None = None):
        self.root = root or paths.ROOT
        self.socket = self.root / "_build" / ".warm.sock"
        self.process: subprocess.Popen | None = None

    @property
    def prefix(self) -> str:
        """The WARM value for make: the client, or nothing when the socket's path is too long for AF_UNIX."""
        if len(str(self.socket).encode()) > 100:
            return ""
        return f"{sys.executable} -m materials_book.publish.warm run {self.socket} --"

    def start(self) -> None:
        if self.prefix:
            self.socket.parent.mkdir(parents=True, exist_ok=True)
            command = [sys.executable, "-m", "materials_book.publish.warm", "serve", str(self.socket)]
            # a group of its own, which its forked commands share: stopping it stops a command still running
            self.process = subprocess.Popen(command, cwd=self.root, stdout=subprocess.DEVNULL, start_new_session=True)

    def stop(self) -> None:
        """Stop the server and every command it is running (a rebuild cut short by Ctrl-C leaves none behind)."""
        if self.process is not None:
            self._signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.process.wait()
            self.process = None

    def _signal(self, sig: int) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, sig)


class Rebuild:
    """The change callback, run in a process of sphinx-autobuild's pool: run the steps in order, stop at the first
    that fails, keep its message for the page (unless a file was saved meanwhile: the next rebuild is that save's)."""

    def __init__(self, root: Path | None = None, steps=STEPS, run=make):
        self.root, self.steps, self.run = root or paths.ROOT, steps, run

    def __call__(self, changed_paths: Sequence[Path] = ()) -> bool:
        error, begun = self.root / ERROR, time.time_ns()
        if changed_paths:
            names = ", ".join(sorted({Path(p).relative_to(self.root).as_posix() for p in changed_paths})[:5])
            print(f"materials-book live: changed {names}", flush=True)
        for step in self.steps:
            started = time.monotonic()
            done = self.run(step, self.root)
            if done.returncode != 0:
                # what the project's commands said, without make's own lines (its "Error 1" says nothing more)
                lines = [
                    line
                    for line in (done.stderr + done.stdout).splitlines()
                    if line.strip() and not line.startswith(("make:", "make["))
                ]
                message = "\n".join(lines[-10:]) or f"make {' '.join(step)} failed"
                if newer := saved_since(self.root, begun):
                    # the step read a file saved meanwhile (a data set older than its sources): the watcher has that
                    # save and rebuilds next, so the page is not replaced by an error that save may already fix
                    print(
                        f"materials-book live: make {' '.join(step)} stopped; {newer[0]} was saved meanwhile and is "
                        "rebuilt next",
                        flush=True,
                    )
                    return False
                print(message, file=sys.stderr, flush=True)
                error.parent.mkdir(parents=True, exist_ok=True)
                error.write_text(f"make {' '.join(step)}\n{message}\n", encoding="utf-8")
                return False
            if time.monotonic() - started > 1:
                print(f"materials-book live: make {' '.join(step)}: {time.monotonic() - started:.1f} s", flush=True)
        error.unlink(missing_ok=True)
        print("materials-book live: built", flush=True)
        return True


def saved_since(root: Path, since_ns: int) -> list[str]:
    """The watched files an author saved after ``since_ns`` (what builds write left out), relative to ``root``."""
    ignored = Filter(root)
    found = []
    for w in WATCHED:
        top = root / w
        for path in [top] if top.is_file() else sorted(top.rglob("*")) if top.is_dir() else []:
            try:
                if path.is_file() and path.stat().st_mtime_ns > since_ns and not ignored(str(path)):
                    found.append(path.relative_to(root).as_posix())
            except OSError:  # removed meanwhile
                continue
    return found


def error_page(text: str) -> bytes:
    """The page shown in place of every page while the last rebuild failed."""
    step, _, message = text.partition("\n")
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Build failed</title></head>"
        "<body style='font-family:sans-serif;max-width:50rem;margin:3rem auto'>"
        f"<h1>The book was not rebuilt</h1><p><code>{html.escape(step)}</code> stopped:</p>"
        f"<pre style='white-space:pre-wrap'>{html.escape(message.strip())}</pre>"
        "<p>Fix the file and save it: this page reloads when the book builds again.</p></body></html>"
    ).encode()


class ErrorPage:
    """ASGI middleware: while the last rebuild failed, every HTML page is the error page (with the reload script,
    which the injector adds); otherwise the site as built."""

    def __init__(self, app, root: Path | None = None):
        self.app, self.error = app, (root or paths.ROOT) / ERROR

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and self.error.is_file() and (path.endswith((".html", "/")) or "." not in path):
            body = error_page(self.error.read_text(encoding="utf-8"))
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"text/html; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


class Filter:
    """What the watcher ignores: what builds write (WRITTEN, editors' leftovers), and a chapter notebook whose
    editions all follow from their inputs, which is the outputs step writing it: without this, every execution
    would start a second rebuild and reload the page twice. An author's edit of a chapter makes it stale."""

    def __init__(self, root: Path | None = None, stale=None):
        from sphinx_autobuild.filter import IgnoreFilter

        self.root = root or paths.ROOT
        self.written = IgnoreFilter(
            [self.root / w for w in WRITTEN] + [self.root / ".git", self.root / ".venv"], [IGNORED_NAMES]
        )
        self.stale = stale or outputs.stale

    def __call__(self, path: str) -> bool:
        if self.written(path):
            return True
        chapter = Path(path)
        if chapter.suffix != ".ipynb" or chapter.parent != self.root / "chapters" or not chapter.is_file():
            return False
        return not any(self.stale(outputs.Edition(chapter, lang)) for lang in LANGS)


def app(root: Path, rebuild: Rebuild, url_host: str):
    """sphinx-autobuild's app (watcher, reload websocket, static files with the reload script), with the error page
    in front of the files."""
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from sphinx_autobuild.server import RebuildServer
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    watched = [root / w for w in WATCHED if (root / w).exists()]
    watcher = RebuildServer(watched, Filter(root), change_callback=rebuild)
    return Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/", app=StaticFiles(directory=root / "_build" / "html", html=True)),
        ],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=url_host), Middleware(ErrorPage, root=root)],
        lifespan=watcher.lifespan,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make live", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    import uvicorn

    warm = Warm()
    # uvicorn stops on SIGINT or SIGTERM and then raises the signal again: unwound here, so the warm server and
    # what it runs are stopped too, and Ctrl-C ends without a traceback
    with signals.terminable():
        warm.start()
        try:
            # sphinx-autobuild runs the callback in a process pool: it must pickle (a partial of a function does)
            rebuild = Rebuild(run=functools.partial(make, warm=warm.prefix))
            rebuild()
            (paths.HTML).mkdir(parents=True, exist_ok=True)
            print(f"materials-book live: http://{args.host}:{args.port}/ (English: /en/); Ctrl-C stops", flush=True)
            uvicorn.run(
                app(paths.ROOT, rebuild, f"{args.host}:{args.port}"),
                host=args.host,
                port=args.port,
                log_level="warning",
            )
        except KeyboardInterrupt:
            return 130
        finally:
            warm.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
