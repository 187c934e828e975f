"""Atomic file writes (a temporary file in the same folder, then ``os.replace``; new files get the user's umask) and
whole folders switched in one step, reads that never block on a named pipe or a device, and file names derived from
content kept inside their folder."""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

# A file name the project derives from content (a chart id, a run's values): ASCII letters, digits and _ . , = + -,
# not starting with . or - (no hidden file, no "..", nothing read as an option), at most 200 characters.
SLUG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.,=+-]{0,199}")
_NOT_SLUG = re.compile(r"[^A-Za-z0-9_.,=+-]")


def slug(text: str) -> str:
    """``text`` with every character the slug rule does not allow replaced by _ (the length is the caller's)."""
    return _NOT_SLUG.sub("_", text)


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotRegularFile(OSError):
    """A path to be read that is a folder, a named pipe, a device or a socket, or a file larger than allowed."""


class UnsafeName(ValueError):
    """A file name derived from content that is not a slug or would land outside its folder."""


def kind(mode: int) -> str:
    """What a file of ``mode`` is, in words: a folder, a named pipe, … (a regular file: "a file")."""
    return next((word for test, word in _KINDS if test(mode)), "a file")


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of ``path`` when it is a regular file (a symlink to one is followed) of at most ``limit`` bytes;
    NotRegularFile otherwise. Opened without blocking and checked on the open descriptor, so a named pipe or a
    device is refused, never waited on or read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(errno.EINVAL, f"{kind(st.st_mode)}, not a regular file", str(path))
        if limit is not None and st.st_size > limit:
            raise NotRegularFile(errno.EFBIG, f"{st.st_size} bytes, larger than {limit // 1024**2} MB", str(path))
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read() if limit is None else fh.read(limit + 1)
    finally:
        if fd >= 0:
            os.close(fd)
    if limit is not None and len(data) > limit:
        raise NotRegularFile(errno.EFBIG, f"larger than {limit // 1024**2} MB", str(path))
    return data


def inside(folder: Path, name: str, rule: re.Pattern | None = SLUG) -> Path:
    """``folder / name`` for a file name derived from content: ``name`` must match ``rule`` (the slug rule unless
    None) and the path must stay in ``folder`` once resolved; UnsafeName otherwise."""
    if (
        not isinstance(name, str)
        or (rule is not None and not rule.fullmatch(name))
        or "/" in name
        or name in ("", ".", "..")
    ):
        raise UnsafeName(
            f"{str(name)[:80]!r} is not a file name (allowed: ASCII letters, digits and _ . , = + -, "
            "not first . or -, at most 200)"
        )
    path = folder / name
    if path.resolve().parent != folder.resolve():
        raise UnsafeName(f"{name!r} resolves outside {folder}")
    return path


def umask() -> int:
    """The process umask (read by setting it and setting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a new file gets from ``open()`` under the current umask (tempfile.mkstemp would give 0600)."""
    return 0o666 & ~umask()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never a half-written one. The file
    gets the mode any new file gets under the user's umask."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), file_mode())
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically write ``data`` unless ``path`` already holds it; True when written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    atomic_write_bytes(path, data)
    return True


def remove_others(folder: Path, pattern: str, keep, name=lambda p: p.stem) -> None:
    """Remove the files of ``folder`` matching ``pattern`` whose ``name`` (default: the stem) is not in ``keep``: what
    an earlier build wrote and this one no longer does."""
    for old in folder.glob(pattern):
        if old.is_file() and name(old) not in keep:
            old.unlink()


def write_folder(out: Path, files: dict[str, bytes]) -> None:
    """Make ``out`` hold exactly ``files`` (name -> bytes), switched in one step: readers and a failure at any point
    see the previous set or the new one, never a mixture. Files whose bytes did not change keep their time. The new
    folder is written beside ``out`` (.<name>.new-XXXX) and swapped in with Linux ``renameat2(RENAME_EXCHANGE)``, or
    with two renames where the file system cannot, after which ``recover`` undoes a crash between them."""
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    for leftover in out.parent.glob(f".{out.name}.new-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    new = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new-"))
    try:
        os.chmod(new, 0o777 & ~umask())
        for name, data in files.items():
            _write(new / name, data, out / name)
        _fsync(new)
        switch(new, out)
        _fsync(out.parent)
    finally:
        shutil.rmtree(new, ignore_errors=True)  # after the switch: the previous set


def _write(path: Path, data: bytes, previous: Path) -> None:
    if previous.is_file() and previous.stat().st_size == len(data) and previous.read_bytes() == data:
        shutil.copy2(previous, path)  # same bytes: keep the time, so make sees nothing new
        os.chmod(path, file_mode())
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, file_mode())
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux ``renameat2(RENAME_EXCHANGE)``; False where the C library or the file
    system cannot (then the caller renames twice)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _old(out: Path) -> Path:
    return out.with_name(f".{out.name}.old")


def switch(new: Path, out: Path) -> None:
    """Put the folder ``new`` in the place of ``out`` in one step; afterwards ``new`` holds the previous set (or
    nothing when there was none)."""
    if not out.exists():
        os.rename(new, out)
        return
    if exchange(new, out):
        return
    old = _old(out)
    shutil.rmtree(old, ignore_errors=True)
    os.rename(out, old)  # a crash right here leaves only the .old folder: recover() puts it back
    os.rename(new, out)
    os.rename(old, new)


def recover(out: Path) -> bool:
    """After a build that died between its two renames: put the previous set back. True when something was done."""
    old = _old(out)
    if old.is_dir() and not out.exists():
        os.rename(old, out)
        return True
    if old.is_dir():
        shutil.rmtree(old, ignore_errors=True)
    return False
