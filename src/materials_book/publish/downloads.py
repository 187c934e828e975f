"""The data downloads of the site: every dataset as CSV, Parquet and metadata under _static/downloads/, and the rows
each chart draws as _static/downloads/charts/<chart id>.csv; files of datasets and charts that are gone removed."""

from __future__ import annotations

import re

import pandas as pd

from .. import data, paths
from ..files import remove_others, write_if_changed
from ..labels import LANGS
from . import notebooks


def write_downloads() -> int:
    """Every dataset as CSV, Parquet and metadata JSON under _static/downloads/; returns files changed."""
    changed = 0
    for name in data.names():
        df = data.load(name)
        csv = df.to_csv(index=False).encode("utf-8-sig")
        changed += write_if_changed(paths.DOWNLOADS / f"{name}.csv", csv)
        changed += write_if_changed(paths.DOWNLOADS / f"{name}.parquet", paths.parquet(name).read_bytes())
        changed += write_if_changed(paths.DOWNLOADS / f"{name}.meta.json", paths.metadata(name).read_bytes())
    remove_others(paths.DOWNLOADS, "*.*", set(data.names()), name=lambda p: p.name.split(".")[0])
    return changed


_CHART_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def write_chart_data(generated: dict[str, list[dict]] | None = None) -> int:
    """The data drawn by every chart of the committed notebooks and of the ``generated`` pages (chart id -> rows),
    as _static/downloads/charts/<chart id>.csv, from the manifest entry the renderer puts in each chart output's
    metadata."""
    wanted = dict(generated or {})
    for lang in LANGS:
        for path, _, outs in notebooks.committed(lang):
            for chart in (o["metadata"]["materials_book"] for o in outs if "materials_book" in o.get("metadata", {})):
                if not _CHART_ID.fullmatch(str(chart["chart"])):
                    raise ValueError(f"{path.name}: chart id {chart['chart']!r} is not a file name")
                wanted[chart["chart"]] = chart["rows"]
    out_dir = paths.DOWNLOADS / "charts"
    changed = 0
    for uid, rows in wanted.items():
        changed += write_if_changed(out_dir / f"{uid}.csv", pd.DataFrame(rows).to_csv(index=False).encode("utf-8-sig"))
    remove_others(out_dir, "*.csv", wanted)
    return changed
