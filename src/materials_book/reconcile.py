"""000 against 001 (the same paper twice): does each number entered from 000 stand in 001 too?

001 uses ASCII punctuation, drops the reference marks [13-15] and the PDF's line breaks, so both texts are
normalized before comparing: whitespace removed, full-width punctuation mapped to ASCII, reference marks removed.
"""
from __future__ import annotations

import re

import pandas as pd

from . import data, sources

_PUNCT = str.maketrans({"，": ",", "（": "(", "）": ")", "：": ":", "；": ";", "％": "%", "～": "~", "⁃": "", "‐": ""})


def normalize(text: str) -> str:
    text = re.sub(r"\[\d+(?:[-,–]\d+)*\]", "", text)
    return sources.squash(text).translate(_PUNCT)


def table() -> pd.DataFrame:
    """One row per stated number from 000: quote found in 001, number found in 001, and the verdict."""
    web = normalize(sources.document_text("001"))
    rows = []
    for name in data.names():
        if data.meta(name)["kind"] != "facts":
            continue
        df = data.load(name)
        for r in df[(df["source"] == "000") & (df["kind"] != "derived")].itertuples():
            quote_in = normalize(r.quote) in web
            value_in = normalize(r.value_as_written) in web
            rows.append({"id": r.id, "dataset": name, "value_as_written": r.value_as_written, "quote_in_001": quote_in,
                         "value_in_001": value_in, "agrees": quote_in or value_in})
    return pd.DataFrame(rows, columns=["id", "dataset", "value_as_written", "quote_in_001", "value_in_001", "agrees"])
