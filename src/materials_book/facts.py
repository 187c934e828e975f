"""The facts table every numeric dataset shares: its columns, the words its coded columns allow, and how records
become one. The contract between the build (which writes it) and the readers; schemas.py checks it with pandera."""

from __future__ import annotations

import pandas as pd

# The words of the coded columns: how exact a value is, what kind of row it is, what kind of thing it is about.
QUALIFIERS = ("exact", "about", "more_than", "at_least", "less_than", "at_most", "nearly", "range", "target")
ROW_KINDS = ("stated", "derived", "target", "projection")
ENTITY_TYPES = (
    "material",
    "material_class",
    "mineral",
    "country",
    "industry",
    "technology",
    "sector",
    "company",
    "other",
)

FACT_COLUMNS = {
    "id": "stable identifier",
    "entity": "glossary key of what is measured",
    "entity_zh": "entity (Chinese)",
    "entity_en": "entity (English)",
    "entity_type": "material, mineral, country, …",
    "indicator": "glossary key of the measure",
    "indicator_zh": "indicator (Chinese)",
    "indicator_en": "indicator (English)",
    "region": "who the figure is about (CN, US, WORLD, …)",
    "group": "grouping key used by charts",
    "year": "year the figure refers to",
    "period": "period the figure refers to",
    "value": "value in the normalized unit (midpoint for ranges)",
    "value_low": "low end of a range",
    "value_high": "high end of a range",
    "value_as_written": "the number as written in the quote",
    "unit_as_written": "unit as written",
    "unit": "normalized unit",
    "qualifier": "exact, about, more_than, …",
    "kind": "stated, derived, target, projection",
    "formula": "formula of a derived value",
    "inputs": "ids of the inputs of a derived value (;-separated)",
    "source": "document id (data/raw/)",
    "section": "section of the document",
    "quote": "verbatim sentence",
    "note": "remark",
}


def frame(records: list[dict]) -> pd.DataFrame:
    """A facts DataFrame with the schema's column order and dtypes."""
    df = pd.DataFrame.from_records(records, columns=list(FACT_COLUMNS))
    for col in ("value", "value_low", "value_high"):
        df[col] = df[col].astype("float64")
    df["year"] = df["year"].astype("Int64")
    df["inputs"] = df["inputs"].map(lambda v: ";".join(v) if isinstance(v, list) else v)
    for col in df.columns:
        if col not in ("value", "value_low", "value_high", "year"):
            df[col] = df[col].astype("str").where(df[col].notna(), None)
    return df
