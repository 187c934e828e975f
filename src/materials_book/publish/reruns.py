"""Where ``materials-book rerun`` writes: the file name made from the parameters, the destinations it refuses before
any kernel starts (committed chapters, their folders, an existing -o file), and the claim that keeps two reruns from
writing one file."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from .. import files, paths
from ..labels import LANGS
from . import notebooks
from .params import ParamError


def name(chapter: str, raw: dict) -> str:
    """reruns/<chapter>.<name=value-…>.ipynb, each character the slug rule does not allow replaced by _ (files.slug);
    a hash instead when that would be too long for a file name."""
    slug = "-".join(f"{k}={v}" for k, v in sorted(raw.items())) or "defaults"
    safe = files.slug(slug)
    if len(f"{chapter}.{safe}.ipynb".encode()) > 200 or safe != slug and len(safe) > 80:
        safe = "params-" + hashlib.sha256(slug.encode()).hexdigest()[:16]
    return f"{chapter}.{safe}.ipynb"


def check_destination(dest: Path, *, output: bool, force: bool) -> None:
    """Refuse, before any kernel starts, a destination that is a folder, not a notebook, a committed chapter of
    either edition or anywhere under chapters/ or en/ (unless --force), an existing -o file (unless --force), or in a
    folder that cannot be written."""
    if dest.is_dir():
        raise ParamError(f"{dest} is a folder; give a notebook file name, e.g. {dest / 'out.ipynb'}")
    if dest.suffix != ".ipynb":
        raise ParamError(f"{dest}: the output is a notebook; give a file name ending in .ipynb")
    committed = {notebooks.edition_path(c, lang).resolve() for c in notebooks.chapters() for lang in LANGS}
    folders = (paths.CHAPTERS.resolve(), paths.EN.resolve())  # at any depth: nbval and the book collect there
    if (dest in committed or any(dest.is_relative_to(f) for f in folders)) and not force:
        what = "a committed chapter" if dest in committed else "in a folder of committed chapters"
        raise ParamError(f"{dest} is {what}; add --force to write there")
    if output and dest.exists() and not force:
        raise ParamError(f"{dest} exists; add --force to overwrite it")
    dest.parent.mkdir(parents=True, exist_ok=True)
    if not os.access(dest.parent, os.W_OK):
        raise PermissionError(13, "folder not writable", str(dest.parent))


@contextlib.contextmanager
def claim(dest: Path, *, exclusive: bool, force: bool):
    """Hold ``dest`` while a rerun writes it. ``exclusive`` (-o without --force): create it empty with O_EXCL, so a
    second writer finds it taken; it is removed again if nothing was written. Otherwise a lock file beside it
    (.<name>.lock, O_EXCL) keeps a second rerun to the same file out; --force skips the lock."""
    busy = (
        f"{dest} is being written by another rerun (or one that was killed left it{{}}); add --force to write it anyway"
    )
    target = dest if exclusive else dest.with_name(f".{dest.name}.lock")
    if force:
        yield
        return
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        if exclusive:
            raise ParamError(f"{dest} exists; add --force to overwrite it") from None
        raise ParamError(busy.format(f": remove {target} if no rerun is running")) from None
    os.close(fd)
    made = os.stat(target)
    try:
        yield
    finally:
        try:
            now = os.stat(target)
            if not exclusive or (now.st_ino == made.st_ino and now.st_size == 0):
                os.unlink(target)
        except FileNotFoundError:
            pass
