"""Results kept in .cache/ under the digest of everything they follow from (the inputs' bytes, the package's code and
the libraries' versions), so a rebuild skips work whose inputs did not change and gives the same bytes as without."""

from __future__ import annotations

import functools
import hashlib
import pickle
import sys
from importlib import metadata
from pathlib import Path

from . import paths
from .files import atomic_write_bytes

LIBRARIES = ("pandas", "pyarrow", "pandera", "numpy", "PyYAML", "altair", "vl-convert-python")


def sources(*parts: str) -> list[Path]:
    """The package's modules and word files; with ``parts``, only the top-level ones and those of the subpackages
    ``parts`` (which the layer rules let import nothing else)."""
    package = Path(__file__).resolve().parent
    found = (
        package.rglob("*") if not parts else [*package.glob("*"), *(q for p in parts for q in (package / p).rglob("*"))]
    )
    return sorted(p for p in found if p.suffix in (".py", ".yaml") and p.is_file())


@functools.cache
def code(*parts: str) -> str:
    """The digest of ``sources(*parts)`` and of the libraries the package computes with."""
    h = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} missing".encode())
    package = Path(__file__).resolve().parent
    for path in sources(*parts):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def key(*parts: bytes | str, code_of: tuple[str, ...] = ()) -> str:
    """One key for ``parts`` (each length-prefixed, so no two lists of parts give the same key) and the code
    (``code_of``: the subpackages that compute it, as ``code`` takes them; all of it by default)."""
    h = hashlib.sha256(code(*code_of).encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def _folder(kind: str) -> Path:
    return paths.CACHE / "memo" / kind


def load(kind: str, name: str, digest: str):
    """What ``store`` kept for ``name`` under ``digest``, or None (never kept, kept for other inputs, unreadable)."""
    path = _folder(kind) / f"{name}.{digest}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001  none kept, or a damaged entry: computed again
        return None


def store(kind: str, name: str, digest: str, value) -> None:
    """Keep ``value`` for ``name`` under ``digest`` (written whole), dropping what was kept for its earlier inputs. A
    cache that cannot be written (a read-only checkout, a full disk) keeps nothing: the work is only done again."""
    folder = _folder(kind)
    path = folder / f"{name}.{digest}.pickle"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        for old in folder.glob(f"{name}.*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return
