"""Pandera schemas of the built datasets: numeric facts share one schema, tables get theirs from metadata. The build
checks every dataset with them; a reader only when a file differs from the one the build checked, so pandera (about
0.2 s to import) is imported when a schema is first made, not with this module."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .facts import ENTITY_TYPES, FACT_COLUMNS, QUALIFIERS, ROW_KINDS
from .yamlfile import ID

if TYPE_CHECKING:
    import pandera.pandas as pa

DOCUMENT_IDS = ("000", "001", "002", "003", "004")

TABLE_BASE = ("id", "source", "section", "quote")


def _pandera():
    import pandera.pandas

    return pandera.pandas


def _text(nullable: bool = True, **kw) -> pa.Column:
    return _pandera().Column("str", nullable=nullable, **kw)


def facts_schema() -> pa.DataFrameSchema:
    pa = _pandera()
    num = dict(nullable=True, coerce=False)
    cols = {c: _text() for c in FACT_COLUMNS}
    cols.update(
        {
            "id": _text(False, unique=True, checks=pa.Check.str_matches(rf"^{ID.pattern}$")),
            "entity": _text(False),
            "entity_zh": _text(False),
            "entity_en": _text(False),
            "indicator": _text(False),
            "indicator_zh": _text(False),
            "indicator_en": _text(False),
            "entity_type": _text(False, checks=pa.Check.isin(ENTITY_TYPES)),
            "year": pa.Column("Int64", checks=pa.Check.in_range(1900, 2100), nullable=True),
            "value": pa.Column("float64", nullable=False),
            "value_low": pa.Column("float64", **num),
            "value_high": pa.Column("float64", **num),
            "unit": _text(False),
            "qualifier": _text(False, checks=pa.Check.isin(QUALIFIERS)),
            "kind": _text(False, checks=pa.Check.isin(ROW_KINDS)),
            "source": _text(False, checks=pa.Check.isin(DOCUMENT_IDS)),
            "section": _text(False),
        }
    )
    range_ok = pa.Check(
        lambda df: df["value_low"].isna() | ((df["value_low"] <= df["value"]) & (df["value"] <= df["value_high"])),
        name="value_low <= value <= value_high",
        element_wise=False,
    )
    derived_ok = pa.Check(
        lambda df: (df["kind"] != "derived") | (df["formula"].notna() & df["inputs"].notna()),
        name="derived rows have formula and inputs",
    )
    quoted_ok = pa.Check(
        lambda df: (df["kind"] == "derived") | df["quote"].notna(), name="non-derived rows have a quote"
    )
    return pa.DataFrameSchema(cols, strict=True, ordered=True, checks=[range_ok, derived_ok, quoted_ok])


def table_schema(columns: list[str], int_columns: list[str], list_columns: list[str]) -> pa.DataFrameSchema:
    pa = _pandera()
    cols = {}
    for c in columns:
        if c in TABLE_BASE:
            cols[c] = _text(False, unique=(c == "id"))
        elif c in int_columns:
            cols[c] = pa.Column("Int64", nullable=True)
        elif c in list_columns:
            cols[c] = pa.Column(object, nullable=True)
        else:
            cols[c] = _text()
    cols["source"] = _text(False, checks=pa.Check.isin(DOCUMENT_IDS))
    return pa.DataFrameSchema(cols, strict=True, ordered=True)


def describe_failures(exc: pa.errors.SchemaErrors, df: pd.DataFrame, limit: int = 5) -> str:
    """The first ``limit`` schema failures, one line each naming column, row and id, check and value."""
    lines = []
    for case in exc.failure_cases.head(limit).itertuples(index=False):
        index = getattr(case, "index", None)
        row = ""
        if index is not None and not pd.isna(index) and "id" in df.columns and int(index) < len(df):
            row = f" row {int(index)} (id {df['id'].iloc[int(index)]!r})"
        column = case.column if isinstance(case.column, str) else "(table)"
        lines.append(f"  column {column!r}{row}: {case.check} failed (value {case.failure_case!r})")
    more = len(exc.failure_cases) - limit
    return "\n".join(lines + ([f"  … and {more} more"] if more > 0 else []))


def validation_failures(schema: pa.DataFrameSchema, df: pd.DataFrame) -> str | None:
    """:func:`describe_failures` of ``df`` against ``schema``, or None when it passes."""
    try:
        schema.validate(df, lazy=True)
    except _pandera().errors.SchemaErrors as exc:
        return describe_failures(exc, df)
    return None
