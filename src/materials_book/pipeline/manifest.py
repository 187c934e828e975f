"""Whether the built data set is whole and follows from today's sources: every dataset of the sources built, every
file as the manifest records it, no file unknown, no source file changed since the build. Checked by the build (of
its own result), by ``data check`` and before any page is written; kernels only read the set (materials_book.data)."""

from __future__ import annotations

import hashlib

from .. import data, paths
from ..errors import DataError
from ..files import read_regular
from . import sources


def _sha256(path) -> str | None:
    """None when ``path`` is missing; a named pipe or device is refused unread (NotRegularFile), never waited on."""
    try:
        return hashlib.sha256(read_regular(path)).hexdigest()
    except FileNotFoundError:
        return None


def input_files() -> list:
    """The files the built set follows from: the YAML files of data/sources/ (datasets, glossary, units, documents,
    which pins the raw documents). Not differences.yaml nor the coverage lists, which change no dataset."""
    return sorted(
        p for p in paths.SOURCES.glob("*.yaml") if not p.name.startswith(".") and p != paths.DIFFERENCES and p.is_file()
    )


def input_hashes() -> dict[str, str | None]:
    return {f"data/sources/{p.relative_to(paths.SOURCES).as_posix()}": _sha256(p) for p in input_files()}


def expected() -> list[str]:
    """The datasets today's sources define: one per dataset source file, and the glossary."""
    return sources.datasets()


def problems() -> list[str]:
    """Why the built set is not whole or not current (empty when it is): datasets of the sources missing from the
    manifest or the other way round, files missing, changed since the build or unknown, and source files changed
    since the build."""
    try:
        m = data.manifest()
    except DataError as exc:
        return [str(exc)]
    found = []
    built = m["datasets"]
    want = expected()
    found += [f"dataset {n!r} (data/sources/{n}.yaml) is not built" for n in want if n not in built]
    found += [f"dataset {n!r} is built but has no source file any more" for n in built if n not in want]
    listed = {data.MANIFEST}
    for n, digests in sorted(built.items()):
        for kind, path in (("parquet", paths.parquet(n)), ("meta", paths.metadata(n))):
            listed.add(path.name)
            actual = _sha256(path)
            if actual is None:
                found.append(f"{paths.shown(path)} is missing")
            elif actual != digests.get(kind):
                found.append(
                    f"{paths.shown(path)} changed since it was built (SHA-256 {actual[:12]}…, manifest "
                    f"{str(digests.get(kind))[:12]}…)"
                )
    found += (
        [
            f"{paths.shown(p)}: unknown file in the built data"
            for p in sorted(paths.DATA.iterdir())
            if p.name not in listed and not p.name.startswith(".")
        ]
        if paths.DATA.is_dir()
        else []
    )
    found += sources.unknown_files()
    now = input_hashes()
    for f in sorted(now.keys() | m["inputs"].keys()):
        if now.get(f) != m["inputs"].get(f):
            what = "is new" if f not in m["inputs"] else "is gone" if f not in now else "changed"
            found.append(f"{f} {what} since the last data build")
    return found


def verify() -> None:
    """DataError listing every problem when the built set is not whole or not current."""
    found = problems()
    if found:
        raise DataError(
            f"the built data in {paths.shown(paths.DATA)}/ is incomplete or stale; {data.REBUILD}:\n"
            + "\n".join(f"  - {p}" for p in found)
        )
