"""Each chart's Vega-Lite spec compiled to Vega when the book is built, so the reader's browser skips the Vega-Lite
compiler (about a tenth of a second on a chart page). The notebooks keep Vega-Lite, which authors read and Altair
writes; the page carries the Vega that vl-convert compiles from it, cached in .cache/ by content and compiler
version, so a rebuild compiles only charts that changed."""
from __future__ import annotations

import hashlib
import json
import re
from importlib.metadata import version

from .. import escape, paths
from ..files import atomic_write_bytes

SPEC = re.compile(r'(<script type="application/json" class="mb-spec">)(.*?)(</script>)', re.S)
VEGA_LITE = re.compile(r"/vega-lite/v(\d+\.\d+)")
VERSION = version("vl-convert-python")  # what vl-convert makes (these specs, the bundle) is cached under its version


def compiled(text: str) -> str:
    """The Vega spec (JSON) of the Vega-Lite spec ``text`` (JSON), for the Vega-Lite version its $schema names."""
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    cached = paths.CACHE / f"vega-{VERSION}" / f"{key}.json"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    import vl_convert

    spec = json.loads(text)
    found = VEGA_LITE.search(spec.get("$schema", ""))
    vega = json.dumps(vl_convert.vegalite_to_vega(spec, vl_version=found.group(1) if found else None),
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    atomic_write_bytes(cached, vega.encode("utf-8"))
    return vega


def compile_page(body: str) -> str:
    """``body`` with every chart's embedded Vega-Lite spec replaced by its Vega spec (still safe inside <script>)."""
    return SPEC.sub(lambda m: m.group(1) + escape.script_json(compiled(m.group(2))) + m.group(3), body)
