"""Static assets of the site, generated before the book build: the offline vega bundle and data downloads."""
from __future__ import annotations

from . import build, data, paths

BUNDLE = paths.STATIC / "vega-bundle.js"
DOWNLOADS = paths.STATIC / "data"


def _write_if_changed(path, content: bytes) -> bool:
    if path.exists() and path.read_bytes() == content:
        return False
    build.atomic_write_bytes(path, content)
    return True


def write_bundle() -> bool:
    """vega + vega-lite + vega-embed from vl-convert, wrapped in an IIFE so it does not clash with the theme."""
    import vl_convert

    js = "(function(){\n" + vl_convert.javascript_bundle() + "\n})();\n"
    return _write_if_changed(BUNDLE, js.encode("utf-8"))


def write_downloads() -> int:
    """Every dataset as CSV, Parquet and metadata JSON under _static/data/; returns files changed."""
    changed = 0
    for name in data.names():
        df = data.load(name)
        csv = df.to_csv(index=False).encode("utf-8-sig")
        changed += _write_if_changed(DOWNLOADS / f"{name}.csv", csv)
        changed += _write_if_changed(DOWNLOADS / f"{name}.parquet", paths.parquet(name).read_bytes())
        changed += _write_if_changed(DOWNLOADS / f"{name}.meta.json", paths.metadata(name).read_bytes())
    for old in DOWNLOADS.glob("*"):
        if old.name.split(".")[0] not in data.names():
            old.unlink()
    return changed


def main() -> int:
    write_bundle()
    write_downloads()
    return 0
