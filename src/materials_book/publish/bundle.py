"""The offline chart bundle (vega, vega-lite and vega-embed from vl-convert) as _static/vega-bundle.js."""

from __future__ import annotations

from .. import paths
from ..files import write_if_changed
from .vega import VERSION


def write_bundle() -> bool:
    """vega + vega-lite + vega-embed from vl-convert, wrapped in an IIFE so it does not clash with the theme. Kept in
    .cache/ by vl-convert's version (making it takes seconds; `make clean` keeps the cache)."""

    cached = paths.CACHE / f"vega-bundle-{VERSION}.js"
    if not cached.is_file():
        import vl_convert

        bundle = vl_convert.javascript_bundle()  # type: ignore[call-arg]  # its stub omits snippet's default
        write_if_changed(cached, ("(function(){\n" + bundle + "\n})();\n").encode("utf-8"))
    return write_if_changed(paths.BUNDLE, cached.read_bytes())
