"""Derived rows: values computed from stated rows, each with its formula and input ids (kind ``derived``)."""
from __future__ import annotations

import pandas as pd

RULES: dict = {}


def has_rules(dataset: str) -> bool:
    return dataset in RULES


def derived(dataset: str, facts: pd.DataFrame) -> pd.DataFrame:
    """Derived rows of ``dataset`` computed from its stated rows."""
    return RULES[dataset](facts)
