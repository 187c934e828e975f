"""The formulas of derived values, as the data writes them and as code computes them: a derived row's ``formula``
names its inputs by role (``v0``, ``v1``, ``whole``, ``part``), and chapters recompute with the same functions."""

from __future__ import annotations

SHARE = "part / whole"
CAGR = "(v1 / v0) ** (1 / (y1 - y0)) - 1"
CHANGE = "v1 / v0 - 1"


def cagr(v0: float, v1: float, years: int) -> float:
    """Compound annual growth rate (a fraction) from ``v0`` to ``v1`` over ``years``."""
    if years <= 0 or v0 <= 0:
        raise ValueError(f"CAGR needs a positive start value and span, got v0={v0}, years={years}")
    return (v1 / v0) ** (1 / years) - 1


def roles(inputs: str) -> dict[str, str]:
    """Role -> id, from a derived row's stored ``inputs`` such as ``whole=<id>;part=<id>``."""
    return dict(pair.split("=", 1) for pair in inputs.split(";"))


def plain_number(value: float) -> str:
    """A number without a trailing .0 (values are never rounded here)."""
    return f"{value:g}" if float(value).is_integer() else repr(float(value))
